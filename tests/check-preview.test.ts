import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PreviewDigest, readPreviewDigest } from "../scripts/preview-document";
import { describeChange, GuardedChange, guardedChanges, OptOutSettingError, parseUrn } from "../scripts/preview-guard";
import { expectedConfig, PULL_REQUESTS } from "./fixtures/previews/pull-requests";
import { runCommand } from "./support/run-command";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";

/*
 * The fixtures are `pulumi preview --json` documents as the CLI prints them (pulumi/pulumi
 * pkg/backend/display/json.go, ShowPreviewDigest and getPreviewMetadataStep; shapes in pkg/display/json.go,
 * PreviewDigest/PreviewStep, and sdk/go/common/apitype/core.go, ResourceV3, whose `omitempty` fields are left
 * out when empty). The steps follow pkg/resource/deploy/step_generator.go and step.go:
 * - a replacement is ReplaceStep (`replace`, logical) with CreateStep (`create-replacement`) and a pending
 *   DeleteStep (`delete-replaced`, or `discard-replaced` for a resource that was only read), an ImportStep
 *   (`import-replacement`) or a ReadStep (`read-replacement`); the non-logical ones are printed only with
 *   `--show-replacement-steps` (pkg/backend/display/display.go, shouldShow), so only the `*-steps.json`
 *   fixtures hold them;
 * - a `same` step is printed only for the root stack unless `--show-sames` (shouldShow; isRootStack);
 * - `config` is the stack's config merged with the project's defaults (pkg/workspace/config.go, mergeConfig
 *   and createConfigValue), every value a string and every secret "[secret]" (pkg/engine/events.go,
 *   preludeEvent, with the blinding decrypter of sdk/go/common/resource/config/crypt.go);
 * - a retained resource is removed by a plain `delete` whose oldState carries `retainOnDelete`
 *   (pkg/backend/display/json.go, stateForJSONOutput), and the engine then calls no provider (step.go,
 *   DeleteStep.Apply).
 */
const fixtures = path.join(__dirname, "fixtures", "previews");
const load = (fixture: string): PreviewDigest => JSON.parse(fs.readFileSync(path.join(fixtures, fixture), "utf8"));
const verdicts = (fixture: string) => guardedChanges(load(fixture)).map(({ verdict, operation, kind, name }) => `${verdict}: ${operation} of the ${kind} ${name}`);

const ADMIN = "credere-admin-admin@open-contracting.org";

/** A consumer project that nests CredereAuth in its own component (tests/fixtures/consumer). */
const CONSUMER_FIXTURES = ["consumer-nested-deletion.json"];
const REPLACEMENT_STEPS = ["create-replacement", "delete-replaced", "discard-replaced", "import-replacement", "read-replacement", "remove-pending-replace"];

/** Runs the guard as the workflows do (`npm run check-preview -- <file>`), or its script directly (faster). */
function checkPreview(file: string, via: "npm" | "node" = "node"): Promise<{ status: number | null; output: string }> {
    return via === "npm" ? runCommand("npm", ["run", "--silent", "check-preview", "--", file]) : runCommand(process.execPath, [...TS_NODE_SCRIPT, "scripts/check-preview.ts", file]);
}

