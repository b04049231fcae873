import type * as pulumi from "@pulumi/pulumi";

export const TEST_ACCOUNT_ID = "123456789012";
export const TEST_REGION = "us-east-1";

/** What `pulumi stack output --json --show-secrets` of a Credere stack looks like; a StackReference to it reads these. */
export const RECORDED_CREDERE_OUTPUTS = {
    userPoolId: "us-east-1_Recorded1",
    userPoolArn: `arn:aws:cognito-idp:us-east-1:${TEST_ACCOUNT_ID}:userpool/us-east-1_Recorded1`,
    userPoolClientId: "recordedclientid",
    userPoolClientSecret: "recorded-client-secret",
    issuerUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Recorded1",
    jwksUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Recorded1/.well-known/jwks.json",
    backendEnvironment: {
        AWS_REGION: "us-east-1",
        COGNITO_POOL_ID: "us-east-1_Recorded1",
        COGNITO_CLIENT_ID: "recordedclientid",
        COGNITO_CLIENT_SECRET: "recorded-client-secret",
    },
    adminUsers: [],
};
/**
 * What the providers answer for the Credere resources, in one place: the n-th resource created gets
 * ids and outputs numbered n (a pool `<region>_TestPooln`, a client `<name>-id-n` with secret
 * `client-secret-n`, an admin's sub `sub-n` and credere_user id n); an imported resource keeps its
 * import id. The invokes that give the deploying account, region and partition answer a test account
 * in `region` (the stack's `aws:region`, as the AWS provider reads its region from that config).
 * Shaped as Pulumi's `runtime.Mocks`, so the mocks and the test's ResourceMonitor answer alike.
 */
export function fakeCloud(region: string = TEST_REGION): pulumi.runtime.Mocks {
    let sequence = 0;
    return {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const id = args.id || fakeId(args, ++sequence, region);
            return { id, state: { ...args.inputs, ...computedState(args, sequence, region) } };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: TEST_ACCOUNT_ID, arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/test`, userId: "test", id: TEST_ACCOUNT_ID };
                case "aws:index/getRegion:getRegion":
                    return { region, name: region, id: region };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
                default:
                    throw new Error(`unexpected invoke ${args.token}`);
            }
        },
    };
}

function fakeId(args: pulumi.runtime.MockResourceArgs, sequence: number, region: string): string {
    if (args.type === "aws:cognito/userPool:UserPool") {
        return `${region}_TestPool${sequence}`;
    }
    return `${args.name}-id-${sequence}`;
}

function computedState(args: pulumi.runtime.MockResourceArgs, sequence: number, region: string): Record<string, unknown> {
    switch (args.type) {
        case "aws:cognito/userPool:UserPool":
            return { arn: `arn:aws:cognito-idp:${region}:${TEST_ACCOUNT_ID}:userpool/${args.id || fakeId(args, sequence, region)}` };
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { clientSecret: `client-secret-${sequence}` };
        case "pulumi-nodejs:dynamic/credere:AdminUser":
            return { sub: `sub-${sequence}`, credereUserId: sequence, cognitoUserCreated: true, credereUserCreated: true };
        case "aws:iam/policy:Policy":
            return { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/${args.name}` };
        case "aws:iam/user:User":
            return { name: `${args.name}-${sequence}`, arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${args.name}-${sequence}` };
        case "aws:iam/accessKey:AccessKey":
            return { secret: `access-key-secret-${sequence}` };
        case "random:index/randomPassword:RandomPassword":
            return { result: `generated${sequence}password` };
        case "pulumi:pulumi:StackReference":
            // As the engine's builtin provider reads a stack reference (pulumi/pulumi pkg/resource/deploy/builtins.go,
            // readStackReference): the outputs, and the sorted names of those holding secrets, which the SDK's
            // StackReference makes secret again (sdk/nodejs/stackReference.ts, isSecretOutputName).
            return { outputs: RECORDED_CREDERE_OUTPUTS, secretOutputNames: ["backendEnvironment", "userPoolClientSecret"] };
        default:
            return {};
    }
}
