import * as assert from "assert";
import type { CredereSettingsError } from "../../components/credere-auth-args";
import { MockRun, runWithMocks } from "./pulumi-mocks";
import { stackConfig } from "./stack-config";

/** Runs the program (index.ts) under mocks for `stack` with `overrides` in its stack file; what it threw, if anything. */
export async function runProgram(overrides: Record<string, unknown>, stack = "dev"): Promise<{ run: MockRun<void>; thrown: unknown }> {
    let thrown: unknown;
    const run = await runWithMocks(stack, stackConfig(stack, overrides), () => {
        try {
            require("../../index");
        } catch (error) {
            thrown = error;
        }
    });
    return { run, thrown };
}

/**
 * The program's refusal of `overrides` in the dev stack, after asserting that it is a CredereSettingsError
 * (recognised by its name: each mocked run loads the program's modules afresh, so the class is another
 * copy) and that nothing at all was registered first.
 */
export async function refusedSettings(overrides: Record<string, unknown>): Promise<CredereSettingsError> {
    const { run, thrown } = await runProgram(overrides);
    assert.ok(thrown instanceof Error, "the program should have refused these settings");
    assert.strictEqual(thrown.name, "CredereSettingsError", thrown.stack);
    assert.deepStrictEqual(run.resources.map((resource) => resource.type), [], "nothing may be registered before validation");
    return thrown as CredereSettingsError;
}

/** Asserts that `message` contains each fragment. */
export function assertSays(message: string, ...fragments: string[]): void {
    for (const fragment of fragments) {
        assert.ok(message.includes(fragment), `expected the message to say ${JSON.stringify(fragment)}:\n${message}`);
    }
}
