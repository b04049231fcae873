// Reads the live pool, its MFA configuration and its app client, and maps them into the shape of the
// @pulumi/aws inputs, the way the AWS provider's Read fills its state after an import
// (terraform-provider-aws internal/service/cognitoidp/user_pool.go resourceUserPoolRead and its
// flatten* functions; user_pool_client.go Read through fwflex.Flatten).
import {
    CognitoIdentityProviderClient,
    DescribeUserPoolClientCommand,
    DescribeUserPoolCommand,
    GetUserPoolMfaConfigCommand,
    GetUserPoolMfaConfigCommandOutput,
    UserPoolClientType,
    UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { regionOfUserPoolId } from "../../components/credere-auth";

export type Settings = Record<string, unknown>;

/** The live resources in the provider's input shape. */
export interface LiveSettings {
    poolId: string;
    poolArn: string;
    pool: Settings;
    client?: Settings;
    clientId?: string;
    /** Whether the live client has a secret (DescribeUserPoolClient returns it). */
    clientHasSecret?: boolean;
    /**
     * Settings every AWS pool or client has a value for, which this endpoint did not return (an
     * emulator): the audit cannot compare them and says so.
     */
    notReported: { pool: Set<string>; client: Set<string> };
}

/** API member names whose input is not their camelCase form. */
const INPUT_NAMES: Record<string, string> = {
    ClientName: "name",
    CallbackURLs: "callbackUrls",
    LogoutURLs: "logoutUrls",
    AllowedOAuthFlows: "allowedOauthFlows",
    AllowedOAuthScopes: "allowedOauthScopes",
    AllowedOAuthFlowsUserPoolClient: "allowedOauthFlowsUserPoolClient",
    DefaultRedirectURI: "defaultRedirectUri",
    From: "fromEmailAddress",
    SMSMessage: "smsMessage",
    KMSKeyID: "kmsKeyId",
    CustomSMSSender: "customSmsSender",
    UserPoolTags: "tags",
    AttributesRequireVerificationBeforeUpdate: "attributesRequireVerificationBeforeUpdates",
};

/** Output-only members of UserPoolType and UserPoolClientType: never inputs. */
const READ_ONLY = new Set([
    "Id",
    "Arn",
    "CreationDate",
    "LastModifiedDate",
    "EstimatedNumberOfUsers",
    "Status",
    "Domain",
    "CustomDomain",
    "EmailConfigurationFailure",
    "SmsConfigurationFailure",
    "ClientId",
    "ClientSecret",
    // Deprecated; the provider does not model it (TemporaryPasswordValidityDays replaced it).
    "UnusedAccountValidityDays",
]);

function inputName(apiName: string): string {
    return INPUT_NAMES[apiName] ?? apiName.charAt(0).toLowerCase() + apiName.slice(1);
}

/** An API object as provider inputs: camelCase names, read-only members dropped, tags kept as written. */
function toInputShape(value: unknown, keepKeys = false): unknown {
    if (Array.isArray(value)) return value.map((item) => toInputShape(item));
    if (value instanceof Date) return value.toISOString();
    if (value === null || typeof value !== "object") return value;
    const result: Settings = {};
    for (const [key, member] of Object.entries(value)) {
        if (member === undefined || (!keepKeys && READ_ONLY.has(key))) continue;
        const name = keepKeys ? key : inputName(key);
        result[name] = toInputShape(member, name === "tags");
    }
    return result;
}

/** DescribeUserPool + GetUserPoolMfaConfig as the provider's state after an import. */
function poolSettings(pool: UserPoolType, mfa: GetUserPoolMfaConfigCommandOutput): Settings {
    const { Policies, SchemaAttributes, MfaConfiguration: _fromDescribe, ...rest } = pool;
    const settings = toInputShape(rest) as Settings;
    settings.passwordPolicy = toInputShape(Policies?.PasswordPolicy);
    settings.signInPolicy = toInputShape(Policies?.SignInPolicy);
    settings.schemas = (SchemaAttributes ?? []).map((attribute) => {
        const shaped = toInputShape(attribute) as Settings;
        // flattenSchemaAttributeTypes: the state names custom and developer attributes without their prefix.
        shaped.name = String(shaped.name ?? "").replace(/^dev:/, "").replace(/^custom:/, "");
        return shaped;
    });
    // flattenAccountRecoverySettingType / flattenUserAttributeUpdateSettingsType: no mechanism, no attribute = no block.
    const recovery = settings.accountRecoverySetting as Settings | undefined;
    if (!(recovery?.recoveryMechanisms as unknown[] | undefined)?.length) delete settings.accountRecoverySetting;
    const attributeUpdates = settings.userAttributeUpdateSettings as Settings | undefined;
    if (!(attributeUpdates?.attributesRequireVerificationBeforeUpdate as unknown[] | undefined)?.length) delete settings.userAttributeUpdateSettings;
    // resourceUserPoolRead takes the MFA settings from GetUserPoolMfaConfig.
    settings.mfaConfiguration = mfa.MfaConfiguration;
    settings.softwareTokenMfaConfiguration = mfa.SoftwareTokenMfaConfiguration ? { enabled: mfa.SoftwareTokenMfaConfiguration.Enabled ?? false } : undefined;
    settings.emailMfaConfiguration = toInputShape(mfa.EmailMfaConfiguration);
    settings.webAuthnConfiguration = toInputShape(mfa.WebAuthnConfiguration);
    return dropUndefined(settings);
}

/** DescribeUserPoolClient as the provider's state after an import: `generateSecret` is never read back. */
function clientSettings(client: UserPoolClientType): Settings {
    return dropUndefined(toInputShape(client) as Settings);
}

/** Reads the live pool (and client) with the SDK's default credential chain; AWS_ENDPOINT_URL is the SDK's own. */
export async function readLiveSettings(userPoolId: string, clientId: string | undefined, cognito: CognitoIdentityProviderClient): Promise<LiveSettings> {
    const [{ UserPool: pool }, mfa] = await Promise.all([
        cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
        cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId })),
    ]);
    if (!pool) throw new Error(`DescribeUserPool returned no pool for ${userPoolId}`);
    const live: LiveSettings = {
        poolId: userPoolId,
        poolArn: pool.Arn ?? "",
        pool: poolSettings(pool, mfa),
        notReported: { pool: new Set(), client: new Set() },
    };
    // Every pool has a deletion protection state and a feature plan (API reference, UserPoolType).
    if (pool.DeletionProtection === undefined) live.notReported.pool.add("deletionProtection");
    if (pool.UserPoolTier === undefined) live.notReported.pool.add("userPoolTier");
    if (clientId) {
        const { UserPoolClient: client } = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
        if (!client) throw new Error(`DescribeUserPoolClient returned no client for ${clientId}`);
        live.clientId = clientId;
        live.client = clientSettings(client);
        live.clientHasSecret = Boolean(client.ClientSecret);
        // Every client has an authentication session validity, 3 to 15 minutes (API reference, UserPoolClientType).
        if (client.AuthSessionValidity === undefined) live.notReported.client.add("authSessionValidity");
    }
    return live;
}

/** A Cognito client for the pool's region (its id starts with it), credentials from the default chain. */
export function cognitoClient(userPoolId: string): CognitoIdentityProviderClient {
    return new CognitoIdentityProviderClient({ region: regionOfUserPoolId(userPoolId), maxAttempts: 6 });
}

function dropUndefined(settings: Settings): Settings {
    return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
