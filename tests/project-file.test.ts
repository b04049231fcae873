import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { BASELINE_AUTH_FLOWS, credereAuthArgsSchema } from "../components/credere-auth-args";
import { readProjectFile } from "../stacks/stack-config-file";
import { STACK_ONLY_KEYS } from "../stacks/stack-settings";

describe("Pulumi.yaml", () => {
    // As the CLI reads it (shorthand declarations rewritten).
    const project = readProjectFile();

    it("is the project credere", () => {
        assert.strictEqual(project.name, "credere");
    });

    it("runs index.ts, not the package's library entry point", () => {
        // Without `main`, Pulumi's Node.js host would run package.json's `exports` (dist/index.js).
        const raw = parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8")) as { main?: string };
        assert.strictEqual(raw.main, "index.ts");
    });

    it("requires a Pulumi CLI of 3.252.0 or later", () => {
        // sdk/go/common/workspace/project.go, Project.RequiredPulumiVersion (yaml "requiredPulumiVersion"),
        // checked by pkg/cmd/pulumi/operations (up, preview, refresh, destroy) with ValidatePulumiVersionRange.
        assert.strictEqual(project.requiredPulumiVersion, ">=3.252.0");
    });

    // pkg/workspace/config.go, mergeConfig: a project key with neither `default` nor `value` is required on
    // every stack, so only the one setting every stack must choose (the pool's name) may lack a default.
    it("declares only settings every stack can satisfy: each has a default except userPoolName", () => {
        const withoutDefault = Object.entries(project.config)
            .filter(([, declaration]) => declaration.default == null && declaration.value == null)
            .map(([key]) => key);
        assert.deepStrictEqual(withoutDefault, ["userPoolName"]);
    });

    it("declares only settings the program knows, each with a type", () => {
        const known = [...Object.keys(credereAuthArgsSchema.shape), ...STACK_ONLY_KEYS];
        for (const [key, declaration] of Object.entries(project.config)) {
            assert.ok(known.includes(key), `${key} is not a setting the program reads`);
            assert.ok(declaration.type, `${key} declares no type, so the CLI would not check it`);
        }
    });

    it("declares no secret: a secret's default is plaintext, which the CLI refuses; credere:databaseUrl is set per stack with --secret", () => {
        assert.deepStrictEqual(
            Object.entries(project.config).filter(([, declaration]) => declaration.secret).map(([key]) => key),
            [],
        );
        assert.strictEqual(project.config.databaseUrl, undefined);
    });

    it("declares the lists typed, with their baseline value or an empty list as default", () => {
        assert.deepStrictEqual(project.config.explicitAuthFlows, {
            type: "array",
            items: { type: "string" },
            description: project.config.explicitAuthFlows.description,
            default: BASELINE_AUTH_FLOWS,
        });
        assert.deepStrictEqual(project.config.adminUsers.default, []);
        assert.deepStrictEqual(project.config.adminUsers.items, { type: "object" });
        assert.deepStrictEqual(project.config.allowReplacementOf.default, []);
        assert.deepStrictEqual(project.config.allowReplacementOf.items, { type: "string" });
    });

    it("declares the same defaults as the component", () => {
        const defaults: Record<string, unknown> = { ...credereAuthArgsSchema.parse({ userPoolName: "x" }), allowReplacementOf: [] };
        const declaredDefaults = Object.entries(project.config).filter(([, declaration]) => declaration.default !== undefined);
        assert.strictEqual(declaredDefaults.length, Object.keys(project.config).length - 1);
        for (const [key, declaration] of declaredDefaults) {
            assert.deepStrictEqual(declaration.default, defaults[key], key);
        }
    });
});

