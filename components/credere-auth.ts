import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AdminUser } from "./admin-user";
import { CredereAuthArgs, ResolvedCredereAuthArgs, resolveCredereAuthArgs } from "./credere-auth-args";
import { createProvisioningRole, ProvisioningRole } from "./provisioning-role";

export const CREDERE_AUTH_TYPE = "credere:index:CredereAuth";

/** The variables the Credere backend reads to reach its pool. */
export interface BackendEnvironment {
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
    public readonly userPool: aws.cognito.UserPool;
    public readonly userPoolClient: aws.cognito.UserPoolClient;
    public readonly admins: AdminUser[];
    /** The least-privileged database role admins are provisioned through, when `provisioningRole` is set. */
    public readonly provisioningRole?: ProvisioningRole;

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

        this.userPool = this.createUserPool(name, settings);
        this.userPoolClient = this.createUserPoolClient(name, settings, this.userPool);
        this.region = this.userPool.id.apply(regionOfUserPoolId);
        if (settings.provisioningRole && settings.adminUsers.length > 0) {
            this.provisioningRole = createProvisioningRole(name, settings.provisioningRole, this);
        }
        this.admins = this.createAdminUsers(name, settings, this.userPool, this.region, this.provisioningRole);

        this.userPoolId = this.userPool.id;
        this.userPoolArn = this.userPool.arn;
        this.userPoolClientId = this.userPoolClient.id;
        this.userPoolClientSecret = pulumi.secret(this.userPoolClient.clientSecret);
        this.issuerUrl = pulumi.interpolate`https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.id}`;
        this.jwksUrl = pulumi.interpolate`${this.issuerUrl}/.well-known/jwks.json`;
        this.backendEnvironment = pulumi.secret(
            pulumi.all([this.region, this.userPoolId, this.userPoolClientId, this.userPoolClient.clientSecret]).apply(([region, poolId, clientId, secret]): BackendEnvironment => ({
                AWS_REGION: region,
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

    private createUserPool(name: string, settings: ResolvedCredereAuthArgs): aws.cognito.UserPool {
        return new aws.cognito.UserPool(
            `${name}-user-pool`,
            {
                name: settings.userPoolName,
                // Fixed at creation: changing any of these three replaces the pool and loses every user.
                usernameAttributes: ["email"],
                autoVerifiedAttributes: ["email"],
                usernameConfiguration: { caseSensitive: false },
                passwordPolicy: {
                    minimumLength: settings.passwordMinimumLength,
                    requireLowercase: false,
                    requireUppercase: false,
                    requireNumbers: false,
                    requireSymbols: false,
                },
                mfaConfiguration: settings.mfaConfiguration,
                softwareTokenMfaConfiguration: { enabled: true },
                adminCreateUserConfig: { allowAdminCreateUserOnly: true },
                emailConfiguration: {
                    emailSendingAccount: settings.emailSendingAccount,
                    sourceArn: this.sesSourceArn(settings),
                    fromEmailAddress: settings.fromEmailAddress,
                },
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                deletionProtection: settings.deletionProtection ? "ACTIVE" : "INACTIVE",
            },
            { parent: this, protect: settings.protect, import: settings.importUserPoolId },
        );
    }

    private createUserPoolClient(name: string, settings: ResolvedCredereAuthArgs, pool: aws.cognito.UserPool): aws.cognito.UserPoolClient {
        const importId = settings.importUserPoolClientId ? `${settings.importUserPoolId}/${settings.importUserPoolClientId}` : undefined;
        return new aws.cognito.UserPoolClient(
            `${name}-user-pool-client`,
            {
                name: settings.userPoolClientName ?? settings.userPoolName,
                userPoolId: pool.id,
                // Changing this replaces the client: the backend's client id and secret change with it.
                generateSecret: true,
                explicitAuthFlows: settings.explicitAuthFlows,
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
            },
            { parent: this, protect: settings.protect, import: importId },
        );
    }

    private createAdminUsers(
        name: string,
        settings: ResolvedCredereAuthArgs,
        pool: aws.cognito.UserPool,
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
        const invokeOptions = { parent: this };
        const partition = aws.getPartitionOutput({}, invokeOptions).partition;
        const region = aws.getRegionOutput({}, invokeOptions).region;
        const accountId = aws.getCallerIdentityOutput({}, invokeOptions).accountId;
        return pulumi.interpolate`arn:${partition}:ses:${region}:${accountId}:identity/${settings.sesIdentity}`;
    }
}

/** A user pool id starts with its region: `us-east-1_AbCdEf123`. */
export function regionOfUserPoolId(userPoolId: string): string {
    return userPoolId.split("_")[0];
}
