import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AdminUserProvider } from "../components/admin-user-provider";
import { secretValue } from "./support/pulumi-mocks";
import { assertSays, refusedSettings } from "./support/refused-settings";
import { buildStackComponent } from "./support/stack-component";
import { EXAMPLE_ADMINS as ADMINS, EXAMPLE_POSTGRESQL_PROVIDER as POSTGRESQL_PROVIDER } from "./support/stack-config";

const ROLE = "postgresql:index/role:Role";
const GRANT = "postgresql:index/grant:Grant";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const ADMIN_USER = "pulumi-nodejs:dynamic/credere:AdminUser";


describe("provisioning through a least-privileged role, when the stack configures the postgresql provider", () => {
    let built: Awaited<ReturnType<typeof buildStackComponent>>;

    before(async () => {
        built = await buildStackComponent("dev", { "credere:adminUsers": ADMINS, ...POSTGRESQL_PROVIDER });
    });

    it("creates a login role with a generated password", () => {
        const role = built.run.one(ROLE).inputs;
        assert.strictEqual(role.name, "credere_admin_provisioner");
        assert.strictEqual(role.login, true);
        assert.match(secretValue(role.password), /^generated\d+password$/, "the role's password is the generated one, as a secret");
        const password = built.run.one(PASSWORD).inputs;
        assert.deepStrictEqual([password.length, password.special], [32, false]);
    });

    it("keeps the generated password secret", async () => {
        assert.strictEqual(await pulumi.isSecret(built.auth.provisioningRole!.connectionString), true);
    });

    it("grants exactly CONNECT, USAGE on public, SELECT/INSERT/UPDATE/DELETE on credere_user and USAGE on its sequence", () => {
        const order = ["database", "schema", "table", "sequence"];
        const registered = [...built.run.byType(GRANT)].sort((a, b) => order.indexOf(a.inputs.objectType) - order.indexOf(b.inputs.objectType));
        const grants = registered.map(({ inputs }) => ({
            objectType: inputs.objectType,
            schema: inputs.schema,
            objects: inputs.objects,
            privileges: inputs.privileges,
            database: inputs.database,
            role: inputs.role,
        }));
        const common = { database: "credere", role: "credere_admin_provisioner" };
        assert.deepStrictEqual(grants, [
            { objectType: "database", schema: undefined, objects: undefined, privileges: ["CONNECT"], ...common },
            { objectType: "schema", schema: "public", objects: undefined, privileges: ["USAGE"], ...common },
            { objectType: "table", schema: "public", objects: ["credere_user"], privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"], ...common },
            { objectType: "sequence", schema: "public", objects: ["credere_user_id_seq"], privileges: ["USAGE"], ...common },
        ]);
    });

    it("changes nothing for PUBLIC, and gives the role no attribute: what PUBLIC holds is left as the database has it", () => {
        // Revoking from PUBLIC would change the rights of every role of the database, the backend's among
        // them; the README says what the role holds through PUBLIC (tests/provisioning-role.integration.test.ts).
        const postgresqlTypes = built.run.resources.filter((resource) => resource.type.startsWith("postgresql:")).map((resource) => resource.type);
        assert.deepStrictEqual(postgresqlTypes.sort(), [GRANT, GRANT, GRANT, GRANT, ROLE]);
        assert.deepStrictEqual(built.run.byType(GRANT).map((grant) => grant.inputs.role), Array(4).fill("credere_admin_provisioner"));
        const role = built.run.one(ROLE).inputs;
        for (const attribute of ["superuser", "createDatabase", "createRole", "replication", "bypassRowLevelSecurity", "roles"]) {
            assert.strictEqual(role[attribute], undefined, `${attribute} is set`);
        }
    });

    it("makes each admin user connect as the role, after every grant exists", async () => {
        const admin = built.run.one(ADMIN_USER);
        const url = new URL(secretValue(admin.inputs.databaseConnection));
        assert.deepStrictEqual([url.username, url.hostname, url.port, url.pathname], ["credere_admin_provisioner", "credere-db.example.org", "5432", "/credere"]);
        assert.strictEqual(url.searchParams.get("sslmode"), "require");
        assert.strictEqual(url.password, secretValue(built.run.one(ROLE).inputs.password));
        const dependsOn = (built.optionsByName.get(admin.name)?.dependsOn ?? []) as pulumi.Resource[];
        assert.strictEqual(dependsOn.length, 4);
        assert.deepStrictEqual(dependsOn, built.auth.provisioningRole!.grants);
        assert.deepStrictEqual(built.optionsByName.get(admin.name)?.additionalSecretOutputs, ["databaseConnection"]);
    });

    it("connects with sslmode meaning what it means to libpq, as node-postgres itself reads the URL", () => {
        // node-postgres treats `require` as `verify-full` unless the URL says uselibpqcompat=true, and then a
        // database without a CA bundle the runner trusts (RDS) refuses the connection. Read by pg's own parser.
        const { Client } = require("pg");
        const connectionString = secretValue(built.run.one(ADMIN_USER).inputs.databaseConnection);
        const client = new Client({ connectionString });
        assert.deepStrictEqual(client.connectionParameters.ssl, { rejectUnauthorized: false }, "sslmode=require encrypts without verifying the certificate");
    });

    it("does not replace an admin user when the role's password changes", async () => {
        const provider = new AdminUserProvider();
        const olds = {
            userPoolId: "us-east-1_Pool",
            region: "us-east-1",
            email: "admin@example.org",
            name: "Admin User",
            language: "es",
            type: "OCP",
            databaseConnection: "postgresql://credere_admin_provisioner:old@db/credere",
            sub: "sub",
            credereUserId: 1,
            cognitoUserCreated: true,
            credereUserCreated: true,
        };
        const diff = await provider.diff("sub", olds, { ...olds, databaseConnection: "postgresql://credere_admin_provisioner:new@db/credere" });
        assert.deepStrictEqual([diff.changes, diff.replaces], [true, []]);
    });
});

describe("without postgresql provider configuration", () => {
    it("creates no role and keeps using credere:databaseUrl", async () => {
        const { run } = await buildStackComponent("dev", { "credere:adminUsers": ADMINS, "credere:databaseUrl": "postgresql://x" });
        assert.deepStrictEqual([run.byType(ROLE).length, run.byType(GRANT).length, run.byType(PASSWORD).length], [0, 0, 0]);
        assert.strictEqual(run.one(ADMIN_USER).inputs.databaseConnection, undefined);
    });

    it("a postgresql host without the Credere database name is refused before anything is registered, naming the key", async () => {
        const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, "postgresql:host": "db.example.org" });
        assert.match(message, /postgresql:database: is required with postgresql:host/);
        assertSays(message, "the Credere database, where the provisioning role gets its grants");
    });
});
