import * as assert from "assert";
import { secretValue } from "./support/pulumi-mocks";
import { assertSays, refusedSettings, runProgram } from "./support/refused-settings";
import { EXAMPLE_ADMINS as ADMINS, EXAMPLE_POSTGRESQL_PROVIDER as POSTGRESQL_PROVIDER } from "./support/stack-config";

const ADMIN_USER = "pulumi-nodejs:dynamic/credere:AdminUser";

function assertNeverSays(message: string, ...fragments: string[]) {
    for (const fragment of fragments) {
        assert.ok(!message.includes(fragment), `the message must not contain ${JSON.stringify(fragment)}:\n${message}`);
    }
}

describe("credere:databaseUrl, the secret connection string of the Credere database", () => {
    const ALLOWED = "must be a PostgreSQL URL, postgresql://user:password@host:5432/database";

    it("refuses a URL of another database, saying what is allowed and showing no part of it", async () => {
        const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, "credere:databaseUrl": "mysql://credere_admin:Hunter2-Secret@db.example.org:3306/credere" });
        assertSays(message, "credere:databaseUrl (a secret, not shown)", ALLOWED, "scheme is not postgresql: or postgres:");
        assertNeverSays(message, "mysql", "credere_admin", "Hunter2-Secret", "db.example.org", "3306");
    });

    it("refuses a value that is not a URL (a password pasted in its place), without repeating it", async () => {
        const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, "credere:databaseUrl": "Hunter2-Secret" });
        assertSays(message, "credere:databaseUrl (a secret, not shown)", ALLOWED, "not a URL");
        assertNeverSays(message, "Hunter2-Secret");
    });

    it("refuses a PostgreSQL URL that names no host", async () => {
        const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, "credere:databaseUrl": "postgresql:///credere?user=credere_admin&password=Hunter2-Secret" });
        assertSays(message, "credere:databaseUrl (a secret, not shown)", ALLOWED, "names no host");
        assertNeverSays(message, "Hunter2-Secret", "credere_admin");
    });

    it("refuses a bad URL even when no admin needs it yet", async () => {
        const { message } = await refusedSettings({ "credere:databaseUrl": "https://example.org" });
        assertSays(message, "credere:databaseUrl", ALLOWED);
    });

    for (const [what, value] of [
        ["empty", ""],
        ["blank", "  "],
    ]) {
        it(`does not count a value that is ${what} as set: admin users then need a real one`, async () => {
            const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, "credere:databaseUrl": value });
            assertSays(message, "credere:databaseUrl: is required (and not empty) when credere:adminUsers lists admins");
        });
    }

    for (const [form, url] of [
        ["postgresql:// URLs", "postgresql://credere_admin:secret@db.example.org:5432/credere"],
        ["postgres:// URLs", "postgres://credere_admin:secret@db.example.org/credere?sslmode=require"],
        ["URLs with the host in ?host= (a Unix socket directory), which the provider connects with too", "postgresql:///credere?host=/var/run/postgresql&user=credere_admin&password=secret"],
    ]) {
        it(`accepts ${form} and provisions the admins`, async () => {
            const { run, thrown } = await runProgram({ "credere:adminUsers": ADMINS, "credere:databaseUrl": url });
            assert.strictEqual(thrown, undefined, String((thrown as Error | undefined)?.message));
            assert.deepStrictEqual(run.byType(ADMIN_USER).map((admin) => admin.inputs.email), ["admin@example.org"]);
        });
    }
});

