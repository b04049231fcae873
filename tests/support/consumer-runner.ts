// Runs a consumer's program under mocks with the consumer's own installed @pulumi/pulumi, and prints
// what it registered, its exported outputs' values and which of them are secret, as JSON:
// `consumer-runner.ts <consumer dir> <program file>`.
import * as path from "path";
import { runWithMocks, valueOf } from "./pulumi-mocks";

async function main() {
    const [consumerDir, programFile] = process.argv.slice(2);
    const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [consumerDir] }));
    const run = await runWithMocks("dev", {}, () => require(path.resolve(consumerDir, programFile)), pulumi.runtime, "consumer");
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [name, value] of Object.entries(run.result as Record<string, any>)) {
        if (!pulumi.Output.isInstance(value)) continue;
        outputs[name] = await valueOf(value);
        if (await pulumi.isSecret(value)) secretOutputs.push(name);
    }
    process.stdout.write(JSON.stringify({ resources: run.resources, outputs, secretOutputs }));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