describe("the preview fixtures are what a real `pulumi preview --json` prints", () => {
    const all = fs.readdirSync(fixtures).filter((file) => file.endsWith(".json"));

    it("cover every fixture file", () => {
        const previews = Object.keys(PULL_REQUESTS).filter((fixture) => fixture.startsWith("previews/")).map((fixture) => path.basename(fixture));
        assert.deepStrictEqual([...previews, ...CONSUMER_FIXTURES].sort(), all.sort());
    });

    it("show a replacement as one `replace` step, and its other steps only in the *-steps.json ones (--show-replacement-steps)", () => {
        for (const file of all) {
            const hidden = load(file).steps.filter((step) => REPLACEMENT_STEPS.includes(step.op)).map((step) => step.op);
            if (file.endsWith("-steps.json")) {
                assert.ok(hidden.length > 0, `${file} is named for --show-replacement-steps but has no replacement step`);
            } else {
                assert.deepStrictEqual(hidden, [], file);
            }
        }
    });

    it("show an unchanged resource only for the root stack (--show-sames is not used), and a detailedDiff on every step", () => {
        for (const file of all) {
            const steps = load(file).steps;
            assert.strictEqual(steps[0].op, "same", file);
            assert.strictEqual(parseUrn(steps[0].urn).type, "pulumi:pulumi:Stack", file);
            assert.deepStrictEqual(
                steps.slice(1).filter((step) => step.op === "same"),
                [],
                file,
            );
            // PreviewStep.DetailedDiff has no omitempty: null when the step has none.
            assert.ok(steps.every((step) => "detailedDiff" in step), file);
        }
    });

    it("hold the stack's config merged with the project's defaults, each value a string, the secret blinded (drift fixtures too)", () => {
        for (const fixture of Object.keys(PULL_REQUESTS)) {
            const { config } = JSON.parse(fs.readFileSync(path.join(fixtures, "..", fixture), "utf8"));
            assert.deepStrictEqual(config, expectedConfig(fixture), `${fixture}: run npx ts-node --transpile-only tests/fixtures/previews/update-config.ts`);
        }
    });
});

