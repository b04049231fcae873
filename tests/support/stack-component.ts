import * as pulumi from "@pulumi/pulumi";
import { CredereAuth } from "../../components";
import { loadStackSettings } from "../../stacks/stack-settings";
import { runWithMocks, valueOf } from "./pulumi-mocks";
import { stackConfig } from "./stack-config";

/**
 * Builds CredereAuth from a stack's settings (its stack file with `overrides`) under mocks, as
 * index.ts does, and records the resource options of each child, by logical name and by type.
 */
export async function buildStackComponent(stack: string, overrides: Record<string, unknown> = {}) {
    const optionsByName = new Map<string, pulumi.CustomResourceOptions>();
    const optionsByType = new Map<string, pulumi.CustomResourceOptions>();
    const record: pulumi.ResourceTransformation = (args) => {
        optionsByName.set(args.name, args.opts as pulumi.CustomResourceOptions);
        optionsByType.set(args.type, args.opts as pulumi.CustomResourceOptions);
        return undefined;
    };
    const run = await runWithMocks(stack, stackConfig(stack, overrides), () => new CredereAuth("credere", loadStackSettings(), { transformations: [record] }));
    await Promise.all([valueOf(run.result.backendEnvironment), valueOf(run.result.adminUsers)]);
    return { run, auth: run.result, optionsByName, optionsByType };
}
