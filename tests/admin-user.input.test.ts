import * as assert from "assert";
import { AdminUserInputs, AdminUserProvider, adminUserSchema } from "../components/admin-user-provider";
import { beforeEachFreshProvider, CredereFixture } from "./support/credere-fixtures";

/** An email of exactly `length` characters. */
function emailOfLength(length: number): string {
    const domain = "@example.org";
    return "a".repeat(length - domain.length) + domain;
}

describe("AdminUser input refused before anything is created", () => {
    let fixture: CredereFixture;
    let poolId: string;
    let provider: AdminUserProvider;
    beforeEachFreshProvider((fresh) => ({ fixture, poolId, provider } = fresh));

    async function failuresOf(overrides: Partial<AdminUserInputs>) {
        const { failures } = await provider.check({} as AdminUserInputs, fixture.inputs(poolId, overrides));
        return failures ?? [];
    }

    describe("an email longer than Cognito allows", () => {
        // Username is the email, and AdminCreateUser takes a Username of 1 to 128 characters
        // (Amazon Cognito API reference, AdminCreateUser, "Username": Length Constraints).
        it("refuses 129 characters in check, naming the limit", async () => {
            const email = emailOfLength(129);
            assert.deepStrictEqual(await failuresOf({ email }), [
                { property: "email", reason: `email (got ${JSON.stringify(email)}): must be at most 128 characters (Cognito's limit for a username)` },
            ]);
        });

        it("accepts 128 characters", async () => {
            assert.deepStrictEqual(await failuresOf({ email: emailOfLength(128) }), []);
        });

        it("refuses it in the component's argument checks too, which share the schema", () => {
            const parsed = adminUserSchema().safeParse({ email: emailOfLength(129), name: "Admin" });
            assert.strictEqual(parsed.success, false);
            assert.deepStrictEqual(
                parsed.error!.issues.map((issue) => [issue.path.join("."), issue.message]),
                [["email", "must be at most 128 characters (Cognito's limit for a username)"]],
            );
        });
    });
});
