import * as grpc from "@grpc/grpc-js";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigValue, DynamicProviderPlugin, PluginOptions, Properties, UNKNOWN } from "./support/dynamic-provider-plugin";
import { CredereFixture } from "./support/credere-fixtures";
import { buildStackComponent } from "./support/stack-component";
import { stackConfig } from "./support/stack-config";
import { testServices } from "./support/services";

// The AdminUser provider run by Pulumi's own plugin server (`@pulumi/pulumi/cmd/dynamic-provider`) in a
// child process, receiving over gRPC what the engine sends, in the engine's order, against cognito-local
// and PostgreSQL. tests/support/dynamic-provider-plugin.ts cites, for each request, the engine code
// (pulumi/pulumi pkg/resource/plugin/provider_plugin.go and pkg/resource/deploy/) it follows.

const projectDir = path.resolve(__dirname, "..");
const ADMIN_USER = "pulumi-nodejs:dynamic/credere:AdminUser";
const STAYING = { email: "plugin-admin@example.org", name: "Plugin Admin" };
const LEAVING = { email: "plugin-leaver@example.org", name: "Plugin Leaver", language: "en", type: "FI" };

/**
 * `actual` holds each of `expected`'s keys with its value: the checked inputs and the outputs this suite
 * knows. Other outputs the provider records for itself may be there too.
 */
function assertIncludes(actual: Properties, expected: Properties): void {
    assert.deepStrictEqual(Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]])), expected);
}

/** What the engine's state holds for one resource after a step: its id, checked inputs and outputs. */
interface ResourceState {
    urn: string;
    id: string;
    inputs: Properties;
    outputs: Properties;
}

