import * as assert from "assert";
import { Client } from "pg";
import { provisioningGrantStatements } from "../components/provisioning-role";
import { CredereFixture } from "./support/credere-fixtures";
import { testServices } from "./support/services";

const ROLE = `credere_provisioner_test_${process.pid}`;
const PASSWORD = "provisioner-test-password";

describe("the provisioning role's privileges, in the Credere database", () => {
    let fixture: CredereFixture;
    let roleUrl: string;

    before(async () => {
        fixture = new CredereFixture(await testServices());
        const database = new URL(fixture.services.databaseUrl).pathname.slice(1);
        // The same privileges that the program declares (PROVISIONING_GRANTS), granted by hand.
        await fixture.sql(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
        for (const statement of provisioningGrantStatements(ROLE, database)) {
            await fixture.sql(statement);
        }
        const url = new URL(fixture.services.databaseUrl);
        url.username = ROLE;
        url.password = PASSWORD;
        roleUrl = url.toString();
    });

    after(async () => {
        await fixture.sql(`DROP OWNED BY ${ROLE}`);
        await fixture.sql(`DROP ROLE ${ROLE}`);
    });

    it("is enough for everything the provider does: create, read, update and delete an admin", async () => {
        await fixture.emptyDatabase();
        const poolId = await fixture.newUserPool();
        const provider = await fixture.provider("postgresql://nobody:wrong@127.0.0.1:1/none"); // the config URL must not be used
        const inputs = fixture.inputs(poolId, { databaseConnection: roleUrl });
        const created = await provider.create(inputs);
        assert.strictEqual((await fixture.rows())[0].external_id, created.id);
        const read = await provider.read(created.id, created.outs);
        assert.strictEqual(read.props!.credereUserId, created.outs!.credereUserId);
        await provider.update(created.id, created.outs!, { ...inputs, name: "Renamed", email: "renamed@example.org" });
        assert.deepStrictEqual((await fixture.rows()).map((row) => [row.name, row.email]), [["Renamed", "renamed@example.org"]]);
        await provider.delete(created.id, { ...created.outs!, email: "renamed@example.org" });
        assert.deepStrictEqual(await fixture.rows(), []);
    });

    describe("and is refused any other write", () => {
        const refusals: Array<[string, string]> = [
            ["a write to another table", "INSERT INTO lender (name) VALUES ('Bank')"],
            ["DROP TABLE", "DROP TABLE credere_user"],
            ["TRUNCATE", "TRUNCATE credere_user"],
            ["ALTER TABLE", "ALTER TABLE credere_user ADD COLUMN extra TEXT"],
            ["a new table", "CREATE TABLE public.intruder (id INT)"],
            ["a write to application_action", "DELETE FROM application_action"],
        ];
        for (const [what, sql] of refusals) {
            it(what, async () => {
                const client = new Client({ connectionString: roleUrl });
                await client.connect();
                try {
                    await assert.rejects(client.query(sql), (error: Error & { code?: string }) => {
                        assert.strictEqual(error.code, "42501", `${sql}: ${error.message}`); // insufficient_privilege
                        return true;
                    });
                } finally {
                    await client.end();
                }
            });
        }
    });
});