describe("the preview guard refuses replacing or deleting the pool, the client or an admin user", () => {
    it("passes a preview with no change and an in-place update of the password policy", () => {
        assert.deepStrictEqual(verdicts("no-change.json"), []);
        assert.deepStrictEqual(verdicts("password-policy-update.json"), []);
    });

    it("refuses a pool replacement and what it replaces with it, naming what forces each (replaceReasons, not every changed key)", () => {
        const lines = guardedChanges(load("pool-replacement.json")).map(describeChange);
        assert.deepStrictEqual(
            lines.map((line) => line.replace(/ \(urn:.*$/, "")),
            [
                "REFUSED: replace of the user pool credere-user-pool, because of: usernameAttributes",
                "REFUSED: replace of the app client credere-user-pool-client, because of: userPoolId",
                `REFUSED: replace of the admin user ${ADMIN}, because of: userPoolId`,
            ],
        );
    });

    it("refuses each step of a replacement printed with --show-replacement-steps: create-replacement, replace, delete-replaced", () => {
        assert.deepStrictEqual(verdicts("pool-replacement-steps.json"), [
            "refused: create-replacement of the user pool credere-user-pool",
            "refused: replace of the user pool credere-user-pool",
            "refused: create-replacement of the app client credere-user-pool-client",
            "refused: replace of the app client credere-user-pool-client",
            `refused: create-replacement of the admin user ${ADMIN}`,
            `refused: replace of the admin user ${ADMIN}`,
            `refused: delete-replaced of the admin user ${ADMIN}`,
            "refused: delete-replaced of the app client credere-user-pool-client",
            "refused: delete-replaced of the user pool credere-user-pool",
        ]);
    });

    it("refuses an import-replacement of the client (a changed or lost import id), as `replace` by default and step by step", () => {
        assert.deepStrictEqual(verdicts("client-import-replacement.json"), ["refused: replace of the app client credere-user-pool-client"]);
        assert.deepStrictEqual(verdicts("client-import-replacement-steps.json"), [
            "refused: import-replacement of the app client credere-user-pool-client",
            "refused: replace of the app client credere-user-pool-client",
            "refused: delete-replaced of the app client credere-user-pool-client",
        ]);
    });

    it("refuses a read-replacement (the managed pool given up for one read with .get) and a discard-replaced (a read pool replaced by a managed one)", () => {
        assert.deepStrictEqual(verdicts("pool-read-replacement-steps.json"), [
            "refused: read-replacement of the user pool credere-user-pool",
            "refused: replace of the user pool credere-user-pool",
            "refused: delete-replaced of the user pool credere-user-pool",
        ]);
        assert.deepStrictEqual(verdicts("pool-discard-replaced-steps.json"), [
            "refused: create-replacement of the user pool credere-user-pool",
            "refused: replace of the user pool credere-user-pool",
            "refused: discard-replaced of the user pool credere-user-pool",
        ]);
    });

    it("refuses deleting the pool, the client and an admin user of a stack that does not retain admins", () => {
        assert.deepStrictEqual(verdicts("pool-deletion.json"), [
            `refused: delete of the admin user ${ADMIN}`,
            "refused: delete of the app client credere-user-pool-client",
            "refused: delete of the user pool credere-user-pool",
        ]);
        assert.deepStrictEqual(verdicts("admin-deletion.json"), [`refused: delete of the admin user ${ADMIN}`]);
    });

    it("knows a guarded resource by the type its URN ends with, under any depth of parents and whatever its logical name", () => {
        // CredereAuth nested in a consumer's component: acme:index:Platform$credere:index:CredereAuth$<type>. The SSM
        // parameter named like the pool is not guarded.
        assert.deepStrictEqual(verdicts("consumer-nested-deletion.json"), [
            "refused: delete of the admin user platform-auth-admin-ops@example.org",
            "refused: delete of the app client platform-auth-user-pool-client",
            "refused: delete of the user pool platform-auth-user-pool",
        ]);
    });
});

describe("the preview guard and admin users retained on delete", () => {
    it("passes the removal of an admin deployed with retainOnDelete (production's setting): nothing is deleted, and says so", () => {
        const changes = guardedChanges(load("admin-deletion-retained.json"));
        assert.deepStrictEqual(changes.map(describeChange), [
            `retained, nothing is deleted (retainOnDelete): delete of the admin user ${ADMIN} (${changes[0].urn})`,
        ]);
    });

    it("refuses it when the stack now retains admins but this one was deployed without retainOnDelete: the engine follows the deployed state", () => {
        const [change] = guardedChanges(load("admin-deletion-retain-not-deployed.json"));
        assert.strictEqual(change.verdict, "refused");
        assert.match(describeChange(change), /credere:retainAdminUsersOnDelete is true, but this admin was last deployed without retainOnDelete.*deploy the setting first/);
    });

    it("still refuses replacing a retained admin: a new one is created in its place", () => {
        const replaced = guardedChanges(load("pool-replacement-steps.json")).filter((change) => change.kind === "admin user");
        assert.deepStrictEqual(
            replaced.map((change) => `${change.verdict} ${change.operation}`),
            ["refused create-replacement", "refused replace", "refused delete-replaced"],
        );
    });
});

describe("credere:allowReplacementOf, the stack's opt-out", () => {
    it("allows exactly the logical names it lists, and reports them", () => {
        const [change] = guardedChanges(load("client-replacement-allowed.json"));
        assert.strictEqual(describeChange(change), `allowed by credere:allowReplacementOf: replace of the app client credere-user-pool-client (${change.urn})`);
    });

    it("matches whole names: credere-user-pool does not allow credere-user-pool-client, nor the other way round", () => {
        const byName = (fixture: string) => Object.fromEntries(guardedChanges(load(fixture)).map((change: GuardedChange) => [change.name, change.verdict]));
        assert.deepStrictEqual(byName("opt-out-prefix-of-name.json"), { "credere-user-pool": "allowed", "credere-user-pool-client": "refused", [ADMIN]: "refused" });
        assert.deepStrictEqual(byName("opt-out-name-is-prefix.json"), { "credere-user-pool": "refused", "credere-user-pool-client": "allowed", [ADMIN]: "refused" });
    });

    it("refuses a value that is not a list of names, naming the setting, the value and what is allowed", () => {
        assert.throws(() => guardedChanges(load("opt-out-not-a-list.json")), (error: Error) => {
            assert.ok(error instanceof OptOutSettingError);
            assert.strictEqual(
                error.message,
                'credere:allowReplacementOf must be a list of logical resource names, e.g. ["credere-user-pool-client"] (in the stack file: a YAML list); ' +
                    `the preview's config holds "credere-user-pool-client", which is not a list`,
            );
            return true;
        });
        const listOfNumbers = { config: { "credere:allowReplacementOf": "[1]" }, steps: [] };
        assert.throws(() => guardedChanges(listOfNumbers), /credere:allowReplacementOf must be a list of logical resource names.*holds \[1\]$/);
        // An empty name, which the program refuses too (one rule: stacks/allow-replacement-of.ts).
        const emptyName = { config: { "credere:allowReplacementOf": '[""]' }, steps: [] };
        assert.throws(() => guardedChanges(emptyName), /credere:allowReplacementOf must be a list of logical resource names.*holds \[""\]$/);
    });
});

describe("a URN's type and logical name, read as pulumi/pulumi sdk/go/common/resource/urn/urn.go reads them (URN.Type, URN.Name)", () => {
    it("takes the type after the last $ of the qualified type, and the name after the third ::", () => {
        assert.deepStrictEqual(parseUrn("urn:pulumi:production::platform::acme:index:Platform$credere:index:CredereAuth$aws:cognito/userPool:UserPool::a$b::c"), {
            type: "aws:cognito/userPool:UserPool",
            name: "a$b::c",
        });
        assert.throws(() => parseUrn("credere-user-pool"), /not a Pulumi URN: credere-user-pool/);
    });
});

describe("reading a preview document", () => {
    it("says why a file is not one: missing, not JSON, or not shaped like a preview", () => {
        assert.match(String((readPreviewDigest(path.join(fixtures, "missing.json")) as { problem: string }).problem), /ENOENT/);
        assert.match(String((readPreviewDigest(path.join(__dirname, "fixtures", "consumer", "index.ts")) as { problem: string }).problem), /not valid JSON/);
        assert.deepStrictEqual(readPreviewDigest(path.join(__dirname, "..", "package.json")), { problem: "steps: Invalid input: expected array, received undefined" });
    });
});

describe("npm run check-preview, as the workflows run it", () => {
    const runs: Record<string, Promise<{ status: number | null; output: string }>> = {};
    before(() => {
        // Started together: each start of ts-node costs a second or more on a loaded machine.
        runs.retained = checkPreview(path.join(fixtures, "admin-deletion-retained.json"), "npm");
        runs.refused = checkPreview(path.join(fixtures, "pool-replacement.json"));
        runs.notAPreview = checkPreview(path.join(__dirname, "..", "package.json"));
        runs.badOptOut = checkPreview(path.join(fixtures, "opt-out-not-a-list.json"));
    });

    it("exits 0 when nothing is refused, reporting what it let through", async () => {
        const { status, output } = await runs.retained;
        assert.strictEqual(status, 0, output);
        assert.match(output, /retained, nothing is deleted \(retainOnDelete\): delete of the admin user/);
        assert.match(output, /no replacement or deletion of the pool, the client or an admin user beyond those allowed or retained\.$/m);
    });

    it("exits 1 on a refused change, with one line per change and how to opt out", async () => {
        const { status, output } = await runs.refused;
        assert.strictEqual(status, 1, output);
        assert.strictEqual(output.match(/^REFUSED: /gm)?.length, 3, output);
        assert.match(output, /3 change\(s\) would replace or delete what Credere cannot lose\. If intended, list the logical name\(s\) in credere:allowReplacementOf/);
    });

    it("exits 2 with one message, not a stack trace, when the file is not a preview document", async () => {
        const { status, output } = await runs.notAPreview;
        assert.strictEqual(status, 2, output);
        assert.match(output.trim(), /^check-preview: cannot read .*package\.json as a pulumi preview --json document: steps: Invalid input: expected array, received undefined$/);
    });

    it("exits 3 with one message, not a stack trace, when credere:allowReplacementOf is not a list", async () => {
        const { status, output } = await runs.badOptOut;
        assert.strictEqual(status, 3, output);
        assert.strictEqual(
            output.trim(),
            'check-preview: credere:allowReplacementOf must be a list of logical resource names, e.g. ["credere-user-pool-client"] (in the stack file: a YAML list); ' +
                `the preview's config holds "credere-user-pool-client", which is not a list`,
        );
    });
});
