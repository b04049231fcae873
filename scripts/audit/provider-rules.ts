// What `pulumi up` does when an input of the user pool or the app client differs from the live
// value, as the AWS provider decides it (@pulumi/aws 7.x bridges hashicorp/terraform-provider-aws):
//
// - internal/service/cognitoidp/user_pool.go, resourceUserPool(): the schema. `ForceNew` fields replace
//   the pool; `Optional` fields without `Computed` are part of the plan even when the program does not
//   declare them, so a live value the program does not declare is planned away ("reset"); `Optional`
//   + `Computed` fields keep the live value when undeclared; `Default` values are what Check fills in.
// - user_pool.go, resourceUserPoolUpdate(): the update sends UpdateUserPool with only what the plan
//   holds, and Cognito resets every setting it is not sent (API reference, UpdateUserPool: "If you
//   don't provide a value for an attribute, Amazon Cognito sets it to its default value"): what the
//   plan holds is what the pool keeps. The two blocks with `DiffSuppressFunc:
//   verify.SuppressMissingOptionalConfigurationBlock` (account_recovery_setting, email_configuration)
//   keep the live block when the program omits it: that is the function's documented purpose
//   (internal/verify/diff.go: "The operator's configuration omits the optional configuration block").
//   A changed `schema` that removes or modifies an attribute fails: "cannot modify or remove schema
//   items"; one that only adds calls AddCustomAttributes.
// - internal/service/cognitoidp/user_pool_client.go, userPoolClientResource.Schema(): every client
//   attribute is Optional + Computed with UseStateForUnknown (an undeclared live value is kept and sent
//   back), except `generate_secret` and `user_pool_id` (RequiresReplace) and the three blocks
//   (analytics_configuration, refresh_token_rotation, token_validity_units), which an undeclared plan
//   removes; Update then resets token_validity_units to hours/hours/days, and Read stores those default
//   units as no block (isDefaultTokenValidityUnits). The import never reads `generate_secret` back
//   (terraform-provider-aws#20298), so declaring it on an adopted client replaces the client.
//
// Which inputs are Computed can be checked in @pulumi/aws's own declarations: a Computed input's output
// type is not optional (`pulumi.Output<T>`, not `pulumi.Output<T | undefined>`); tests/audit.test.ts does.
//
// An input this table does not know is audited as "update in place" and says so.

/** What `pulumi up` would do about one difference. */
export type Action = "update in place" | "replace" | "fail" | "reset to default";

/** The effect of changing one input, from the provider's schema. */
export interface InputRule {
    /** A changed value: an in-place update, or a replacement (ForceNew / RequiresReplace). */
    onChange: "update in place" | "replace";
    /** A live value the program does not declare: kept (Optional + Computed, or a suppressed diff), or planned away (Optional). */
    whenUndeclared: "kept" | "reset";
    /** The provider's `Default`, filled in by Check when the program does not declare the input. */
    default?: unknown;
    /** A TypeSet: order does not matter. */
    unordered?: boolean;
    /** Known by the audit from the table (false for inputs it meets for the first time). */
    known?: boolean;
    /** A live value the provider's Read stores as no value at all (so it never shows as a difference). */
    absentWhen?: unknown;
}

const update = (whenUndeclared: InputRule["whenUndeclared"], extra: Partial<InputRule> = {}): InputRule => ({ onChange: "update in place", whenUndeclared, ...extra });
const replace = (whenUndeclared: InputRule["whenUndeclared"], extra: Partial<InputRule> = {}): InputRule => ({ onChange: "replace", whenUndeclared, ...extra });

