import * as assert from "assert";
import { createHash } from "crypto";
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

    /** Runs `fn` with a connection as the role, to `database` (default: the Credere database). */
    async function asRole<T>(fn: (client: Client) => Promise<T>, database?: string): Promise<T> {
        const url = new URL(roleUrl);
        if (database) url.pathname = `/${database}`;
        const client = new Client({ connectionString: url.toString() });
        await client.connect();
        try {
            return await fn(client);
        } finally {
            await client.end();
        }
    }

    const privileges = (client: Client, sql: string) => client.query(sql).then((result) => result.rows.map((row) => Object.values(row)[0]));

    describe("and holds, beyond its grants, what PUBLIC holds in PostgreSQL 15 (the program revokes none of it)", () => {
        // PostgreSQL 15 documentation, 5.7 "Privileges", Table 5.2 "Summary of Access Privileges", column
        // "Default PUBLIC Privileges": DATABASE Tc (TEMPORARY, CONNECT), DOMAIN U, FUNCTION or PROCEDURE X,
        // LANGUAGE U, TYPE U; none on tables, sequences, schemas, tablespaces, large objects. The public
        // schema is the exception PostgreSQL 15 made (release notes: "Remove PUBLIC creation permission on
        // the public schema"): PUBLIC keeps USAGE on it, not CREATE.
        it("PUBLIC holds exactly CONNECT and TEMPORARY on the Credere database, and USAGE on schema public", async () => {
            const database = await fixture.sql<{ privilege_type: string }>(
                "SELECT privilege_type FROM pg_database, aclexplode(coalesce(datacl, acldefault('d', datdba))) WHERE datname = current_database() AND grantee = 0 ORDER BY 1",
            );
            assert.deepStrictEqual(database.map((row) => row.privilege_type), ["CONNECT", "TEMPORARY"]);
            const schema = await fixture.sql<{ privilege_type: string }>(
                "SELECT privilege_type FROM pg_namespace, aclexplode(coalesce(nspacl, acldefault('n', nspowner))) WHERE nspname = 'public' AND grantee = 0 ORDER BY 1",
            );
            assert.deepStrictEqual(schema.map((row) => row.privilege_type), ["USAGE"]);
        });

        it("PUBLIC holds nothing on the Credere tables and sequences (every right there is the role's own grant)", async () => {
            const held = await fixture.sql(
                "SELECT c.relname, a.privilege_type FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))) a WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'S') AND a.grantee = 0",
            );
            assert.deepStrictEqual(held, []);
        });

        it("creates a temporary table and a temporary function in the Credere database (TEMPORARY, USAGE on language sql)", async () => {
            const rows = await asRole(async (client) => {
                await client.query("CREATE TEMP TABLE scratch (n int)");
                await client.query("INSERT INTO scratch VALUES (1), (2)");
                await client.query("CREATE FUNCTION pg_temp.twice(n int) RETURNS int LANGUAGE sql AS 'SELECT n * 2'");
                return privileges(client, "SELECT pg_temp.twice(sum(n)::int) FROM scratch");
            });
            assert.deepStrictEqual(rows, [6]);
        });

        it("connects to the server's other databases, where it can create temporary tables but nothing in schema public", async () => {
            const result = await asRole(async (client) => {
                const database = await privileges(client, "SELECT current_database()");
                await client.query("CREATE TEMP TABLE elsewhere (n int)");
                const refused = await client.query("CREATE TABLE public.intruder (n int)").then(
                    () => "created",
                    (error: { code?: string }) => error.code,
                );
                return { database, refused };
            }, "postgres");
            assert.deepStrictEqual(result, { database: ["postgres"], refused: "42501" });
        });

        it("executes functions and uses the trusted languages and the types, as every role does", async () => {
            const result = await asRole(async (client) => ({
                languages: await privileges(client, "SELECT lanname || (CASE WHEN lanpltrusted THEN ' (trusted)' ELSE '' END) FROM pg_language WHERE has_language_privilege(current_user, oid, 'USAGE') ORDER BY 1"),
                // USAGE on an untrusted language still lets only a superuser create functions in it.
                untrusted: await client
                    .query("CREATE FUNCTION pg_temp.raw(cstring) RETURNS int LANGUAGE internal AS 'int4in'")
                    .then(() => "created", (error: { code?: string }) => error.code),
                md5: await privileges(client, "SELECT md5('credere')"),
                typeUsage: await privileges(client, "SELECT has_type_privilege(current_user, 'public.usertype', 'USAGE')"),
            }));
            assert.deepStrictEqual(result.languages, ["c", "internal", "plpgsql (trusted)", "sql (trusted)"]);
            assert.strictEqual(result.untrusted, "42501");
            assert.deepStrictEqual(result.md5, [createHash("md5").update("credere").digest("hex")]);
            assert.deepStrictEqual(result.typeUsage, [true]);
        });

        it("reads the system catalogs: it sees the names of tables it cannot read, but no password hashes", async () => {
            const result = await asRole(async (client) => ({
                tables: await privileges(client, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('lender', 'application_action') ORDER BY 1"),
                lender: await client.query("SELECT * FROM lender").then(() => "read", (error: { code?: string }) => error.code),
                authid: await client.query("SELECT rolpassword FROM pg_authid").then(() => "read", (error: { code?: string }) => error.code),
            }));
            assert.deepStrictEqual(result, { tables: ["application_action", "lender"], lender: "42501", authid: "42501" });
        });

        it("holds no role attribute: not superuser, no CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS, and no CREATE on the database", async () => {
            const [attributes] = await fixture.sql(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, has_database_privilege(rolname, current_database(), 'CREATE') AS create_schema FROM pg_roles WHERE rolname = $1",
                [ROLE],
            );
            assert.deepStrictEqual(attributes, { rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, create_schema: false });
            const refused = await asRole((client) => client.query("CREATE SCHEMA intruder").then(() => "created", (error: { code?: string }) => error.code));
            assert.strictEqual(refused, "42501");
        });
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