describe("AdminUser through Pulumi's dynamic-provider plugin, driven as the engine drives it", function () {
    let fixture: CredereFixture;
    let poolId: string;
    let pluginOptions: PluginOptions;
    /** The whole stack config as the engine holds it, the database URL secret (set with `pulumi config set --secret`). */
    let config: Record<string, ConfigValue>;
    /** What the program registers for each admin, by email: `__provider` and the declared inputs. */
    const registered = new Map<string, { urn: string; inputs: Properties }>();
    const state = new Map<string, ResourceState>();
    let password: string;

    before(async () => {
        fixture = new CredereFixture(await testServices());
        await fixture.emptyDatabase();
        poolId = await fixture.newUserPool();
        password = decodeURIComponent(new URL(fixture.services.databaseUrl).password);

        const overrides = { "credere:adminUsers": [STAYING, LEAVING], "credere:databaseUrl": fixture.services.databaseUrl };
        config = Object.fromEntries(
            Object.entries(stackConfig("dev", overrides)).map(([key, value]) => [key, { value, secret: key === "credere:databaseUrl" }]),
        );
        // The program as index.ts builds it, under mocks: the inputs (with `__provider`) it registers.
        const { run } = await buildStackComponent("dev", overrides);
        for (const admin of run.byType(ADMIN_USER)) {
            registered.set(admin.inputs.email, { urn: `urn:pulumi:dev::credere::credere:index:CredereAuth$${ADMIN_USER}::${admin.name}`, inputs: admin.inputs });
        }
        assert.deepStrictEqual([...registered.keys()], [STAYING.email, LEAVING.email]);

        const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));
        // The plugin inherits the engine's environment: AWS_ENDPOINT_URL and test credentials from testServices().
        pluginOptions = { programDir: projectDir, project: project.name, stack: "dev", runtimeOptions: project.runtime.options, env: process.env };
    });

    /** The admin's inputs as the program registers them once its pool exists (or, in a preview, does not yet). */
    function programInputs(email: string, changes: Properties = {}): Properties {
        return { ...registered.get(email)!.inputs, userPoolId: poolId, ...changes };
    }

    function urnOf(email: string): string {
        return registered.get(email)!.urn;
    }

    describe("pulumi preview, up, refresh, up with changes, and an admin removed", () => {
        let plugin: DynamicProviderPlugin;

        before(async () => {
            plugin = await DynamicProviderPlugin.start(pluginOptions);
        });

        after(async () => {
            await plugin?.stop();
        });

        it("loads as the engine loads it: no handshake, the SDK's version, the config taken as sent, secrets wanted in plain text, no preview of creates", async () => {
            const loaded = await plugin.load(config);
            // The engine reads these answers to decide how to talk to the plugin from here on
            // (provider_plugin.go, `handshake`, `CheckConfig`, `provider.Configure`): no handshake, the
            // config accepted as sent, secrets sent in plain text, and no Create or Update during a preview.
            assert.strictEqual(loaded.handshake, grpc.status.UNIMPLEMENTED);
            assert.strictEqual(loaded.checkConfig, grpc.status.UNIMPLEMENTED);
            assert.strictEqual(loaded.version, require("@pulumi/pulumi/package.json").version);
            assert.strictEqual(loaded.configure.getAcceptsecrets(), false);
            assert.strictEqual(loaded.configure.getSupportspreview(), false);
        });

        it("accepts each admin's create during pulumi preview, the pool id still unknown, and hands the unknown back to be checked at up", async () => {
            // The engine checks a new resource's inputs with no olds and, in a preview, unknowns allowed
            // (pkg/resource/deploy/step_generator.go, `continueStepsFromImport`: `allowUnknowns :=
            // opts.DryRun`); provider_plugin.go `provider.Check` sends an unknown string as UnknownStringValue.
            for (const email of registered.keys()) {
                const news = programInputs(email, { userPoolId: UNKNOWN });
                const checked = await plugin.check(urnOf(email), {}, news);
                assert.deepStrictEqual(checked.failures, [], email);
                assert.deepStrictEqual(checked.inputs, news, email);
            }
            assert.deepStrictEqual(await fixture.rows(), [], "a preview creates nothing");
        });

        it("creates each admin at pulumi up: a Cognito user and the credere_user row linked to its sub, and outputs with their values", async () => {
            // language and type default to es and OCP (credere:adminUsers in the README).
            for (const admin of [{ language: "es", type: "OCP", ...STAYING }, LEAVING]) {
                const email = admin.email;
                const checked = await plugin.check(urnOf(email), {}, programInputs(email));
                assert.deepStrictEqual(checked.failures, [], email);
                const created = await plugin.create(urnOf(email), checked.inputs);

                const [row] = await fixture.rows(email);
                assert.deepStrictEqual(row, { id: row.id, type: admin.type, language: admin.language, email, name: admin.name, external_id: created.id });
                const cognitoUser = await fixture.cognitoUser(poolId, created.id);
                assert.deepStrictEqual([cognitoUser?.username, cognitoUser?.email, cognitoUser?.emailVerified], [created.id, email, "true"]);
                assertIncludes(created.properties, {
                    ...checked.inputs,
                    sub: created.id,
                    credereUserId: row.id,
                    cognitoUserCreated: true,
                    credereUserCreated: true,
                });
                state.set(email, { urn: urnOf(email), id: created.id, inputs: checked.inputs, outputs: created.properties });
            }
        });

        it("reads an admin back unchanged when pulumi refresh asks with its id and state", async () => {
            const { urn, id, inputs, outputs } = state.get(STAYING.email)!;
            const read = await plugin.read(urn, id, outputs, inputs);
            assert.strictEqual(read.id, id);
            assert.deepStrictEqual(read.properties, outputs);
        });

        it("renames an admin in place: Check and Diff plan an update, Update changes the row and returns the new inputs with its own outputs", async () => {
            const before = state.get(STAYING.email)!;
            const checked = await plugin.check(before.urn, before.inputs, programInputs(STAYING.email, { name: "Renamed Admin" }));
            assert.deepStrictEqual(checked.failures, []);
            const diff = await plugin.diff(before.urn, before.id, before.inputs, before.outputs, checked.inputs);
            assert.deepStrictEqual(diff, { changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });

            const [rowBefore] = await fixture.rows(STAYING.email);
            const outputs = await plugin.update(before.urn, before.id, before.inputs, before.outputs, checked.inputs);
            const rows = await fixture.rows(STAYING.email);
            assert.deepStrictEqual(rows, [{ ...rowBefore, name: "Renamed Admin" }]);
            assertIncludes(outputs, { ...checked.inputs, sub: before.id, credereUserId: rowBefore.id, cognitoUserCreated: true, credereUserCreated: true });
            state.set(STAYING.email, { ...before, inputs: checked.inputs, outputs });
        });

        it("drops from the state an input the program no longer passes (a provisioning role's databaseConnection), so the next up shows no change", async () => {
            // The state of an admin created while the stack had a provisioning role: its URL was an input.
            const current = state.get(STAYING.email)!;
            const withRole = { ...current.inputs, databaseConnection: fixture.services.databaseUrl };
            const old = { ...current, inputs: withRole, outputs: { ...current.outputs, databaseConnection: fixture.services.databaseUrl } };

            const checked = await plugin.check(old.urn, old.inputs, programInputs(STAYING.email, { name: "Renamed Admin" }));
            assert.strictEqual((await plugin.diff(old.urn, old.id, old.inputs, old.outputs, checked.inputs)).changes, "DIFF_SOME");
            const outputs = await plugin.update(old.urn, old.id, old.inputs, old.outputs, checked.inputs);
            assert.ok(!("databaseConnection" in outputs), `databaseConnection stayed in the outputs: ${Object.keys(outputs).join(", ")}`);
            assert.strictEqual((await plugin.diff(old.urn, old.id, checked.inputs, outputs, checked.inputs)).changes, "DIFF_NONE");
            state.set(STAYING.email, { ...current, inputs: checked.inputs, outputs });
        });

        it("reports a change after the row was edited by hand: refresh reads the edit, Diff compares it with the program, and up puts the program's value back", async () => {
            const current = state.get(STAYING.email)!;
            const rowId = current.outputs.credereUserId;
            await fixture.sql("UPDATE credere_user SET name = 'Edited By Hand' WHERE id = $1", [rowId]);

            const refreshed = await plugin.read(current.urn, current.id, current.outputs, current.inputs);
            assert.deepStrictEqual(refreshed.properties, { ...current.outputs, name: "Edited By Hand" });
            // The next up: the program still says "Renamed Admin"; Check, then Diff against the refreshed outputs.
            const checked = await plugin.check(current.urn, current.inputs, programInputs(STAYING.email, { name: "Renamed Admin" }));
            const diff = await plugin.diff(current.urn, current.id, current.inputs, refreshed.properties, checked.inputs);
            assert.deepStrictEqual(diff, { changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });

            const outputs = await plugin.update(current.urn, current.id, current.inputs, refreshed.properties, checked.inputs);
            assert.strictEqual((await fixture.rows(STAYING.email))[0].name, "Renamed Admin");
            assert.strictEqual(outputs.name, "Renamed Admin");
            state.set(STAYING.email, { ...current, inputs: checked.inputs, outputs });
        });

        it("refuses bad inputs with CheckFailures that name each property and its value, as an answer, not an error", async () => {
            const email = "not-an-email";
            const { failures } = await plugin.check(urnOf(STAYING.email), {}, programInputs(STAYING.email, { email, language: "fr" }));
            assert.deepStrictEqual(
                failures.map((failure) => failure.property),
                ["email", "language"],
            );
            assert.match(failures[0].reason, /^email .*"not-an-email".*email address/);
            assert.match(failures[1].reason, /^language .*"fr".*es, en/);
            assert.deepStrictEqual(await fixture.rows(email), []);
        });

        it("deletes an admin removed from the program: its Cognito user and its row", async () => {
            const { urn, id, inputs, outputs } = state.get(LEAVING.email)!;
            await plugin.delete(urn, id, inputs, outputs);
            assert.deepStrictEqual(await fixture.rows(LEAVING.email), []);
            assert.strictEqual(await fixture.cognitoUser(poolId, id), undefined);
            state.delete(LEAVING.email);
            assert.strictEqual((await fixture.rows(STAYING.email)).length, 1, "the other admin stays");
        });

        it("never shows the database password in what the plugin printed or logged", () => {
            assert.ok(!plugin.output.includes(password), plugin.output);
            assert.ok(!plugin.engineLogs.some((line) => line.includes(password)));
        });
    });

    describe("a later pulumi destroy", () => {
        it("deletes the remaining admin from a new plugin process, configured from the config stored at the last up", async () => {
            const { urn, id, inputs, outputs } = state.get(STAYING.email)!;
            // `pulumi destroy` loads the provider from the state (pkg/resource/deploy/deployment.go,
            // `EnsureProvider`; providers/registry.go, `Registry.Same`): a new process, Configure with the
            // provider's stored inputs, no Check, then Delete with the resource's stored state.
            const plugin = await DynamicProviderPlugin.start(pluginOptions);
            try {
                const loaded = await plugin.load(config, { fromState: true });
                assert.strictEqual(loaded.checkConfig, undefined);
                await plugin.delete(urn, id, inputs, outputs);
                assert.ok(!plugin.output.includes(password), plugin.output);
            } finally {
                await plugin.stop();
            }
            assert.deepStrictEqual(await fixture.rows(STAYING.email), []);
            assert.strictEqual(await fixture.cognitoUser(poolId, id), undefined);
        });
    });

    describe("an error, as the engine receives and shows it", () => {
        it("names the admin, the operation and the database, and holds the password nowhere: not in the gRPC error, not in what the plugin printed", async () => {
            // pg reads sslrootcert when the client is made: its own error names the file, password included.
            const secretPassword = "Plugin-Secret-Password";
            const databaseUrl = `postgresql://credere:${secretPassword}@127.0.0.1:1/credere?sslrootcert=/nonexistent/${secretPassword}`;
            const plugin = await DynamicProviderPlugin.start(pluginOptions);
            try {
                await plugin.load({ ...config, "credere:databaseUrl": { value: databaseUrl, secret: true } });
                const checked = await plugin.check(urnOf(STAYING.email), {}, programInputs(STAYING.email));
                // The SDK's plugin server answers a failed Create with the error's message as the gRPC status
                // details (sdk/nodejs/cmd/dynamic-provider/index.ts, `grpcResponseFromError`), which the CLI shows.
                const error = await plugin.create(urnOf(STAYING.email), checked.inputs).then(
                    () => assert.fail("create succeeded"),
                    (rejection: grpc.ServiceError) => rejection,
                );
                assert.match(error.details, /^AdminUser plugin-admin@example\.org: create: PostgreSQL at 127\.0\.0\.1:1\/credere \(from credere:databaseUrl\): the database URL cannot be used: /);
                assert.ok(!error.details.includes(secretPassword) && !error.message.includes(secretPassword), error.details);
                assert.ok(!plugin.output.includes(secretPassword), plugin.output);
                assert.ok(!plugin.engineLogs.some((line) => line.includes(secretPassword)));
            } finally {
                await plugin.stop();
            }
            assert.deepStrictEqual(await fixture.rows(STAYING.email), [], "nothing was created");
        });
    });
});