/** aws:cognito/userPool:UserPool, by input path (nested blocks joined with "."). */
export const USER_POOL_RULES: Record<string, InputRule> = {
    name: replace("reset"),
    aliasAttributes: replace("reset", { unordered: true }),
    usernameAttributes: replace("reset", { unordered: true }),
    usernameConfiguration: update("kept"),
    "usernameConfiguration.caseSensitive": replace("reset"),
    autoVerifiedAttributes: update("reset", { unordered: true }),
    accountRecoverySetting: update("kept"),
    "accountRecoverySetting.recoveryMechanisms": update("reset", { unordered: true }),
    adminCreateUserConfig: update("kept"),
    "adminCreateUserConfig.allowAdminCreateUserOnly": update("reset"),
    "adminCreateUserConfig.inviteMessageTemplate": update("reset"),
    deletionProtection: update("reset", { default: "INACTIVE" }),
    deviceConfiguration: update("reset"),
    emailConfiguration: update("kept"),
    "emailConfiguration.emailSendingAccount": update("reset", { default: "COGNITO_DEFAULT" }),
    emailMfaConfiguration: update("reset"),
    emailVerificationMessage: update("kept"),
    emailVerificationSubject: update("kept"),
    lambdaConfig: update("reset"),
    mfaConfiguration: update("reset", { default: "OFF" }),
    passwordPolicy: update("kept"),
    "passwordPolicy.temporaryPasswordValidityDays": update("kept"),
    schemas: update("reset", { unordered: true }), // compared by schema-attributes.ts: removing or changing fails
    signInPolicy: update("kept"),
    smsAuthenticationMessage: update("reset"),
    smsConfiguration: update("kept"),
    smsVerificationMessage: update("kept"),
    softwareTokenMfaConfiguration: update("reset"),
    tags: update("reset"),
    userAttributeUpdateSettings: update("reset"),
    "userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdate": update("reset", { unordered: true }),
    userPoolAddOns: update("reset"),
    // Optional + Computed in @pulumi/aws 7.x (an output that is always set): an undeclared plan is kept.
    userPoolTier: update("kept"),
    verificationMessageTemplate: update("kept"),
    "verificationMessageTemplate.defaultEmailOption": update("reset", { default: "CONFIRM_WITH_CODE" }),
    "verificationMessageTemplate.emailMessage": update("kept"),
    "verificationMessageTemplate.emailMessageByLink": update("kept"),
    "verificationMessageTemplate.emailSubject": update("kept"),
    "verificationMessageTemplate.emailSubjectByLink": update("kept"),
    "verificationMessageTemplate.smsMessage": update("kept"),
    "smsConfiguration.snsRegion": update("kept"),
    webAuthnConfiguration: update("reset"),
};

/** aws:cognito/userPoolClient:UserPoolClient. */
export const USER_POOL_CLIENT_RULES: Record<string, InputRule> = {
    userPoolId: replace("kept"),
    generateSecret: replace("kept"),
    name: update("kept"),
    allowedOauthFlows: update("kept", { unordered: true }),
    allowedOauthScopes: update("kept", { unordered: true }),
    callbackUrls: update("kept", { unordered: true }),
    explicitAuthFlows: update("kept", { unordered: true }),
    logoutUrls: update("kept", { unordered: true }),
    readAttributes: update("kept", { unordered: true }),
    supportedIdentityProviders: update("kept", { unordered: true }),
    writeAttributes: update("kept", { unordered: true }),
    analyticsConfiguration: update("reset"),
    refreshTokenRotation: update("reset"),
    tokenValidityUnits: update("reset", { absentWhen: { accessToken: "hours", idToken: "hours", refreshToken: "days" } }),
    // A declared token_validity_units block fills in the provider's defaults for the units it leaves out.
    "tokenValidityUnits.accessToken": update("kept", { default: "hours" }),
    "tokenValidityUnits.idToken": update("kept", { default: "hours" }),
    "tokenValidityUnits.refreshToken": update("kept", { default: "days" }),
};

/** Every other client input is Optional + Computed: an update in place, kept when undeclared. */
const CLIENT_DEFAULT_RULE: InputRule = update("kept");

/** Inputs the engine or the provider handle outside the resource's own settings. */
export const NOT_SETTINGS = new Set(["region", "__defaults"]);

/** The rule for one input path; nested fields inherit `kept` from a kept parent, else are reset. */
export function ruleFor(resource: "pool" | "client", path: string): InputRule {
    const table = resource === "pool" ? USER_POOL_RULES : USER_POOL_CLIENT_RULES;
    const rule = table[path];
    if (rule) return { ...rule, known: true };
    if (resource === "client") return { ...CLIENT_DEFAULT_RULE, known: true };
    const parent = path.includes(".") ? table[path.split(".")[0]] : undefined;
    if (parent) return { onChange: parent.onChange, whenUndeclared: "reset", known: true };
    return { onChange: "update in place", whenUndeclared: "reset", known: false };
}

/** The action for a value that changes, or that the program does not declare. */
export function actionFor(rule: InputRule, declared: boolean): Action {
    if (rule.onChange === "replace") return "replace";
    return declared ? "update in place" : "reset to default";
}
