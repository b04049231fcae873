import * as assert from "assert";
import { AdminDeleteUserAttributesCommand } from "@aws-sdk/client-cognito-identity-provider";
import { CredereAuth } from "../components";
import { AdminUserInputs, AdminUserProvider, adminUserSchema } from "../components/admin-user-provider";
import { beforeEachFreshProvider, CredereFixture } from "./support/credere-fixtures";
import { runWithMocks } from "./support/pulumi-mocks";

const EMAIL = "admin@example.org";

describe("AdminUser data safety", () => {
    let fixture: CredereFixture;
    let poolId: string;
    let provider: AdminUserProvider;
    beforeEachFreshProvider((fresh) => ({ fixture, poolId, provider } = fresh));

    /** Inputs as the engine gets them: through check. */
    async function checked(overrides: Partial<AdminUserInputs> = {}): Promise<AdminUserInputs> {
        const result = await provider.check({} as AdminUserInputs, fixture.inputs(poolId, overrides));
        assert.deepStrictEqual(result.failures, []);
        return result.inputs!;
    }

    describe("emails compare case-insensitively end to end", () => {
        it("check and the component's schema store the lower-cased email", async () => {
            assert.strictEqual((await checked({ email: " Admin@Example.ORG " })).email, EMAIL);
            assert.strictEqual(adminUserSchema().parse({ email: "Admin@Example.ORG", name: "Admin" }).email, EMAIL);
        });

        it("the component names an admin by the lower-cased email, so a change in case keeps its logical name", async () => {
            const run = await runWithMocks("dev", { "credere:databaseUrl": fixture.services.databaseUrl }, () =>
                new CredereAuth("credere", { userPoolName: "credere", adminUsers: [{ email: "Admin@Example.ORG", name: "Admin" }] }),
            );
            const admin = run.one("pulumi-nodejs:dynamic/credere:AdminUser");
            assert.deepStrictEqual([admin.name, admin.inputs.email], [`credere-admin-${EMAIL}`, EMAIL]);
        });

        it("create links a hand-made row whose email differs in case, storing the lower-cased email, instead of inserting a second person", async () => {
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', 'Admin@Example.ORG', 'Admin', 'placeholder')");
            const created = await provider.create(await checked({ email: "ADMIN@example.org" }));
            const rows = await fixture.rows();
            assert.deepStrictEqual(rows.map((row) => [row.id, row.email, row.external_id]), [[created.outs!.credereUserId, EMAIL, created.id]]);
            assert.strictEqual((await fixture.cognitoUser(poolId, created.id))!.email, EMAIL);
        });

        it("refuses create when two rows hold the email in different case, and creates nothing", async () => {
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', 'Admin@Example.org', 'A', 'x'), ('OCP', 'es', 'admin@example.org', 'B', 'y')");
            await assert.rejects(provider.create(await checked()), /hold the same email in different case \(Admin@Example\.org, admin@example\.org\); emails compare case-insensitively: merge them/);
            assert.strictEqual(await fixture.cognitoUser(poolId, EMAIL), undefined);
            assert.strictEqual((await fixture.rows()).length, 2);
        });

        it("an email changed only in case updates the same row and the same Cognito user", async () => {
            const created = await provider.create(await checked());
            const olds = { ...created.outs!, email: "Admin@Example.org" }; // as recorded by a version that kept the case
            const news = await checked({ email: "Admin@Example.org" });
            assert.strictEqual((await provider.diff(created.id, olds, news)).changes, true);
            const updated = await provider.update(created.id, olds, news);
            assert.deepStrictEqual((await fixture.rows()).map((row) => [row.id, row.email, row.external_id]), [[created.outs!.credereUserId, EMAIL, created.id]]);
            assert.strictEqual(updated.outs!.email, EMAIL);
            assert.strictEqual((await fixture.cognitoUser(poolId, created.id))!.email, EMAIL, "the same Cognito user, with the lower-cased email");
        });

        it("refuses to change an email to a case variant of another person's row, and changes nothing", async () => {
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', 'Other@Example.org', 'Other', 'other-sub')");
            const created = await provider.create(await checked());
            await assert.rejects(
                provider.update(created.id, created.outs!, await checked({ email: "other@example.org" })),
                /AdminUser other@example\.org: update: credere_user \d+ already has the email Other@Example\.org \(emails compare case-insensitively\)/,
            );
            assert.strictEqual((await fixture.rows(EMAIL))[0].external_id, created.id, "the admin's row keeps its email");
            assert.strictEqual((await fixture.cognitoUser(poolId, created.id))!.email, EMAIL, "and so does the Cognito user");
        });
    });

    describe("no config edit deletes a person's access by surprise", () => {
        it("a renamed resource (new logical name) takes the admin over, and the old resource's delete removes nothing", async () => {
            // What the engine does for a rename without an alias: create the new resource, then delete the old one.
            const old = await provider.create(await checked());
            const renamed = await provider.create(await checked());
            assert.strictEqual(renamed.id, old.id);
            assert.deepStrictEqual([renamed.outs!.cognitoUserCreated, renamed.outs!.credereUserCreated], [true, true], "it inherits what the old one made");
            await provider.delete(old.id, old.outs!);
            assert.deepStrictEqual((await fixture.rows()).map((row) => row.external_id), [old.id]);
            assert.ok(await fixture.cognitoUser(poolId, old.id), "the person keeps their Cognito user");
            await provider.delete(renamed.id, renamed.outs!); // removing the admin from the config later
            assert.deepStrictEqual(await fixture.rows(), []);
            assert.strictEqual(await fixture.cognitoUser(poolId, old.id), undefined);
        });

        it("a resource recorded before ownership marks existed, renamed, is adopted by the new one and its delete removes nothing", async () => {
            // Its state has no ownerId and its Cognito user no mark, as an earlier version of the provider left them.
            const old = await provider.create(await checked());
            await fixture.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: old.id, UserAttributeNames: ["profile"] }));
            const { ownerId, ...oldState } = old.outs!;
            assert.ok(ownerId);
            const renamed = await provider.create(await checked());
            assert.deepStrictEqual([renamed.outs!.cognitoUserCreated, renamed.outs!.credereUserCreated], [false, false], "nothing says Pulumi made them");
            await provider.delete(old.id, oldState);
            assert.deepStrictEqual((await fixture.rows()).map((row) => row.external_id), [old.id]);
            assert.ok(await fixture.cognitoUser(poolId, old.id));
        });

        it("deleting an admin whose row was adopted keeps the row and the Cognito user made for it", async () => {
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', $1, 'Admin', 'placeholder')", [EMAIL]);
            const created = await provider.create(await checked());
            assert.deepStrictEqual([created.outs!.cognitoUserCreated, created.outs!.credereUserCreated], [true, false]);
            await provider.delete(created.id, created.outs!);
            assert.deepStrictEqual((await fixture.rows()).map((row) => row.external_id), [created.id], "the row still links the user");
            assert.ok(await fixture.cognitoUser(poolId, created.id), "the user the row links still exists");
        });
    });

    describe("no secret in any error about a malformed credere:databaseUrl", () => {
        const PASSWORD = "Hunter2-Secret";
        const malformed = [
            `postgresql://credere:${PASSWORD}@db.example.org:99999/credere`, // port out of range
            `postgres://credere:${PASSWORD}@/credere`, // no host
            `credere:${PASSWORD}@127.0.0.1:1/credere`, // no scheme
            `mysql://credere:${PASSWORD}@127.0.0.1:3306/credere`, // another database
            `postgresql://credere:${PASSWORD}@[::1/credere`, // unclosed IPv6 host
            `postgresql://credere:Hunter2 Secret@127.0.0.1:1/credere`, // space in the password
            `postgresql://credere:Hunter2%Secret@127.0.0.1:1/credere`, // broken percent-encoding
            `postgresql://credere:Hunter2@Secret@127.0.0.1:1/credere`, // unencoded @ in the password
            `postgresql://credere@127.0.0.1:1/credere?password=${PASSWORD}`, // password as a parameter
            `postgresql://credere:${PASSWORD}@127.0.0.1:1/credere?sslmode=bogus`,
            `postgresql://credere:${PASSWORD}@127.0.0.1:1/credere?sslrootcert=/nonexistent/${PASSWORD}`, // pg reads the file: its error names the path
            ` postgresql://credere:${PASSWORD}@127.0.0.1:1/credere`, // leading space
        ];
        for (const url of malformed) {
            it(`keeps the password out of the error for ${JSON.stringify(url.replace(/Hunter2.Secret/, "<password>"))}`, async () => {
                const misconfigured = await fixture.provider(url, { databaseConnectTimeoutMs: 2_000, cognitoMaxAttempts: 1 });
                await assert.rejects(misconfigured.create(await checked()), (error: Error) => {
                    assert.match(error.message, /^AdminUser admin@example\.org: create: PostgreSQL.*credere:databaseUrl/);
                    assert.ok(!/Hunter2|Secret/.test(error.message), error.message);
                    assert.ok(!/Hunter2|Secret/.test(String(error.stack)), "nor in its stack, which the plugin prints");
                    return true;
                });
                assert.strictEqual(await fixture.cognitoUser(poolId, EMAIL), undefined);
            });
        }

        it("names the provisioning role, not the stack setting, for a malformed role URL", async () => {
            await assert.rejects(provider.create(await checked({ databaseConnection: `postgresql://role:${PASSWORD}@/credere` })), (error: Error) => {
                assert.match(error.message, /the database URL \(from the provisioning role\) is not a PostgreSQL URL/);
                assert.ok(!error.message.includes(PASSWORD));
                return true;
            });
        });

        it("treats an empty credere:databaseUrl as not set", async () => {
            const empty = await fixture.provider("");
            await assert.rejects(empty.create(await checked()), /set the secret config credere:databaseUrl/);
        });
    });

    describe("text PostgreSQL cannot store is refused in check", () => {
        it("is text the database really cannot store: a NUL is refused by PostgreSQL, an unpaired surrogate comes back as U+FFFD", async () => {
            // What check prevents, shown with pg and the server themselves: the INSERT after AdminCreateUser would fail, or store another name.
            await assert.rejects(fixture.sql("SELECT $1::text AS name", ["Ad\u0000min"]), /invalid byte sequence for encoding "UTF8": 0x00/);
            const [row] = await fixture.sql("SELECT $1::text AS name", ["Admin \ud83d"]);
            assert.strictEqual(row.name, "Admin \ufffd");
        });

        it("refuses a name with a NUL character, naming it", async () => {
            const { failures } = await provider.check({} as AdminUserInputs, fixture.inputs(poolId, { name: "Ad\u0000min" }));
            assert.deepStrictEqual(failures, [
                { property: "name", reason: 'name (got "Ad\\u0000min"): must not contain a NUL character or an unpaired surrogate (PostgreSQL text cannot store them)' },
            ]);
        });

        it("refuses a name with an unpaired surrogate, which would be stored as U+FFFD", async () => {
            const { failures } = await provider.check({} as AdminUserInputs, fixture.inputs(poolId, { name: "Admin \ud83d" }));
            assert.deepStrictEqual(failures!.map((failure) => failure.property), ["name"]);
        });

        it("refuses a resourceName with a NUL character in the component's schema", () => {
            const parsed = adminUserSchema().safeParse({ email: EMAIL, name: "Admin", resourceName: "first\u0000admin" });
            assert.deepStrictEqual(parsed.error?.issues.map((issue) => issue.path.join(".")), ["resourceName"]);
        });

        it("accepts and stores verbatim any other text, accents and emoji included", async () => {
            const name = "José Núñez 🇨🇴 \u202e";
            await provider.create(await checked({ name }));
            assert.strictEqual((await fixture.rows(EMAIL))[0].name, name);
        });
    });
});
