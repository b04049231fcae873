import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { describeDrift, driftIn, errorsIn, parsePropertyPath } from "../scripts/drift-report";
import { PreviewDigest } from "../scripts/preview-document";
import { runCommand } from "./support/run-command";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";

/*
 * The fixtures are the documents the drift workflow writes for the production stack, shaped as the CLI
 * prints them (pulumi/pulumi pkg/backend/display/json.go, ShowPreviewDigest):
 * - refresh-*.json: `pulumi refresh --preview-only --json --target <pool> --target <client>`. Only the targets
 *   are refreshed (pkg/resource/deploy/step_generator.go, GenerateRefreshes). Each refresh step is printed
 *   when it starts, with newState = oldState (step.go, NewRefreshStep); when the refresh finds a difference the
 *   step is replaced by an `update` carrying the inverted provider diff (deployed -> live) and the live state,
 *   or by a `delete` without newState when the resource is gone (step.go, RefreshStep.Apply and ResultOp).
 * - preview-*.json: `pulumi preview --json --target <pool> --target <client>`: the root stack's `same` step,
 *   and a step for each target the program would change (oldState deployed, newState the program's).
 */
const fixtures = path.join(__dirname, "fixtures", "drift");
const load = (fixture: string): PreviewDigest => JSON.parse(fs.readFileSync(path.join(fixtures, fixture), "utf8"));
const POOL = "urn:pulumi:production::credere::credere:index:CredereAuth$aws:cognito/userPool:UserPool::credere-user-pool";
const CLIENT = "urn:pulumi:production::credere::credere:index:CredereAuth$aws:cognito/userPoolClient:UserPoolClient::credere-user-pool-client";

function checkDrift(refresh: string, preview: string): Promise<{ status: number | null; output: string }> {
    return runCommand(process.execPath, [...TS_NODE_SCRIPT, "scripts/check-drift.ts", "--refresh", refresh, "--preview", preview]);
}

describe("the drift check reads what pulumi refresh --preview-only and pulumi preview print", () => {
    it("finds no drift when the refresh left both resources as they were and the preview changes nothing", () => {
        assert.deepStrictEqual(
            load("refresh-clean.json").steps.map((step) => step.op),
            ["refresh", "refresh"],
        );
        assert.deepStrictEqual(driftIn(load("refresh-clean.json"), "refresh"), []);
        assert.deepStrictEqual(driftIn(load("preview-clean.json"), "preview"), []);
    });

    it("reports each property changed outside Pulumi, with its deployed and its live value", () => {
        assert.deepStrictEqual(driftIn(load("refresh-drifted.json"), "refresh").flatMap(describeDrift), [
            `DRIFT: update of ${POOL}: changed outside Pulumi since the last deployment (pulumi refresh --preview-only)`,
            `    mfaConfiguration (update): deployed "ON", live "OPTIONAL"`,
            "    passwordPolicy.minimumLength (update): deployed 14, live 8",
        ]);
    });

    it("reports a resource deleted outside Pulumi", () => {
        assert.deepStrictEqual(driftIn(load("refresh-client-deleted.json"), "refresh").flatMap(describeDrift), [
            `DRIFT: delete of ${CLIENT}: changed outside Pulumi since the last deployment (pulumi refresh --preview-only)`,
            "    the resource no longer exists",
        ]);
    });

    it("reports a program change not yet deployed, with the deployed and the program's value", () => {
        assert.deepStrictEqual(driftIn(load("preview-undeployed.json"), "preview").flatMap(describeDrift), [
            `DRIFT: update of ${POOL}: the program differs from the last deployment (pulumi preview)`,
            "    passwordPolicy.minimumLength (update): deployed 14, program 16",
        ]);
    });

    it("reports a change the document gives no property detail for, naming the changed keys, and a value known only after up", () => {
        const digest: PreviewDigest = {
            steps: [
                { op: "update", urn: POOL, diffReasons: ["userPoolTier"], detailedDiff: null },
                {
                    op: "replace",
                    urn: CLIENT,
                    oldState: { inputs: { userPoolId: "us-east-1_Qw3rT5yU7" } },
                    newState: { inputs: { userPoolId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } },
                    detailedDiff: { userPoolId: { kind: "update-replace", inputDiff: true } },
                },
            ],
        };
        assert.deepStrictEqual(driftIn(digest, "preview").map((drift) => drift.properties), [
            ["no property detail in the document: userPoolTier (run the same command with --diff to see it)"],
            ['userPoolId (update-replace): deployed "us-east-1_Qw3rT5yU7", program (known after pulumi up)'],
        ]);
    });

    it("prints a secret, and any part of one, as the mask the CLI printed in its place, never as absent", () => {
        // As getPreviewMetadataStep prints states (pkg/backend/display/json.go: stateForJSONOutput ->
        // MassageSecrets, SerializeResource with showSecrets false): each secret value, whole, as "[secret]".
        const digest: PreviewDigest = {
            steps: [
                {
                    op: "update",
                    urn: CLIENT,
                    oldState: { outputs: { clientSecret: "[secret]", analyticsConfiguration: "[secret]" } },
                    newState: { outputs: { clientSecret: "[secret]", analyticsConfiguration: "[secret]" } },
                    detailedDiff: { clientSecret: { kind: "update", inputDiff: false }, "analyticsConfiguration[0].externalId": { kind: "update", inputDiff: false } },
                },
            ],
        };
        assert.deepStrictEqual(driftIn(digest, "refresh").flatMap(describeDrift), [
            `DRIFT: update of ${CLIENT}: changed outside Pulumi since the last deployment (pulumi refresh --preview-only)`,
            "    clientSecret (update): deployed [secret], live [secret]",
            "    analyticsConfiguration[0].externalId (update): deployed [secret], live [secret]",
        ]);
        // The fixtures are shaped so: the client's secret is masked wherever a state holds it.
        const client = load("refresh-clean.json").steps.find((step) => step.urn === CLIENT)!;
        assert.strictEqual(client.oldState?.outputs?.clientSecret, "[secret]");
        assert.strictEqual(client.newState?.outputs?.clientSecret, "[secret]");
    });

    it("passes on the errors the CLI put in the document", () => {
        const digest: PreviewDigest = {
            steps: [],
            diagnostics: [
                { urn: POOL, message: "AccessDeniedException: not authorized to perform cognito-idp:DescribeUserPool\n", severity: "error" },
                { message: "a warning", severity: "warning" },
            ],
        };
        assert.deepStrictEqual(errorsIn(digest), [`${POOL}: AccessDeniedException: not authorized to perform cognito-idp:DescribeUserPool`]);
    });
});

