import * as assert from "assert";
import { CredereAuth } from "../components";
import { AdminUserInputs, AdminUserOutputs } from "../components/admin-user-provider";
import { CredereFixture } from "./support/credere-fixtures";
import { runWithMocks, valueOf } from "./support/pulumi-mocks";
import { testServices } from "./support/services";

// How the engine's dynamic-provider process turns `__provider` back into a provider.
const requireFromString = require("require-from-string");
const { Config: DynamicProviderConfig } = require("@pulumi/pulumi/cmd/dynamic-provider/config");

const ADMIN_USER = "pulumi-nodejs:dynamic/credere:AdminUser";

describe("AdminUser as the Pulumi engine runs it", () => {
    let fixture: CredereFixture;
    let serializedProvider: string;

    before(async () => {
        fixture = new CredereFixture(await testServices());
        const run = await runWithMocks("dev", { "credere:databaseUrl": fixture.services.databaseUrl }, () =>
            new CredereAuth("credere", { userPoolName: "credere", adminUsers: [{ email: "admin@example.org", name: "Admin User" }] }),
        );
        await valueOf(run.result.adminUsers);
        serializedProvider = run.one(ADMIN_USER).inputs.__provider;
    });

    it("serializes the provider without the database connection string or its password", () => {
        assert.strictEqual(typeof serializedProvider, "string");
        assert.match(serializedProvider, /AdminCreateUserCommand/);
        const url = new URL(fixture.services.databaseUrl);
        assert.ok(!serializedProvider.includes(fixture.services.databaseUrl));
        assert.ok(!serializedProvider.includes(decodeURIComponent(url.password)));
    });

    it("creates, reads, updates and deletes an admin through the deserialized provider, configured with the secret URL", async () => {
        await fixture.emptyDatabase();
        const poolId = await fixture.newUserPool();
        const provider = requireFromString(serializedProvider).handler();
        await provider.configure({ config: new DynamicProviderConfig({ "credere:databaseUrl": fixture.services.databaseUrl }, "credere") });

        const inputs: AdminUserInputs = fixture.inputs(poolId);
        // The engine's news carry the serialized provider (sdk/nodejs/cmd/dynamic-provider/index.ts, `check`).
        const checked = await provider.check({}, { ...inputs, __provider: serializedProvider });
        assert.deepStrictEqual(checked, { inputs, failures: [] });

        const created: { id: string; outs: AdminUserOutputs } = await provider.create(checked.inputs);
        assert.strictEqual((await fixture.rows())[0].external_id, created.id);
        assert.strictEqual((await fixture.cognitoUser(poolId, created.id))!.email, "admin@example.org");

        const read = await provider.read(created.id, created.outs);
        assert.deepStrictEqual(read.props, created.outs);

        const renamed = { ...inputs, name: "Renamed Admin" };
        assert.strictEqual((await provider.diff(created.id, created.outs, renamed)).changes, true);
        const updated = await provider.update(created.id, created.outs, renamed);
        assert.strictEqual((await fixture.rows())[0].name, "Renamed Admin");

        await provider.delete(created.id, updated.outs);
        assert.deepStrictEqual(await fixture.rows(), []);
        assert.strictEqual(await fixture.cognitoUser(poolId, created.id), undefined);
    });
});
