import * as assert from "assert";
import { credereAuthArgsSchema } from "../components/credere-auth-args";
import { STACK_ONLY_KEYS } from "../stacks/stack-settings";
import { projectFile } from "./support/stack-config";

describe("Pulumi.yaml", () => {
    const project = projectFile();

    it("is the project credere", () => {
        assert.strictEqual(project.name, "credere");
    });

    it("declares every setting of the component, the secret database URL and the replacement opt-out", () => {
        const declared = Object.keys(project.config).sort();
        assert.deepStrictEqual(declared, [...Object.keys(credereAuthArgsSchema.shape), ...STACK_ONLY_KEYS].sort());
        assert.strictEqual(project.config.databaseUrl.secret, true);
    });

    it("runs index.ts, not the package's library entry point", () => {
        // Without `main`, Pulumi's Node.js host would run package.json's `exports` (dist/index.js).
        assert.strictEqual((project as { main?: string }).main, "index.ts");
    });

    it("declares the same defaults as the component", () => {
        const defaults = credereAuthArgsSchema.parse({ userPoolName: "x" }) as Record<string, unknown>;
        const declaredDefaults = Object.entries(project.config).filter(([, declaration]) => declaration.default !== undefined);
        assert.ok(declaredDefaults.length >= 6, "the scalar settings declare their defaults");
        for (const [key, declaration] of declaredDefaults) {
            assert.deepStrictEqual(declaration.default, defaults[key], key);
        }
    });
});
