import * as assert from "assert";
import { credereAuthArgsSchema } from "../components/credere-auth-args";
import { projectFile } from "./support/stack-config";

describe("Pulumi.yaml", () => {
    const project = projectFile();

    it("is the project credere", () => {
        assert.strictEqual(project.name, "credere");
    });

    it("declares every setting of the component, and the secret database URL", () => {
        const declared = Object.keys(project.config).sort();
        assert.deepStrictEqual(declared, [...Object.keys(credereAuthArgsSchema.shape), "databaseUrl"].sort());
        assert.strictEqual(project.config.databaseUrl.secret, true);
    });

    it("declares the same defaults as the component", () => {
        const defaults = credereAuthArgsSchema.parse({ userPoolName: "x" }) as Record<string, unknown>;
        for (const [key, declaration] of Object.entries(project.config)) {
            if (declaration.default !== undefined) {
                assert.deepStrictEqual(declaration.default, defaults[key], key);
            }
        }
    });
});
