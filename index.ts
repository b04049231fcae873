import { CredereAuth } from "./components";
import { loadStackSettings } from "./stacks/stack-settings";

// Validation happens here, before any resource is registered.
const auth = new CredereAuth("credere", loadStackSettings());

export const userPoolId = auth.userPoolId;
export const userPoolArn = auth.userPoolArn;
export const userPoolClientId = auth.userPoolClientId;
export const userPoolClientSecret = auth.userPoolClientSecret;
export const issuerUrl = auth.issuerUrl;
export const jwksUrl = auth.jwksUrl;
export const backendEnvironment = auth.backendEnvironment;
export const adminUsers = auth.adminUsers;
