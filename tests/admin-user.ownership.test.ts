import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { Client } from "pg";
import { AdminUserInputs, AdminUserProvider } from "../components/admin-user-provider";
import { beforeEachFreshProvider, CredereFixture, cognitoProxy, withCognitoEndpoint, within } from "./support/credere-fixtures";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";

const EMAIL = "admin@example.org";

describe("AdminUser ownership: delete removes only what its own runs made", () => {
    let fixture: CredereFixture;
    let poolId: string;
    let provider: AdminUserProvider;
    beforeEachFreshProvider((fresh) => ({ fixture, poolId, provider } = fresh));

    describe("across a crash", () => {
        /** Runs create in a child process, as the engine's plugin would, and kills it (SIGKILL) once Cognito has made the user. */
        async function createAndCrash(inputs: AdminUserInputs): Promise<void> {
            // Cognito makes the user but its answer is held back, so the process dies between AdminCreateUser and COMMIT.
            const proxy = await cognitoProxy(fixture.services.cognitoEndpoint, { AdminCreateUser: { hang: "response" } });
            const script = `
                const { AdminUserProvider } = require("./components/admin-user-provider");
                const provider = new AdminUserProvider();
                provider.configure({ config: { get: (key) => (key === "credere:databaseUrl" ? process.env.CRASH_DATABASE_URL : undefined) } })
                    .then(() => provider.create(JSON.parse(process.env.CRASH_INPUTS)));`;
            const child = spawn(process.execPath, [...TS_NODE_SCRIPT, "-e", script], {
                cwd: path.join(__dirname, ".."),
                env: { ...process.env, AWS_ENDPOINT_URL: proxy.url, CRASH_DATABASE_URL: fixture.services.databaseUrl, CRASH_INPUTS: JSON.stringify(inputs) },
                stdio: "ignore",
            });
            const exited = new Promise((resolve) => child.once("exit", resolve));
            try {
                await within(30_000, "the crashing run to make the Cognito user", (async () => {
                    while (!(await fixture.cognitoUser(poolId, inputs.email))) await new Promise((resolve) => setTimeout(resolve, 50));
                })());
            } finally {
                child.kill("SIGKILL");
                await exited;
                await proxy.close();
            }
        }

        it("a rerun owns the Cognito user that the crashed run made, and its delete removes it", async () => {
            await createAndCrash(fixture.inputs(poolId));
            assert.deepStrictEqual(await fixture.rows(), [], "the crashed run's transaction was rolled back");
            const rerun = await provider.create(fixture.inputs(poolId));
            assert.deepStrictEqual([rerun.outs!.cognitoUserCreated, rerun.outs!.credereUserCreated], [true, true]);
            assert.strictEqual((await fixture.rows())[0].external_id, rerun.id);
            await provider.delete(rerun.id, rerun.outs!);
            assert.strictEqual(await fixture.cognitoUser(poolId, EMAIL), undefined, "no Cognito user left behind");
            assert.deepStrictEqual(await fixture.rows(), []);
        });
    });

    describe("adopted users and rows", () => {
        it("removes the row it inserted but keeps a Cognito user made by hand", async () => {
            const sub = await fixture.createCognitoUserByHand(poolId, EMAIL);
            const created = await provider.create(fixture.inputs(poolId));
            assert.deepStrictEqual([created.outs!.cognitoUserCreated, created.outs!.credereUserCreated], [false, true]);
            await provider.delete(created.id, created.outs!);
            assert.deepStrictEqual(await fixture.rows(), []);
            assert.strictEqual((await fixture.cognitoUser(poolId, EMAIL))?.sub, sub, "the hand-made user stays");
        });

        // The ownership attribute (`profile`) is a standard one an operator may have used: whatever it holds
        // that is not this provider's mark is kept, and the user counts as made by hand.
        for (const [what, profile] of [
            ["a URL", "https://example.org/people/admin"],
            ["text that only resembles the mark", "pulumi:credere:AdminUser owner=someone cognitoUser=maybe row=created"],
            ["the mark's fields without its prefix", "owner=someone cognitoUser=created row=created"],
        ]) {
            it(`never overwrites a profile holding ${what}, and keeps that user on delete`, async () => {
                const sub = await fixture.createCognitoUserByHand(poolId, EMAIL, { profile });
                const created = await provider.create(fixture.inputs(poolId));
                assert.deepStrictEqual([created.id, created.outs!.cognitoUserCreated, created.outs!.credereUserCreated], [sub, false, true]);
                assert.strictEqual((await fixture.cognitoUser(poolId, sub))!.ownershipMark, profile, "the profile is not overwritten");
                await provider.delete(created.id, created.outs!);
                assert.deepStrictEqual(await fixture.rows(), []);
                assert.strictEqual((await fixture.cognitoUser(poolId, sub))?.ownershipMark, profile, "the user stays, its profile too");
            });
        }

        it("leaves a row relinked by hand to another Cognito user, and removes its own user", async () => {
            const created = await provider.create(fixture.inputs(poolId));
            const otherSub = await fixture.createCognitoUserByHand(poolId, "someone@example.org");
            await fixture.sql("UPDATE credere_user SET external_id = $1 WHERE id = $2", [otherSub, created.outs!.credereUserId]);
            await provider.delete(created.id, created.outs!);
            assert.deepStrictEqual(
                (await fixture.rows()).map((row) => [row.id, row.external_id]),
                [[created.outs!.credereUserId, otherSub]],
                "the relinked row is someone else's now",
            );
            assert.strictEqual(await fixture.cognitoUser(poolId, created.id), undefined);
        });
    });

    describe("rows changed by another session while create runs", () => {
        it("waits for a row being relinked (SELECT … FOR UPDATE) and then refuses to take it over", async () => {
            await fixture.sql("INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', $1, 'Admin', 'placeholder')", [EMAIL]);
            const otherSub = await fixture.createCognitoUserByHand(poolId, "someone@example.org");
            const other = new Client({ connectionString: fixture.services.databaseUrl });
            await other.connect();
            try {
                // Another session relinks the row and commits a moment after create has started.
                await other.query("BEGIN");
                await other.query("UPDATE credere_user SET external_id = $1 WHERE email = $2", [otherSub, EMAIL]);
                const creating = provider.create(fixture.inputs(poolId));
                creating.catch(() => undefined);
                await fixture.providerWaitsForLock(); // create is blocked on the row being relinked
                await other.query("COMMIT");
                await assert.rejects(creating, /is linked to another Cognito user/);
            } finally {
                await other.end();
            }
            assert.strictEqual((await fixture.rows(EMAIL))[0].external_id, otherSub, "the other session's link stands");
            assert.strictEqual(await fixture.cognitoUser(poolId, EMAIL), undefined, "no Cognito user left behind");
        });

        it("update waits for its row being relinked (SELECT … FOR UPDATE) and then refuses to write into another person's row", async () => {
            const created = await provider.create(fixture.inputs(poolId));
            const otherSub = await fixture.createCognitoUserByHand(poolId, "someone@example.org");
            const other = new Client({ connectionString: fixture.services.databaseUrl });
            await other.connect();
            try {
                await other.query("BEGIN");
                await other.query("UPDATE credere_user SET external_id = $1, name = 'Someone' WHERE id = $2", [otherSub, created.outs!.credereUserId]);
                const updating = provider.update(created.id, created.outs!, fixture.inputs(poolId, { name: "Renamed" }));
                updating.catch(() => undefined);
                await fixture.providerWaitsForLock(); // update is blocked on its row being relinked
                await other.query("COMMIT");
                await assert.rejects(updating, /is linked to another Cognito user/);
            } finally {
                await other.end();
            }
            const [row] = await fixture.rows();
            assert.deepStrictEqual([row.external_id, row.name], [otherSub, "Someone"], "the other session's row is untouched");
        });
    });
});
