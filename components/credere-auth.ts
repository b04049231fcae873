// Each AWS module by its own path, not the package's index: the index declares every AWS service, and
// every `pulumi preview` and `pulumi up` type-checks all that the program imports (Pulumi's runner
// compiles with ts-node, type checking on). By its own path: 1,232 declaration files instead of 3,828.
import * as cognito from "@pulumi/aws/cognito";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as ses from "@pulumi/aws/ses";
import type * as inputs from "@pulumi/aws/types/input";
import * as pulumi from "@pulumi/pulumi";
import { AdminUser } from "./admin-user";
import { BackendAccess, BackendKeyEnvironment, createBackendAccess } from "./backend-access";
import { CredereAuthArgs, ResolvedCredereAuthArgs, resolveCredereAuthArgs } from "./credere-auth-args";
import { createProvisioningRole, ProvisioningRole } from "./provisioning-role";

export const CREDERE_AUTH_TYPE = "credere:index:CredereAuth";

/**
 * The variables the Credere backend reads to reach its pool (credere-backend `app/settings.py`); the
 * operational user's key only when this component made that user (`createBackendUser`).
 */
export interface BackendEnvironment extends Partial<BackendKeyEnvironment> {
    AWS_REGION: string;
    COGNITO_POOL_ID: string;
    COGNITO_CLIENT_ID: string;
    COGNITO_CLIENT_SECRET: string;
}

/** One provisioned admin, as the stack exports it. */
export interface ProvisionedAdmin {
    email: string;
    /** The Cognito Username/sub, `credere_user.external_id`. */
    sub: string;
    credereUserId: number | null;
}

/**
 * Credere's Cognito set-up: the user pool, its app client and the first admin users, configured as
 * Credere's documentation prescribes (`cognito-setup.txt`, `baseline.md`).
 *
 * Child logical names derive from `name` and never change with settings: renaming the component or
 * moving it under another parent would replace the pool (every user lost), so pass `aliases` then.
 */
export class CredereAuth extends pulumi.ComponentResource {
    public readonly userPool: cognito.UserPool;
    public readonly userPoolClient: cognito.UserPoolClient;
    /**
     * The SES sending-authorization policy that lets Cognito's own mailer send From `sesIdentity`/`sesSourceArn`;
     * only with `emailSendingAccount: "COGNITO_DEFAULT"` and a custom From address.
     */
    public readonly sendingAuthorization?: ses.IdentityPolicy;
    public readonly admins: AdminUser[];
    /** The least-privileged database role admins are provisioned through, when `provisioningRole` is set. */
    public readonly provisioningRole?: ProvisioningRole;
    /** The backend's IAM access to this pool, when `backendUserName` or `createBackendUser` is set. */
    public readonly backendAccess?: BackendAccess;

    public readonly userPoolId: pulumi.Output<string>;
    public readonly userPoolArn: pulumi.Output<string>;
    public readonly userPoolClientId: pulumi.Output<string>;
    /** Secret. */
    public readonly userPoolClientSecret: pulumi.Output<string>;
    /** The pool's region, read from its id (`us-east-1_...`). */
    public readonly region: pulumi.Output<string>;
    /** The tokens' `iss` claim. */
    public readonly issuerUrl: pulumi.Output<string>;
    /** Where the pool's token signing keys are published. */
    public readonly jwksUrl: pulumi.Output<string>;
    /** Secret: the variables the Credere backend reads. */
    public readonly backendEnvironment: pulumi.Output<BackendEnvironment>;
    public readonly adminUsers: pulumi.Output<ProvisionedAdmin[]>;

