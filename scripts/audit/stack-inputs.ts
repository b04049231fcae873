// The stack's settings exactly as the program resolves them: the program's own CredereAuth, built from
// the stack's config by loadStackSettings as index.ts does, runs under Pulumi's mocks, and the inputs it
// registers for the user pool and the app client are recorded (with their import ids and ignoreChanges).
// The program's invokes for the deploying account, region and partition (the SES identity's ARN) are
// answered from the live pool's ARN, the account and region `pulumi up` would deploy to.
import * as pulumi from "@pulumi/pulumi";
import { CredereAuth } from "../../components";
import { loadStackSettings } from "../../stacks/stack-settings";

const USER_POOL_TYPE = "aws:cognito/userPool:UserPool";
const USER_POOL_CLIENT_TYPE = "aws:cognito/userPoolClient:UserPoolClient";

/** One resource as the program registers it. */
export interface RegisteredResource {
    inputs: Record<string, unknown>;
    importId?: string;
    /** Inputs whose changes the engine ignores: it keeps the old value (the resource option `ignoreChanges`). */
    ignoreChanges: string[];
}

export interface StackResources {
    pool: RegisteredResource;
    client: RegisteredResource;
}

/** Where the live pool is: its id and ARN (`arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`). */
export interface LivePoolLocation {
    poolId: string;
    poolArn: string;
}

const REGISTRATION_TIMEOUT_MS = 30_000;

/**
 * Runs the program for `stack` with `config` (the CLI's string form) and returns what it registers.
 * Throws the program's own error (CredereSettingsError) when the stack's settings are refused.
 */
export async function registeredStackResources(stack: string, config: Record<string, string>, location: LivePoolLocation): Promise<StackResources> {
    const [, partition = "aws", , region = "", account = ""] = location.poolArn.split(":");
    const inputs = new Map<string, { inputs: Record<string, unknown>; importId?: string }>();
    // A call the audit cannot answer stops the run with its own message, not a timeout.
    let stop: (error: Error) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                inputs.set(args.type, { inputs: args.inputs, importId: args.id || undefined });
                const id = args.type === USER_POOL_TYPE ? location.poolId : args.id || `${args.name}-audit`;
                const state = args.type === USER_POOL_TYPE ? { ...args.inputs, arn: location.poolArn } : args.inputs;
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return { accountId: account, id: account };
                    case "aws:index/getRegion:getRegion":
                        return { region, name: region, id: region };
                    case "aws:index/getPartition:getPartition":
                        return { partition, id: partition };
                    default: {
                        const error = new Error(`the audit cannot answer the program's call ${args.token}`);
                        stop(error);
                        throw error;
                    }
                }
            },
        },
        "credere",
        stack,
        false,
    );
    pulumi.runtime.setAllConfig(config);

    const options = new Map<string, pulumi.ResourceOptions>();
    const record: pulumi.ResourceTransformation = (args) => {
        options.set(args.type, args.opts);
        return undefined;
    };
    const auth = new CredereAuth("credere", loadStackSettings(), { transformations: [record] });
    await withTimeout(
        Promise.race([new Promise<void>((resolve) => pulumi.all([auth.userPoolId, auth.userPoolClientId, auth.userPoolArn]).apply(() => resolve())), stopped]),
        "the program to register the user pool and the app client",
    );
    const pool = inputs.get(USER_POOL_TYPE);
    const client = inputs.get(USER_POOL_CLIENT_TYPE);
    if (!pool || !client) throw new Error("the program registered no user pool or no app client");
    const optionsOf = (type: string) => ({ ignoreChanges: options.get(type)?.ignoreChanges ?? [] });
    return {
        pool: { ...pool, ...optionsOf(USER_POOL_TYPE) },
        client: { ...client, ...optionsOf(USER_POOL_CLIENT_TYPE) },
    };
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), REGISTRATION_TIMEOUT_MS);
    });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}
