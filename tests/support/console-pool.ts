import {
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolClientCommandInput,
    CreateUserPoolCommand,
    CreateUserPoolCommandInput,
    DeleteUserPoolCommand,
    ExplicitAuthFlowsType,
    SetUserPoolMfaConfigCommand,
    SetUserPoolMfaConfigCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";

/** Credere's FROM address, a verified SES identity (baseline.md, "The user pool"). */
const CREDERE_FROM_ADDRESS = "credere@noreply.open-contracting.org";
const CREDERE_SENDER = `Credere por Open Contracting Partnership <${CREDERE_FROM_ADDRESS}>`;

/** The five auth flows of cognito-setup.txt's "Advanced app client settings". */
export const CONSOLE_AUTH_FLOWS: ExplicitAuthFlowsType[] = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH"];

/**
 * Cognito's default invitation message, which the console writes into the pool's template (texts as AWS
 * CDK's UserInvitationConfig documents Cognito's defaults).
 */
const DEFAULT_INVITATION = {
    EmailSubject: "Your temporary password",
    EmailMessage: "Your username is {username} and temporary password is {####}.",
    SMSMessage: "Your username is {username} and temporary password is {####}",
};

/** The requests the console sends for one stack's pool and client. */
export interface ConsoleRequests {
    createUserPool: CreateUserPoolCommandInput;
    /** Without UserPoolId: the console sends it once the pool exists. */
    setMfa: Omit<SetUserPoolMfaConfigCommandInput, "UserPoolId">;
    /** Without UserPoolId. */
    createClient: Omit<CreateUserPoolClientCommandInput, "UserPoolId">;
}

/**
 * The pool and client the Cognito console makes from cognito-setup.txt's steps, as API requests: each
 * step's value, and the console's own default for every setting the page does not mention, from AWS's
 * documentation of the console (Amazon Cognito Developer Guide):
 * - sign-in with email: usernames are emails, case-insensitive ("User name case sensitivity": the console
 *   creates case-insensitive pools), email verified automatically, and "Keep original attribute value
 *   active when an update is pending" selected ("Verifying updates to email addresses");
 * - the sign-up step's required attributes: `email`, proposed when email is the sign-in option;
 * - temporary passwords valid 7 days (the console's default), Cognito's default invitation texts (email
 *   subject, email body and SMS);
 * - deletion protection active ("Amazon Cognito activates Deletion protection by default when you create
 *   a new user pool in the AWS Management Console", "User pool deletion protection");
 * - the Essentials feature plan for new pools ("User pool feature plans"); account recovery by verified
 *   email only; verification by code; devices not remembered (no DeviceConfiguration: any DeviceConfiguration
 *   turns device tracking on, API reference DeviceConfigurationType);
 * - MFA required with authenticator apps: the console sets it with SetUserPoolMfaConfig after creating the pool;
 * - message delivery as the backend's docs give it per environment (baseline.md): development sends with
 *   Cognito from the verified identity's address, production through SES with the sender name;
 * - the app client with a secret, the five flows, and the console's token settings: 3-minute
 *   authentication sessions, 60-minute access and ID tokens, 30-day refresh tokens, user-existence
 *   errors prevented, token revocation on.
 */
export function consoleRequests(stack: "dev" | "production", sesIdentityArn: string): ConsoleRequests {
    const name = stack === "production" ? "credere-production" : "credere";
    return {
        createUserPool: {
            PoolName: name,
            UsernameAttributes: ["email"],
            UsernameConfiguration: { CaseSensitive: false },
            AutoVerifiedAttributes: ["email"],
            UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
            Schema: [
                {
                    Name: "email",
                    AttributeDataType: "String",
                    DeveloperOnlyAttribute: false,
                    Mutable: true,
                    Required: true,
                    StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
                },
            ],
            Policies: {
                PasswordPolicy: {
                    MinimumLength: 14,
                    RequireLowercase: false,
                    RequireUppercase: false,
                    RequireNumbers: false,
                    RequireSymbols: false,
                    TemporaryPasswordValidityDays: 7,
                },
            },
            AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, InviteMessageTemplate: DEFAULT_INVITATION },
            AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
            EmailConfiguration:
                stack === "production"
                    ? { EmailSendingAccount: "DEVELOPER", SourceArn: sesIdentityArn, From: CREDERE_SENDER }
                    : { EmailSendingAccount: "COGNITO_DEFAULT", SourceArn: sesIdentityArn },
            VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE" },
            DeletionProtection: "ACTIVE",
            UserPoolTier: "ESSENTIALS",
        },
        setMfa: { MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } },
        createClient: {
            ClientName: name,
            GenerateSecret: true,
            ExplicitAuthFlows: CONSOLE_AUTH_FLOWS,
            AuthSessionValidity: 3,
            AccessTokenValidity: 60,
            IdTokenValidity: 60,
            RefreshTokenValidity: 30,
            TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
            PreventUserExistenceErrors: "ENABLED",
            EnableTokenRevocation: true,
        },
    };
}

/** Makes the console's pool and client, with `change` applied to its requests first; returns their ids and the pool's ARN. */
export async function createConsolePool(
    cognito: CognitoIdentityProviderClient,
    stack: "dev" | "production",
    sesIdentityArn: string,
    change: (requests: ConsoleRequests) => void = () => undefined,
) {
    const requests = consoleRequests(stack, sesIdentityArn);
    change(requests);
    const { UserPool } = await cognito.send(new CreateUserPoolCommand(requests.createUserPool));
    const poolId = UserPool!.Id!;
    await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...requests.setMfa }));
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ...requests.createClient }));
    return { poolId, poolArn: UserPool!.Arn!, clientId: UserPoolClient!.ClientId! };
}

/**
 * The ARN of Credere's SES identity in the account and region of this Cognito endpoint, read from a
 * scratch pool's ARN (cognito-local answers `arn:aws:cognito-idp:local:local:…`, AWS the caller's).
 */
export async function sesIdentityArnAtEndpoint(cognito: CognitoIdentityProviderClient): Promise<string> {
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: `arn-probe-${Date.now()}` }));
    await cognito.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id! }));
    const [, partition, , region, account] = UserPool!.Arn!.split(":");
    return `arn:${partition}:ses:${region}:${account}:identity/${CREDERE_FROM_ADDRESS}`;
}
