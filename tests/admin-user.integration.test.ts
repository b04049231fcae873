import * as assert from "assert";
import { ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Client } from "pg";
import { AdminUserProvider } from "../components/admin-user-provider";
import { beforeEachFreshProvider, CredereFixture, cognitoProxy, withCognitoEndpoint } from "./support/credere-fixtures";

describe("AdminUser against a real Cognito API and the Credere database", function () {
    let fixture: CredereFixture;
    let provider: AdminUserProvider;
    let poolId: string;
    beforeEachFreshProvider((fresh) => ({ fixture, poolId, provider } = fresh));

    async function create(overrides = {}) {
        const result = await provider.create(fixture.inputs(poolId, overrides));
        return { id: result.id, outs: result.outs! };
    }

    async function usersWithEmail(email: string) {
        const response = await fixture.cognito.send(new ListUsersCommand({ UserPoolId: poolId }));
        return (response.Users ?? []).filter((user) => user.Attributes?.some((a) => a.Name === "email" && a.Value === email));
    }

    describe("create", () => {
        it("creates a verified Cognito user without invitation and links its sub in a new credere_user row", async () => {
            const { id, outs } = await create();
            const user = await fixture.cognitoUser(poolId, "admin@example.org");
            assert.ok(user);
            assert.strictEqual(user.username, user.sub, "in a pool that signs in by email, Username is the sub");
            assert.strictEqual(user.email, "admin@example.org");
            assert.strictEqual(user.emailVerified, "true");
            assert.strictEqual(user.status, "FORCE_CHANGE_PASSWORD", "Cognito generated a temporary password");
            assert.deepStrictEqual(await fixture.rows(), [
                { id: outs.credereUserId, type: "OCP", language: "es", email: "admin@example.org", name: "Admin User", external_id: user.sub },
            ]);
            assert.strictEqual(id, user.sub);
            assert.strictEqual(outs.sub, user.sub);
            assert.strictEqual(outs.cognitoUserCreated, true);
            assert.strictEqual(outs.credereUserCreated, true);
        });

        it("connects with a URL that names its host in ?host= (as the settings accept, e.g. a Unix socket directory)", async () => {
            const url = new URL(fixture.services.databaseUrl);
            const query = new URLSearchParams({ host: url.hostname, port: url.port, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
            const hostInQuery = `postgresql://${url.pathname}?${query}`;
            const viaQuery = await fixture.provider(hostInQuery);
            const { outs } = await viaQuery.create(fixture.inputs(poolId)).then((result) => ({ outs: result.outs! }));
            assert.deepStrictEqual((await fixture.rows()).map((row) => [row.id, row.email]), [[outs.credereUserId, "admin@example.org"]]);
        });

        it("stores a name full of SQL verbatim", async () => {
            const name = "Robert'); DROP TABLE credere_user;--";
            await create({ name });
            assert.strictEqual((await fixture.rows("admin@example.org"))[0].name, name);
        });

        it("adopts a Cognito user made by hand, keeping its sub: one user, one row, linked", async () => {
            const sub = await fixture.createCognitoUserByHand(poolId, "admin@example.org");
            assert.deepStrictEqual(await fixture.rows(), []);
            const { outs } = await create();
            assert.strictEqual(outs.sub, sub);
            assert.strictEqual(outs.cognitoUserCreated, false);
            assert.strictEqual(outs.credereUserCreated, true);
            assert.strictEqual((await usersWithEmail("admin@example.org")).length, 1);
            assert.deepStrictEqual((await fixture.rows()).map((row) => row.external_id), [sub]);
        });

        it("links a credere_user row made by hand instead of failing on its email", async () => {
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'en', $1, 'Old Name', 'placeholder')", ["admin@example.org"]);
            const { outs } = await create();
            const rows = await fixture.rows();
            assert.strictEqual(rows.length, 1);
            assert.strictEqual(rows[0].id, outs.credereUserId);
            assert.strictEqual(rows[0].external_id, outs.sub);
            assert.strictEqual(rows[0].name, "Admin User");
            assert.strictEqual(outs.credereUserCreated, false);
            assert.strictEqual(outs.cognitoUserCreated, true);
        });

        it("refuses to relink a row linked to another existing Cognito user, and creates nothing", async () => {
            const otherSub = await fixture.createCognitoUserByHand(poolId, "someone@example.org");
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', $1, 'Admin', $2)", ["admin@example.org", otherSub]);
            await assert.rejects(create(), (error: Error) => {
                assert.match(error.message, /linked to another Cognito user/);
                assert.ok(error.message.includes(otherSub));
                return true;
            });
            assert.strictEqual(await fixture.cognitoUser(poolId, "admin@example.org"), undefined, "the Cognito user made for it was removed");
            assert.strictEqual((await fixture.rows("admin@example.org"))[0].external_id, otherSub, "the row is untouched");
        });

        // A run that crashed between AdminCreateUser and COMMIT leaves a user with its ownership mark:
        // tests/admin-user.ownership.test.ts ("across a crash") kills a real create and reruns it.

        it("makes one user and one row when two runs create the same admin at once; the later run owns it", async () => {
            // The mark the earlier run wrote with AdminCreateUser, read when the later run is about to claim the user.
            const marksBeforeClaim: Array<string | undefined> = [];
            const proxy = await cognitoProxy(fixture.services.cognitoEndpoint, {
                AdminUpdateUserAttributes: { before: async () => void marksBeforeClaim.push((await fixture.cognitoUser(poolId, "admin@example.org"))?.ownershipMark) },
            });
            const [first, second] = await withCognitoEndpoint(proxy.url, () =>
                Promise.all([create(), (async () => (await fixture.provider()).create(fixture.inputs(poolId)))()]),
            ).finally(() => proxy.close());
            assert.strictEqual(first.outs.sub, second.outs!.sub);
            assert.strictEqual((await usersWithEmail("admin@example.org")).length, 1);
            assert.strictEqual((await fixture.rows()).length, 1);
            // The per-email lock runs them one after the other: the later one takes the admin over.
            assert.deepStrictEqual(proxy.seen.filter((operation) => operation === "AdminCreateUser").length, 2);
            assert.strictEqual(marksBeforeClaim.length, 1, "one run claims a user made by the other");
            const earlierOwnerId = /owner=(\S+) /.exec(marksBeforeClaim[0] ?? "")?.[1];
            const [other, owner] = earlierOwnerId === first.outs.ownerId ? [first, second] : [second, first];
            assert.strictEqual(other.outs!.ownerId, earlierOwnerId, "the earlier run made the user with its own mark");
            const mark = (await fixture.cognitoUser(poolId, first.id))!.ownershipMark!;
            assert.match(mark, new RegExp(`^pulumi:credere:AdminUser owner=${owner.outs!.ownerId} cognitoUser=created row=created$`));
            await provider.delete(other.id, other.outs!);
            assert.strictEqual((await fixture.rows()).length, 1, "the run that no longer owns the admin removes nothing");
            await provider.delete(owner.id, owner.outs!);
            assert.deepStrictEqual(await fixture.rows(), []);
            assert.strictEqual(await fixture.cognitoUser(poolId, first.id), undefined);
        });
    });

    describe("read, as pulumi refresh uses it", () => {
        it("reports the live name, language and email", async () => {
            const { id, outs } = await create();
            await fixture.sql("UPDATE credere_user SET name = 'Renamed By Hand', language = 'en' WHERE id = $1", [outs.credereUserId]);
            await fixture.changeCognitoEmailByHand(poolId, id, "changed-by-hand@example.org");
            const read = await provider.read(id, outs);
            assert.strictEqual(read.id, id);
            assert.strictEqual(read.props!.name, "Renamed By Hand");
            assert.strictEqual(read.props!.language, "en");
            assert.strictEqual(read.props!.email, "changed-by-hand@example.org");
            const diff = await provider.diff(id, read.props!, fixture.inputs(poolId));
            assert.strictEqual(diff.changes, true, "the next up puts the declared name, language and email back");
        });

        it("reports a Cognito user deleted by hand as gone", async () => {
            const { id, outs } = await create();
            await fixture.deleteCognitoUserByHand(poolId, id);
            const read = await provider.read(id, outs);
            assert.strictEqual(read.id, "");
        });

        it("reports a row deleted by hand, and the next update puts it back", async () => {
            const { id, outs } = await create();
            await fixture.sql("DELETE FROM credere_user");
            const read = await provider.read(id, outs);
            assert.strictEqual(read.id, id);
            assert.strictEqual(read.props!.credereUserId, null);
            const diff = await provider.diff(id, read.props!, fixture.inputs(poolId));
            assert.strictEqual(diff.changes, true);
            assert.deepStrictEqual(diff.replaces, []);
            const updated = await provider.update(id, read.props!, fixture.inputs(poolId));
            const rows = await fixture.rows();
            assert.strictEqual(rows.length, 1);
            assert.strictEqual(rows[0].external_id, id);
            assert.strictEqual(updated.outs!.credereUserId, rows[0].id);
        });
    });

    describe("update", () => {
        it("updates the row's name and language in place", async () => {
            const { id, outs } = await create();
            const news = fixture.inputs(poolId, { name: "New Name", language: "en" });
            const diff = await provider.diff(id, outs, news);
            assert.deepStrictEqual([diff.changes, diff.replaces], [true, []]);
            const updated = await provider.update(id, outs, news);
            const rows = await fixture.rows();
            assert.deepStrictEqual([rows.length, rows[0].id, rows[0].name, rows[0].language], [1, outs.credereUserId, "New Name", "en"]);
            assert.strictEqual(updated.outs!.credereUserId, outs.credereUserId);
        });

        it("updates with one lookup that locks its row and any row holding its email, then one UPDATE", async () => {
            const { id, outs } = await create();
            // Every statement the provider's pg client sends during the update (it requires this same pg module).
            const statements: string[] = [];
            const query = Client.prototype.query;
            Client.prototype.query = function (this: Client, ...args: any[]) {
                statements.push(typeof args[0] === "string" ? args[0] : args[0].text);
                return (query as any).apply(this, args);
            } as any;
            try {
                await provider.update(id, outs, fixture.inputs(poolId, { name: "New Name" }));
            } finally {
                Client.prototype.query = query;
            }
            assert.deepStrictEqual(
                statements.map((text) => text.replace(/ FROM .* FOR UPDATE$/, " … FOR UPDATE").replace(/ SET .*/, " …")),
                [
                    "BEGIN",
                    "SELECT pg_advisory_xact_lock(hashtext($1))",
                    "SELECT id, external_id, email, name, language, type::text AS type, lower(email) = lower($2) AS has_email … FOR UPDATE",
                    "UPDATE public.credere_user …",
                    "COMMIT",
                ],
            );
        });

        it("changes the email in Cognito, kept verified, and in the row, without a new user", async () => {
            const { id, outs } = await create();
            const news = fixture.inputs(poolId, { email: "new-admin@example.org" });
            assert.deepStrictEqual((await provider.diff(id, outs, news)).replaces, []);
            const updated = await provider.update(id, outs, news);
            const user = await fixture.cognitoUser(poolId, id);
            assert.strictEqual(user!.email, "new-admin@example.org");
            assert.strictEqual(user!.emailVerified, "true");
            assert.deepStrictEqual((await fixture.rows()).map((row) => [row.id, row.email, row.external_id]), [[outs.credereUserId, "new-admin@example.org", id]]);
            assert.strictEqual(updated.outs!.sub, id);
            assert.strictEqual((await usersWithEmail("admin@example.org")).length, 0);
        });

        it("replaces the resource when the pool changes", async () => {
            const { id, outs } = await create();
            const diff = await provider.diff(id, outs, fixture.inputs("us-east-1_Other"));
            assert.deepStrictEqual(diff.replaces, ["userPoolId"]);
        });

        it("reports no change when nothing changed", async () => {
            const { id, outs } = await create();
            assert.strictEqual((await provider.diff(id, outs, fixture.inputs(poolId))).changes, false);
        });
    });

    describe("delete", () => {
        it("removes the Cognito user and the row it created", async () => {
            const { id, outs } = await create();
            await provider.delete(id, outs);
            assert.strictEqual(await fixture.cognitoUser(poolId, id), undefined);
            assert.deepStrictEqual(await fixture.rows(), []);
        });

        it("keeps what it adopted", async () => {
            const sub = await fixture.createCognitoUserByHand(poolId, "admin@example.org");
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', $1, 'Admin', $2)", ["admin@example.org", sub]);
            const { id, outs } = await create();
            assert.deepStrictEqual([outs.cognitoUserCreated, outs.credereUserCreated], [false, false]);
            await provider.delete(id, outs);
            assert.ok(await fixture.cognitoUser(poolId, sub));
            assert.strictEqual((await fixture.rows()).length, 1);
        });

        it("refuses, saying why, to delete an admin who has acted on applications, and keeps both", async () => {
            const { id, outs } = await create();
            await fixture.sql("INSERT INTO application_action (type, user_id) VALUES ('APPROVED_APPLICATION', $1)", [outs.credereUserId]);
            await assert.rejects(provider.delete(id, outs), /referenced by application_action/);
            assert.ok(await fixture.cognitoUser(poolId, id));
            assert.strictEqual((await fixture.rows()).length, 1);
        });
    });

    describe("bad input gets a clear error and nothing half-created", () => {
        it("check names a malformed email, an unknown language or type, and an empty name", async () => {
            const { failures } = await provider.check(fixture.inputs(poolId), fixture.inputs(poolId, { email: "nope", language: "fr", type: "ADMIN", name: "" }));
            const reasons = (failures ?? []).map((failure) => `${failure.property}: ${failure.reason}`).join("\n");
            for (const property of ["email", "language", "type", "name"]) {
                assert.ok(failures!.some((failure) => failure.property === property), `${property} not named in:\n${reasons}`);
            }
            assert.match(reasons, /es, en/);
            assert.match(reasons, /OCP, FI/);
        });

        it("check accepts good input and fills in nothing it should not", async () => {
            const inputs = fixture.inputs(poolId);
            assert.deepStrictEqual(await provider.check(inputs, inputs), { inputs, failures: [] });
        });

        it("an unreachable database fails before any Cognito user is created", async () => {
            const unreachable = await fixture.provider("postgresql://credere:secret-password@127.0.0.1:1/credere");
            await assert.rejects(unreachable.create(fixture.inputs(poolId)), (error: Error) => {
                assert.match(error.message, /AdminUser admin@example\.org: create: PostgreSQL at 127\.0\.0\.1:1\/credere \(from credere:databaseUrl\): cannot connect: connect ECONNREFUSED/);
                assert.ok(!error.message.includes("secret-password"));
                return true;
            });
            assert.strictEqual(await fixture.cognitoUser(poolId, "admin@example.org"), undefined);
        });

        it("a database without the credere_user table fails before any Cognito user is created", async () => {
            const name = `credere_empty_${Date.now()}`;
            await fixture.sql(`CREATE DATABASE ${name}`);
            const url = new URL(fixture.services.databaseUrl);
            url.pathname = `/${name}`;
            try {
                const wrongDatabase = await fixture.provider(url.toString());
                await assert.rejects(wrongDatabase.create(fixture.inputs(poolId)), /table public\.credere_user does not exist/);
                assert.strictEqual(await fixture.cognitoUser(poolId, "admin@example.org"), undefined);
            } finally {
                await fixture.sql(`DROP DATABASE ${name} WITH (FORCE)`);
            }
        });

        it("an unknown pool fails naming it, and writes no row", async () => {
            await assert.rejects(provider.create(fixture.inputs("us-east-1_DoesNotExist")), /AdminUser admin@example\.org: create: Cognito \(user pool us-east-1_DoesNotExist, region us-east-1, endpoint 127\.0\.0\.1:\d+\): the user pool was not found/);
            assert.deepStrictEqual(await fixture.rows(), []);
        });

        it("a provider without credere:databaseUrl says which setting to set", async () => {
            const unconfigured = new AdminUserProvider();
            await assert.rejects(unconfigured.create(fixture.inputs(poolId)), /set the secret config credere:databaseUrl/);
            assert.strictEqual(await fixture.cognitoUser(poolId, "admin@example.org"), undefined);
        });
    });
});
