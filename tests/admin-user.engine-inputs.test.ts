import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AdminUser } from "../components/admin-user";
import { AdminUserInputs, AdminUserOutputs } from "../components/admin-user-provider";
import { CredereFixture } from "./support/credere-fixtures";
import { valueOf } from "./support/pulumi-mocks";
import { testServices } from "./support/services";

// How the engine's dynamic-provider process turns `__provider` back into a provider.
const requireFromString = require("require-from-string");
const { Config: DynamicProviderConfig } = require("@pulumi/pulumi/cmd/dynamic-provider/config");
// The placeholder the engine sends for a value not known during a preview (pulumi/pulumi sdk/nodejs/runtime/rpc.ts, `unknownValue`).
const { unknownValue } = require("@pulumi/pulumi/runtime/rpc");

describe("AdminUser with the inputs and outputs the engine really exchanges", () => {
    let fixture: CredereFixture;
    let poolId: string;

    before(async () => {
        fixture = new CredereFixture(await testServices());
    });

    beforeEach(async () => {
        await fixture.emptyDatabase();
        poolId = await fixture.newUserPool();
    });

    describe("check", () => {
        it("ignores __provider and any other key the engine adds to news, and returns only the declared inputs", async () => {
            // The SDK's plugin server passes `news` whole to check, `__provider` included, and puts
            // `__provider` back into what check returns (sdk/nodejs/cmd/dynamic-provider/index.ts, `check`).
            const provider = await fixture.provider();
            const inputs = fixture.inputs(poolId);
            const news = { ...inputs, __provider: "exports.handler = ...", someEngineKey: 1 } as unknown as AdminUserInputs;
            const checked = await provider.check({} as AdminUserInputs, news);
            assert.deepStrictEqual(checked, { inputs, failures: [] });
        });

        it("passes unknown values through unvalidated during a preview, so the engine checks them again at up", async () => {
            const provider = await fixture.provider();
            const news = fixture.inputs(unknownValue, { email: unknownValue, language: unknownValue, name: "Admin User" });
            const checked = await provider.check({} as AdminUserInputs, news);
            assert.deepStrictEqual(checked.failures, []);
            assert.deepStrictEqual(checked.inputs, { ...news, type: "OCP" });
        });

        it("still names a bad known value next to unknown ones", async () => {
            const provider = await fixture.provider();
            const news = fixture.inputs(unknownValue, { email: unknownValue, language: "fr" });
            const { failures } = await provider.check({} as AdminUserInputs, news);
            assert.deepStrictEqual(failures, [{ property: "language", reason: 'language (got "fr"): must be one of: es, en' }]);
        });
    });

    describe("update", () => {
        it("returns the new inputs and its own outputs: an input removed from the program leaves the state", async () => {
            const provider = await fixture.provider();
            // Created while the stack had a provisioning role, whose URL the resource then carried.
            const created = await provider.create(fixture.inputs(poolId, { databaseConnection: fixture.services.databaseUrl }));
            assert.strictEqual(created.outs!.databaseConnection, fixture.services.databaseUrl);
            const news = fixture.inputs(poolId, { name: "Renamed" }); // the role was dropped: no databaseConnection
            const updated = await provider.update(created.id, created.outs!, news);
            const rowId = (await fixture.rows())[0].id;
            const expected: AdminUserOutputs = { ...news, sub: created.id, credereUserId: rowId, cognitoUserCreated: true, credereUserCreated: true, ownerId: created.outs!.ownerId };
            assert.deepStrictEqual(updated.outs, expected);
            assert.strictEqual((await provider.diff(created.id, updated.outs!, news)).changes, false, "the next up shows no change");
        });
    });

    describe("the AdminUser resource's outputs", () => {
        it("hold the sub, email and credere_user id the provider returned", async () => {
            // Pulumi's mocks stand in for the engine only: each registration runs the serialized provider,
            // deserialized as the dynamic-provider process does, against the real services.
            await pulumi.runtime.setMocks(
                {
                    async newResource(args: pulumi.runtime.MockResourceArgs) {
                        const provider = requireFromString(args.inputs.__provider).handler();
                        await provider.configure({ config: new DynamicProviderConfig({ "credere:databaseUrl": fixture.services.databaseUrl }, "credere") });
                        const checked = await provider.check({}, args.inputs);
                        assert.deepStrictEqual(checked.failures, []);
                        const created = await provider.create(checked.inputs);
                        return { id: created.id, state: created.outs };
                    },
                    call: () => {
                        throw new Error("no invokes expected");
                    },
                },
                "credere",
                "dev",
                false,
            );
            const admin = new AdminUser("admin", { userPoolId: poolId, region: fixture.services.region, email: "admin@example.org", name: "Admin User", language: "es", type: "OCP" });
            const [sub, email, credereUserId, cognitoUserCreated, credereUserCreated] = await Promise.all([
                valueOf(admin.sub),
                valueOf(admin.email),
                valueOf(admin.credereUserId),
                valueOf(admin.cognitoUserCreated),
                valueOf(admin.credereUserCreated),
            ]);
            const row = (await fixture.rows())[0];
            const user = await fixture.cognitoUser(poolId, "admin@example.org");
            assert.strictEqual(sub, user!.sub);
            assert.strictEqual(sub, row.external_id);
            assert.strictEqual(email, "admin@example.org");
            assert.strictEqual(credereUserId, row.id);
            assert.deepStrictEqual([cognitoUserCreated, credereUserCreated], [true, true]);
        });
    });
});
