import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

export const TEST_ACCOUNT_ID = "123456789012";
export const TEST_REGION = "us-east-1";

/** A resource as the engine would have been asked to register it. */
export interface RegisteredResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    importId?: string;
}

/** What the program registered, and the result of building it. */
export interface MockRun<T> {
    resources: RegisteredResource[];
    result: T;
    byType(type: string): RegisteredResource[];
    one(type: string): RegisteredResource;
}

const projectRoot = path.resolve(__dirname, "..", "..");

/**
 * Runs `build` under Pulumi's mocks for `stack` with `config` (the CLI's string form), recording each
 * resource registration. Cloud calls return fixed ids; the invokes that give the deploying account,
 * region and partition return a test account in the stack's `aws:region` (us-east-1 when unset), as the
 * AWS provider reads its region from that config; pool ids and ARNs carry that region too.
 */
export async function runWithMocks<T>(
    stack: string,
    config: Record<string, string>,
    build: () => T,
    // Another copy of @pulumi/pulumi's runtime, for a program that has its own (an installed consumer).
    runtime: typeof pulumi.runtime = pulumi.runtime,
    project = "credere",
): Promise<MockRun<T>> {
    const resources: RegisteredResource[] = [];
    let sequence = 0;
    const region = config["aws:region"] ?? TEST_REGION;
    await runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs, importId: args.id || undefined });
                return { id: args.id || fakeId(args, ++sequence, region), state: { ...args.inputs, ...computedState(args, sequence, region) } };
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
        },
        project,
        stack,
        false,
    );
    runtime.setAllConfig(config);
    forgetProjectModules();
    const result = build();
    const run: MockRun<T> = {
        resources,
        result,
        byType: (type) => resources.filter((resource) => resource.type === type),
        one: (type) => {
            const found = run.byType(type);
            if (found.length !== 1) {
                throw new Error(`expected one ${type}, registered ${found.length}`);
            }
            return found[0];
        },
    };
    await settle();
    return run;
}

// How Pulumi serializes a secret value in resource inputs.
const SECRET_SIGNATURE = ["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"];

/** The value inside a serialized secret input; fails when the value did not arrive as a secret. */
export function secretValue(serialized: any): any {
    if (serialized?.[SECRET_SIGNATURE[0]] !== SECRET_SIGNATURE[1]) {
        throw new Error(`expected a secret, got ${JSON.stringify(serialized)}`);
    }
    return serialized.value;
}

/** A value as Pulumi serializes a secret (the inverse of secretValue). */
export function asSecret(value: unknown): Record<string, unknown> {
    return { [SECRET_SIGNATURE[0]]: SECRET_SIGNATURE[1], value };
}

/** The value of an output, once the mocked engine has resolved it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Lets pending registrations reach the mocks. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

// The program reads config at import time: each run loads its modules afresh.
function forgetProjectModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(projectRoot) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.includes(`${path.sep}tests${path.sep}`)) {
            delete require.cache[file];
        }
    }
}

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
            return { outputs: RECORDED_CREDERE_OUTPUTS };
        default:
            return {};
    }
}
