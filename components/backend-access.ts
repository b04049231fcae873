import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";

/**
 * The Cognito actions the Credere backend's operational user needs on its pool, exactly as
 * open-contracting/credere-backend `docs/aws/iam.rst` ("Cognito") lists them: AdminCreateUser,
 * AdminSetUserPassword, AdminUpdateUserAttributes and AdminUserGlobalSignOut are called by `app/aws.py`
 * through boto3; AdminResetUserPassword and AdminInitiateAuth are "for testing and troubleshooting".
 * The rest of its calls (InitiateAuth, RespondToAuthChallenge, …) are allowed by the app client itself.
 */
export const BACKEND_COGNITO_ACTIONS = [
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminSetUserPassword",
    "cognito-idp:AdminResetUserPassword",
    "cognito-idp:AdminUpdateUserAttributes",
    "cognito-idp:AdminInitiateAuth",
    "cognito-idp:AdminUserGlobalSignOut",
] as const;

/** The logical name suffix of the managed policy; the policy pack finds the policy by it. */
export const BACKEND_POLICY_SUFFIX = "-backend-cognito";

/**
 * How the Credere backend reaches its pool. CredereAuth's settings (`backendUserName`, `createBackendUser`)
 * are validated by its argument schema, before this is built.
 */
export interface BackendAccessArgs {
    /** The user pool the backend administers. Example: `pool.arn`. Required. */
    userPoolArn: pulumi.Input<string>;
    /**
     * An existing IAM user to attach the policy to: Credere's operational user, which also holds SES
     * rights that this program does not manage (and whose access key stays outside Pulumi).
     * Example: `"credere-operational"`. Without it, an IAM user of its own is created with an access key
     * (a new development account without an operational user), whose id and secret are returned secret.
     */
    existingUserName?: string;
}

/** The backend variables that carry the operational user's key (`app/settings.py`: `aws_access_key`, `aws_client_secret`). */
export interface BackendKeyEnvironment {
    AWS_ACCESS_KEY: string;
    AWS_CLIENT_SECRET: string;
}

export interface BackendAccess {
    /** The managed policy granting BACKEND_COGNITO_ACTIONS on the pool and nothing else. */
    policy: iam.Policy;
    /** The user the policy is attached to: the existing one's name, or the created user's. */
    userName: pulumi.Output<string>;
    attachment: iam.UserPolicyAttachment;
    /** Only without `existingUserName`. */
    user?: iam.User;
    /** Only without `existingUserName`. */
    accessKey?: iam.AccessKey;
    /** Only without `existingUserName`: the key as the backend reads it; both values secret. */
    keyEnvironment?: pulumi.Output<BackendKeyEnvironment>;
}

/**
 * The managed policy's document: the six actions, on this pool only. `Resource` is the pool's ARN, so
 * neither another pool nor any other service is reachable through it.
 */
export function backendCognitoPolicyDocument(userPoolArn: string): iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "CredereBackendCognito", Effect: "Allow", Action: [...BACKEND_COGNITO_ACTIONS], Resource: userPoolArn }],
    };
}

/**
 * The Credere backend's Cognito access as code: a managed IAM policy attached to the operational user
 * named in `existingUserName`, or to a user of its own with an access key whose secret stays secret.
 */
export function createBackendAccess(name: string, args: BackendAccessArgs, parent: pulumi.Resource): BackendAccess {
    const resourceOptions = { parent };

    const policy = new iam.Policy(
        `${name}${BACKEND_POLICY_SUFFIX}`,
        {
            description: "Credere backend: the Cognito actions of credere-backend docs/aws/iam.rst, on this stack's user pool only",
            policy: pulumi.output(args.userPoolArn).apply((arn) => JSON.stringify(backendCognitoPolicyDocument(arn))),
        },
        resourceOptions,
    );

    let user: iam.User | undefined;
    let accessKey: iam.AccessKey | undefined;
    let keyEnvironment: pulumi.Output<BackendKeyEnvironment> | undefined;
    let userName: pulumi.Output<string>;
    if (args.existingUserName === undefined) {
        user = new iam.User(`${name}-backend-user`, { tags: { purpose: "credere-backend" } }, resourceOptions);
        accessKey = new iam.AccessKey(`${name}-backend-key`, { user: user.name }, resourceOptions);
        // The provider marks `secret` secret (additionalSecretOutputs), but that is applied by the engine:
        // wrap it here too, so it stays secret in this program whatever runs it.
        keyEnvironment = pulumi.secret(
            pulumi.all([accessKey.id, accessKey.secret]).apply(([id, secret]): BackendKeyEnvironment => ({ AWS_ACCESS_KEY: id, AWS_CLIENT_SECRET: secret })),
        );
        userName = user.name;
    } else {
        userName = pulumi.output(args.existingUserName);
    }

    const attachment = new iam.UserPolicyAttachment(`${name}-backend-cognito-attachment`, { user: userName, policyArn: policy.arn }, resourceOptions);
    return { policy, userName, attachment, user, accessKey, keyEnvironment };
}
