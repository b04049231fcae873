export { BackendEnvironment, CredereAuth, CREDERE_AUTH_TYPE, ProvisionedAdmin, regionOfUserPoolId } from "./credere-auth";
export { AdminUserEntry, BASELINE_AUTH_FLOWS, CredereAuthArgs, CredereSettingsError, ResolvedCredereAuthArgs, resolveCredereAuthArgs } from "./credere-auth-args";
export { AdminUser, AdminUserArgs } from "./admin-user";
export { AdminUserInputs, AdminUserOutputs, AdminUserProvider } from "./admin-user-provider";
export { BACKEND_COGNITO_ACTIONS, BackendAccess, BackendKeyEnvironment } from "./backend-access";