describe("postgresql:port and postgresql:sslmode, the provisioning role's connection", () => {
    for (const port of ["abc", "0", "70000", "5432.5"]) {
        it(`refuses postgresql:port ${JSON.stringify(port)} under its own name, with the allowed range`, async () => {
            const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, ...POSTGRESQL_PROVIDER, "postgresql:port": port });
            assertSays(message, `postgresql:port (got ${JSON.stringify(port)}): must be a whole number from 1 to 65535`);
            assertNeverSays(message, "provisioningRole");
        });
    }

    for (const sslMode of ["prefer", "REQUIRE"]) {
        it(`refuses postgresql:sslmode ${JSON.stringify(sslMode)} under its own name, listing the modes the driver accepts`, async () => {
            const { message } = await refusedSettings({ "credere:adminUsers": ADMINS, ...POSTGRESQL_PROVIDER, "postgresql:sslmode": sslMode });
            assertSays(message, `postgresql:sslmode (got ${JSON.stringify(sslMode)}): must be one of: disable, require, verify-ca, verify-full`);
            assertNeverSays(message, "provisioningRole");
        });
    }

    it("refuses them even before postgresql:host is set", async () => {
        const { message } = await refusedSettings({ "postgresql:port": "x", "postgresql:sslmode": "prefer" });
        assertSays(message, "postgresql:port", "postgresql:sslmode");
    });

    it("refuses them when the stack gives credere:provisioningRole itself", async () => {
        const { message } = await refusedSettings({ "credere:provisioningRole": { host: "db.example.org", database: "credere" }, "postgresql:sslmode": "prefer" });
        assertSays(message, 'postgresql:sslmode (got "prefer")');
    });

    it("connects the admin users with that port and sslmode (as `pulumi config set` stores them, text)", async () => {
        const { run, thrown } = await runProgram({ "credere:adminUsers": ADMINS, ...POSTGRESQL_PROVIDER, "postgresql:port": "6543", "postgresql:sslmode": "verify-full" });
        assert.strictEqual(thrown, undefined, String((thrown as Error | undefined)?.message));
        const url = new URL(secretValue(run.one(ADMIN_USER).inputs.databaseConnection));
        assert.deepStrictEqual([url.hostname, url.port, url.pathname, url.searchParams.get("sslmode")], ["credere-db.example.org", "6543", "/credere", "verify-full"]);
    });
});

describe("credere:importUserPoolId, the pool to adopt", () => {
    it("refuses a pool of another region than aws:region, naming both", async () => {
        const { message } = await refusedSettings({ "credere:importUserPoolId": "eu-west-1_AbCdEf123" });
        assertSays(
            message,
            'credere:importUserPoolId (got "eu-west-1_AbCdEf123"): is a user pool in eu-west-1, but aws:region is us-east-1',
            "give the id of a pool in us-east-1, or set aws:region to eu-west-1",
        );
    });

    it("adopts a pool of the stack's region", async () => {
        const { run, thrown } = await runProgram({ "credere:importUserPoolId": "us-east-1_AbCdEf123" });
        assert.strictEqual(thrown, undefined, String((thrown as Error | undefined)?.message));
        assert.strictEqual(run.one("aws:cognito/userPool:UserPool").importId, "us-east-1_AbCdEf123");
    });

    it("compares with the stack's own aws:region, not a fixed one", async () => {
        const { run, thrown } = await runProgram({ "aws:region": "eu-west-1", "credere:importUserPoolId": "eu-west-1_AbCdEf123" });
        assert.strictEqual(thrown, undefined, String((thrown as Error | undefined)?.message));
        assert.strictEqual(run.one("aws:cognito/userPool:UserPool").importId, "eu-west-1_AbCdEf123");
    });
});

describe("every stack-level problem at once", () => {
    it("lists the database URL, the postgresql keys, the import region and the component's own settings in one refusal", async () => {
        const { message } = await refusedSettings({
            "credere:databaseUrl": "mysql://u:Hunter2-Secret@h/db",
            "postgresql:port": "x",
            "credere:importUserPoolId": "eu-west-1_AbCdEf123",
            "credere:mfaConfiguration": "OFF",
        });
        assertSays(message, "credere:databaseUrl", "postgresql:port", "credere:importUserPoolId", "credere:mfaConfiguration");
        assertNeverSays(message, "Hunter2-Secret");
    });
});