describe("a property path, read as pulumi/pulumi sdk/go/common/resource/properties_path.go (parsePropertyPath) reads it", () => {
    it("splits names, indexes and quoted keys", () => {
        assert.deepStrictEqual(parsePropertyPath("passwordPolicy.minimumLength"), ["passwordPolicy", "minimumLength"]);
        assert.deepStrictEqual(parsePropertyPath("root.array[0][1].nested"), ["root", "array", 0, 1, "nested"]);
        assert.deepStrictEqual(parsePropertyPath('root["key with a ."]'), ["root", "key with a ."]);
        assert.deepStrictEqual(parsePropertyPath('["root key with \\"escaped\\" quotes"].nested'), ['root key with "escaped" quotes', "nested"]);
        assert.deepStrictEqual(parsePropertyPath("root.array[*].field"), ["root", "array", "*", "field"]);
        assert.deepStrictEqual(parsePropertyPath("foo-bar"), ["foo-bar"]);
    });
});

describe("scripts/check-drift.ts, as the drift workflow runs it", () => {
    const runs: Record<string, Promise<{ status: number | null; output: string }>> = {};
    before(() => {
        runs.clean = checkDrift(path.join(fixtures, "refresh-clean.json"), path.join(fixtures, "preview-clean.json"));
        runs.drifted = checkDrift(path.join(fixtures, "refresh-drifted.json"), path.join(fixtures, "preview-undeployed.json"));
        runs.unreadable = checkDrift(path.join(fixtures, "refresh-clean.json"), path.join(fixtures, "missing.json"));
    });

    it("exits 0 when nothing drifted", async () => {
        const { status, output } = await runs.clean;
        assert.strictEqual(status, 0, output);
        assert.match(output, /^check-drift: no drift in .*refresh-clean\.json and .*preview-clean\.json\.$/m);
    });

    it("exits 1 with every differing property in its log", async () => {
        const { status, output } = await runs.drifted;
        assert.strictEqual(status, 1, output);
        assert.match(output, /^ {4}mfaConfiguration \(update\): deployed "ON", live "OPTIONAL"$/m);
        assert.match(output, /^ {4}passwordPolicy\.minimumLength \(update\): deployed 14, live 8$/m);
        assert.match(output, /^ {4}passwordPolicy\.minimumLength \(update\): deployed 14, program 16$/m);
        assert.match(output, /check-drift: 2 drifted resource\(s\)\./);
    });

    it("exits 2 when a document cannot be read, naming the file and the command it should come from", async () => {
        const { status, output } = await runs.unreadable;
        assert.strictEqual(status, 2, output);
        assert.match(output.trim(), /^check-drift: cannot read .*missing\.json as the JSON of pulumi preview: ENOENT/);
    });
});
