import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as path from "path";
import { fakeCloud, RECORDED_CREDERE_OUTPUTS, TEST_ACCOUNT_ID, TEST_REGION } from "./fake-cloud";

// The fake cloud's constants, for the tests that import them from here.
export { RECORDED_CREDERE_OUTPUTS, TEST_ACCOUNT_ID, TEST_REGION };

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
    // The keys the CLI marks secret (PULUMI_CONFIG_SECRET_KEYS).
    secretKeys: string[] = [],
): Promise<MockRun<T>> {
    const resources: RegisteredResource[] = [];
    const cloud = fakeCloud(config["aws:region"] ?? TEST_REGION);
    await runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs, importId: args.id || undefined });
                return cloud.newResource(args);
            },
            call: (args: pulumi.runtime.MockCallArgs) => cloud.call(args),
        },
        project,
        stack,
        false,
    );
    runtime.setAllConfig(config, secretKeys);
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

/** Whether a value is a secret as Pulumi serializes one (the SDK's `specialSigKey`/`specialSecretSig`, runtime/rpc). */
export function isSerializedSecret(serialized: any): boolean {
    return serialized?.[specialSigKey] === specialSecretSig;
}

/** The value inside a serialized secret input; fails when the value did not arrive as a secret. */
export function secretValue(serialized: any): any {
    if (!isSerializedSecret(serialized)) {
        throw new Error(`expected a secret, got ${JSON.stringify(serialized)}`);
    }
    return serialized.value;
}

/** A value as Pulumi serializes a secret (the inverse of secretValue). */
export function asSecret(value: unknown): Record<string, any> {
    return { [specialSigKey]: specialSecretSig, value };
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