    /** Throws CredereSettingsError, before anything is registered, when a setting would be refused. */
    constructor(name: string, args: CredereAuthArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = resolveCredereAuthArgs(args);
        super(CREDERE_AUTH_TYPE, name, {}, opts);

        this.sendingAuthorization = this.authorizeCognitoToSendFrom(name, settings);
        this.userPool = this.createUserPool(name, settings, this.sendingAuthorization);
        this.userPoolClient = this.createUserPoolClient(name, settings, this.userPool);
        this.region = this.userPool.id.apply(regionOfUserPoolId);
        if (settings.provisioningRole && settings.adminUsers.length > 0) {
            this.provisioningRole = createProvisioningRole(name, settings.provisioningRole, this);
        }
        this.admins = this.createAdminUsers(name, settings, this.userPool, this.region, this.provisioningRole);
        // The schema refuses both at once; createBackendUser makes a user when no existing one is named.
        if (settings.backendUserName !== undefined || settings.createBackendUser) {
            this.backendAccess = createBackendAccess(name, { userPoolArn: this.userPool.arn, existingUserName: settings.backendUserName }, this);
        }

        this.userPoolId = this.userPool.id;
        this.userPoolArn = this.userPool.arn;
        this.userPoolClientId = this.userPoolClient.id;
        this.userPoolClientSecret = pulumi.secret(this.userPoolClient.clientSecret);
        this.issuerUrl = pulumi.interpolate`https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.id}`;
        this.jwksUrl = pulumi.interpolate`${this.issuerUrl}/.well-known/jwks.json`;
        this.backendEnvironment = pulumi.secret(
            pulumi
                .all([this.region, this.userPoolId, this.userPoolClientId, this.userPoolClient.clientSecret, this.backendAccess?.keyEnvironment])
                .apply(([region, poolId, clientId, secret, key]): BackendEnvironment => ({
                    AWS_REGION: region,
                    ...key,
                    COGNITO_POOL_ID: poolId,
                    COGNITO_CLIENT_ID: clientId,
                    COGNITO_CLIENT_SECRET: secret,
                })),
        );
        this.adminUsers = pulumi.output(this.admins.map((admin) => ({ email: admin.email, sub: admin.sub, credereUserId: admin.credereUserId })));

        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            userPoolClientId: this.userPoolClientId,
            userPoolClientSecret: this.userPoolClientSecret,
            issuerUrl: this.issuerUrl,
            jwksUrl: this.jwksUrl,
        });
    }

    /**
     * The AWS provider updates a pool with UpdateUserPool, which resets every setting it is not sent
     * (terraform-provider-aws internal/service/cognitoidp/user_pool.go, resourceUserPoolUpdate): each setting a
     * console-made pool holds is declared here, with the console's value as the default, so that adopting such a
     * pool changes nothing unreviewed.
     */
    private createUserPool(name: string, settings: ResolvedCredereAuthArgs, sendingAuthorization?: ses.IdentityPolicy): cognito.UserPool {
        return new cognito.UserPool(
            `${name}-user-pool`,
            {
                name: settings.userPoolName,
                // Fixed at creation: changing any of these three replaces the pool and loses every user.
                usernameAttributes: ["email"],
                autoVerifiedAttributes: ["email"],
                usernameConfiguration: { caseSensitive: false },
                // Schema attributes can be added, never changed or removed (user_pool.go: "cannot modify or remove schema
                // items"). Each is declared exactly as DescribeUserPool returns it, or the provider plans a change every time.
                schemas: settings.requiredAttributes.length ? settings.requiredAttributes.map(requiredStandardAttribute) : undefined,
                passwordPolicy: {
                    minimumLength: settings.passwordMinimumLength,
                    requireLowercase: false,
                    requireUppercase: false,
                    requireNumbers: false,
                    requireSymbols: false,
                    temporaryPasswordValidityDays: settings.temporaryPasswordValidityDays,
                },
                mfaConfiguration: settings.mfaConfiguration,
                softwareTokenMfaConfiguration: { enabled: true },
                // The provider sends the template's three texts whenever the block is declared, "" for an undeclared one
                // (user_pool.go, expandAdminCreateUserConfigType), so all three are declared.
                adminCreateUserConfig: {
                    allowAdminCreateUserOnly: true,
                    inviteMessageTemplate: {
                        emailSubject: settings.invitationEmailSubject,
                        emailMessage: settings.invitationEmailMessage,
                        smsMessage: settings.invitationSmsMessage,
                    },
                },
                // Not sent when off: the provider then sends none, which UpdateUserPool turns off (user_pool.go sends an
                // empty list when the block is removed).
                userAttributeUpdateSettings: settings.keepOriginalEmailUntilVerified ? { attributesRequireVerificationBeforeUpdates: ["email"] } : undefined,
                userPoolTier: settings.userPoolTier,
                deviceConfiguration: deviceConfiguration(settings.rememberDevices),
                emailConfiguration: {
                    emailSendingAccount: settings.emailSendingAccount,
                    sourceArn: this.sesSourceArn(settings),
                    fromEmailAddress: settings.fromEmailAddress,
                },
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                deletionProtection: settings.deletionProtection ? "ACTIVE" : "INACTIVE",
            },
            { parent: this, protect: settings.protect, import: settings.importUserPoolId, dependsOn: sendingAuthorization },
        );
    }

    private createUserPoolClient(name: string, settings: ResolvedCredereAuthArgs, pool: cognito.UserPool): cognito.UserPoolClient {
        const importId = settings.importUserPoolClientId ? `${settings.importUserPoolId}/${settings.importUserPoolClientId}` : undefined;
        return new cognito.UserPoolClient(
            `${name}-user-pool-client`,
            {
                name: settings.userPoolClientName ?? settings.userPoolName,
                userPoolId: pool.id,
                // Changing this replaces the client: the backend's client id and secret change with it.
                generateSecret: true,
                explicitAuthFlows: settings.explicitAuthFlows,
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
                authSessionValidity: settings.authSessionValidity,
                // Declared with their units: the provider resets undeclared units to hours/hours/days while keeping the
                // live numbers (terraform-provider-aws user_pool_client.go, Update: "If removing `token_validity_units`,
                // reset to defaults"), and a console-made client's 60-minute tokens would become 60 hours, which
                // UpdateUserPoolClient refuses (at most 1 day).
                accessTokenValidity: settings.accessTokenValidityMinutes,
                idTokenValidity: settings.idTokenValidityMinutes,
                refreshTokenValidity: settings.refreshTokenValidityDays,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            },
            {
                parent: this,
                protect: settings.protect,
                import: importId,
                // The provider never reads generate_secret back (DescribeUserPoolClient has no such field; terraform-provider-aws
                // internal/service/cognitoidp/user_pool_client.go: Optional, RequiresReplace, not Computed;
                // hashicorp/terraform-provider-aws#20298), so an adopted client's state lacks it and `true` would plan a
                // replacement: a new client id and secret for the backend. The engine keeps the old value of an ignored
                // input in the import itself and in the update that follows it (pulumi/pulumi pkg/resource/deploy/step.go,
                // ImportStep.Apply, and step_generator.go, continueStepsFromImport, both -> processIgnoreChanges), but not
                // on a create: a client this component creates still gets a secret. The policy pack checks the live
                // secret of an adopted one (credere-client-has-secret).
                ignoreChanges: ["generateSecret"],
            },
        );
    }

    private createAdminUsers(
        name: string,
        settings: ResolvedCredereAuthArgs,
        pool: cognito.UserPool,
        region: pulumi.Output<string>,
        role: ProvisioningRole | undefined,
    ): AdminUser[] {
        return settings.adminUsers.map(
            (admin) =>
                new AdminUser(
                    `${name}-admin-${admin.resourceName ?? admin.email}`,
                    {
                        userPoolId: pool.id,
                        region,
                        email: admin.email,
                        name: admin.name,
                        language: admin.language,
                        type: admin.type,
                        databaseConnection: role?.connectionString,
                    },
                    // The role's grants must exist before it provisions anyone.
                    { parent: this, retainOnDelete: settings.retainAdminUsersOnDelete, dependsOn: role?.grants },
                ),
        );
    }

    /** The SES identity's ARN: given whole, or built from the identity and the deploying account and region. */
    private sesSourceArn(settings: ResolvedCredereAuthArgs): pulumi.Input<string> | undefined {
        if (settings.sesSourceArn !== undefined || settings.sesIdentity === undefined) {
            return settings.sesSourceArn;
        }
        const { partition, region, accountId } = this.deployment();
        return pulumi.interpolate`arn:${partition}:ses:${region}:${accountId}:identity/${settings.sesIdentity}`;
    }

    /**
     * With Cognito's own mailer (COGNITO_DEFAULT) and a custom From, AWS requires a sending-authorization policy on
     * the verified email-address identity for `email.cognito-idp.amazonaws.com`, else creating or updating the pool
     * fails with InvalidEmailRoleAccessPolicyException (Cognito developer guide, "Authorizing Amazon Cognito to send
     * Amazon SES email on your behalf"). With DEVELOPER (Amazon SES) Cognito sends through its service-linked role
     * AWSServiceRoleForAmazonCognitoIdpEmailService instead, and needs no such policy.
     *
     * The policy is made before the pool, so it cannot name the pool's ARN: it admits the user pools of the deploying
     * account and region (`aws:SourceAccount`, `aws:SourceArn` like `...:userpool/*`).
     */
    private authorizeCognitoToSendFrom(name: string, settings: ResolvedCredereAuthArgs): ses.IdentityPolicy | undefined {
        const identityArn = this.sesSourceArn(settings);
        if (settings.emailSendingAccount !== "COGNITO_DEFAULT" || identityArn === undefined) {
            return undefined;
        }
        const { partition, region, accountId } = this.deployment();
        const policy = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CognitoUserPoolsSendFromThisAddress",
                    Effect: "Allow",
                    Principal: { Service: ["email.cognito-idp.amazonaws.com"] },
                    Action: ["SES:SendEmail", "SES:SendRawEmail"],
                    Resource: identityArn,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": accountId },
                        ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:cognito-idp:${region}:${accountId}:userpool/*` },
                    },
                },
            ],
        });
        return new ses.IdentityPolicy(
            `${name}-cognito-sending-authorization`,
            // SES policy names: at most 64 letters, digits, - and _; one per pool, so both stacks can share an identity.
            { identity: identityArn, name: `cognito-${settings.userPoolName.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 64), policy },
            { parent: this },
        );
    }

    /** The deploying account, region and partition, read once from the AWS provider. */
    private deployment(): { partition: pulumi.Output<string>; region: pulumi.Output<string>; accountId: pulumi.Output<string> } {
        if (!this.deploymentInfo) {
            const invokeOptions = { parent: this };
            this.deploymentInfo = {
                partition: getPartitionOutput({}, invokeOptions).partition,
                region: getRegionOutput({}, invokeOptions).region,
                accountId: getCallerIdentityOutput({}, invokeOptions).accountId,
            };
        }
        return this.deploymentInfo;
    }
    private deploymentInfo?: { partition: pulumi.Output<string>; region: pulumi.Output<string>; accountId: pulumi.Output<string> };
}

/** A standard attribute made required, as DescribeUserPool returns it (user_pool.go, userPoolSchemaAttributeMatchesStandardAttribute). */
function requiredStandardAttribute(name: string): inputs.cognito.UserPoolSchema {
    return {
        name,
        attributeDataType: "String",
        developerOnlyAttribute: false,
        mutable: true,
        required: true,
        stringAttributeConstraints: { minLength: "0", maxLength: "2048" },
    };
}

/**
 * The console's "Remember user devices": no block is "Don't remember"; `deviceOnlyRememberedOnUserPrompt` false is
 * "Always", true is "User opt-in" (pulumi-aws UserPoolDeviceConfiguration). Remembered devices never skip MFA here.
 */
function deviceConfiguration(remember: string): inputs.cognito.UserPoolDeviceConfiguration | undefined {
    if (remember === "never") {
        return undefined;
    }
    return { challengeRequiredOnNewDevice: false, deviceOnlyRememberedOnUserPrompt: remember === "userOptIn" };
}

/** A user pool id starts with its region: `us-east-1_AbCdEf123`. */
export function regionOfUserPoolId(userPoolId: string): string {
    return userPoolId.split("_")[0];
}
