import * as assert from "assert";
import { CredereAuth, CredereSettingsError } from "../components";
import { loadStackSettings } from "../stacks/stack-settings";
import { runWithMocks } from "./support/pulumi-mocks";
import { stackConfig } from "./support/stack-config";

/**
 * Runs the program for the dev stack with `overrides` applied to its config and returns the error it
 * threw, asserting that nothing at all was registered first.
 */
async function rejectedSettings(overrides: Record<string, unknown>): Promise<CredereSettingsError> {
    let thrown: unknown;
    const run = await runWithMocks("dev", stackConfig("dev", overrides), () => {
        try {
            require("../index");
        } catch (error) {
            thrown = error;
        }
    });
    assert.ok(thrown instanceof Error, "the program should have refused these settings");
    assert.strictEqual((thrown as Error).name, "CredereSettingsError", (thrown as Error).stack);
    assert.deepStrictEqual(run.resources.map((resource) => resource.type), [], "nothing may be registered before validation");
    return thrown as CredereSettingsError;
}

function assertNames(error: Error, ...fragments: string[]) {
    for (const fragment of fragments) {
        assert.ok(error.message.includes(fragment), `expected the message to name ${fragment}:\n${error.message}`);
    }
}

describe("stack settings that Cognito or the backend would refuse fail before anything is registered", () => {
    it("an unknown key (a typo) is named, with the known keys", async () => {
        const error = await rejectedSettings({ "credere:paswordMinimumLength": "16" });
        assertNames(error, "credere:paswordMinimumLength", "unknown setting", "passwordMinimumLength");
    });

    it("a wrong type is named with its value", async () => {
        const error = await rejectedSettings({ "credere:deletionProtection": "yes" });
        assertNames(error, "credere:deletionProtection", '"yes"', "true or false");
    });

    for (const length of [5, 100]) {
        it(`a password length of ${length}, outside Cognito's 6..99, is refused`, async () => {
            const error = await rejectedSettings({ "credere:passwordMinimumLength": length });
            assertNames(error, "credere:passwordMinimumLength", String(length), "6 to 99");
        });
    }

    for (const mode of ["OPTIONAL", "OFF"]) {
        it(`MFA ${mode}, which the backend cannot log in with, is refused`, async () => {
            const error = await rejectedSettings({ "credere:mfaConfiguration": mode });
            assertNames(error, "credere:mfaConfiguration", mode, "must be ON");
        });
    }

    it("an unknown auth flow name is refused, listing the allowed ones", async () => {
        const error = await rejectedSettings({ "credere:explicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_PASSWORD_AUTH"] });
        assertNames(error, "credere:explicitAuthFlows[1]", "ALLOW_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH");
    });

    it("auth flows without USER_PASSWORD_AUTH, which the backend logs in with, are refused", async () => {
        const error = await rejectedSettings({ "credere:explicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"] });
        assertNames(error, "credere:explicitAuthFlows", "ALLOW_USER_PASSWORD_AUTH");
    });

    it("a malformed admin email is refused", async () => {
        const error = await rejectedSettings({ "credere:adminUsers": [{ email: "not-an-email", name: "A" }], "credere:databaseUrl": "postgresql://x" });
        assertNames(error, "credere:adminUsers[0].email", "not-an-email", "email address");
    });

    it("an unknown admin language or type, and an empty name, are refused", async () => {
        const error = await rejectedSettings({
            "credere:adminUsers": [{ email: "a@example.org", name: " ", language: "fr", type: "ADMIN" }],
            "credere:databaseUrl": "postgresql://x",
        });
        assertNames(error, "credere:adminUsers[0].language", "es, en", "credere:adminUsers[0].type", "OCP, FI", "credere:adminUsers[0].name", "must not be empty");
    });

    it("the same admin email twice is refused, whatever its case", async () => {
        const error = await rejectedSettings({
            "credere:adminUsers": [{ email: "a@example.org", name: "A" }, { email: "A@Example.org", name: "B" }],
            "credere:databaseUrl": "postgresql://x",
        });
        assertNames(error, "credere:adminUsers[1].email", "adminUsers[0]");
    });

    it("admin users without the database URL are refused", async () => {
        const error = await rejectedSettings({ "credere:adminUsers": [{ email: "a@example.org", name: "A" }] });
        assertNames(error, "credere:databaseUrl", "--secret");
    });

    it("a malformed SES ARN is refused", async () => {
        const error = await rejectedSettings({ "credere:sesIdentity": undefined, "credere:sesSourceArn": "arn:aws:ses:us-east-1:1234:identity/x@y.org" });
        assertNames(error, "credere:sesSourceArn", "arn:aws:ses:us-east-1:1234", "12-digit account");
    });

    it("a malformed SES identity is refused", async () => {
        const error = await rejectedSettings({ "credere:sesIdentity": "credere at noreply" });
        assertNames(error, "credere:sesIdentity", "verified SES identity");
    });

    it("a sender name with Cognito sending is refused, saying why", async () => {
        const error = await rejectedSettings({
            "credere:fromEmailAddress": "Credere por Open Contracting Partnership <credere@noreply.open-contracting.org>",
        });
        assertNames(error, "credere:fromEmailAddress", "DEVELOPER", "Cannot configure From email address");
    });

    it("SES sending without an identity to send from is refused", async () => {
        const error = await rejectedSettings({ "credere:emailSendingAccount": "DEVELOPER", "credere:sesIdentity": undefined });
        assertNames(error, "credere:emailSendingAccount", "sesIdentity or sesSourceArn");
    });

    it("an import id that is not a pool id is refused", async () => {
        const error = await rejectedSettings({ "credere:importUserPoolId": "credere-production" });
        assertNames(error, "credere:importUserPoolId", "credere-production", "us-east-1_");
    });

    it("a client import without its pool is refused", async () => {
        const error = await rejectedSettings({ "credere:importUserPoolClientId": "3ho4ek12345678909nh3fmhpko" });
        assertNames(error, "credere:importUserPoolClientId", "importUserPoolId");
    });

    it("a replacement opt-out that is not a list of names is refused", async () => {
        const error = await rejectedSettings({ "credere:allowReplacementOf": "credere-user-pool" });
        assertNames(error, "credere:allowReplacementOf", "list of logical resource names");
    });

    it("never repeats the database URL in a message", async () => {
        const error = await rejectedSettings({ "credere:databaseUrl": "postgresql://u:hunter2@db/credere", "credere:typo": "1" });
        assert.ok(!error.message.includes("hunter2"), error.message);
    });

    it("lists every bad setting at once", async () => {
        const error = await rejectedSettings({ "credere:passwordMinimumLength": 3, "credere:mfaConfiguration": "OFF" });
        assert.strictEqual(error.problems.length, 2);
    });
});

describe("the component's own arguments are checked the same way", () => {
    it("names the argument, not a config key", async () => {
        let thrown: Error | undefined;
        const run = await runWithMocks("dev", {}, () => {
            try {
                new CredereAuth("consumer", { userPoolName: "x", passwordMinimumLength: 200 });
            } catch (error) {
                thrown = error as Error;
            }
        });
        assert.ok(thrown);
        assertNames(thrown, "passwordMinimumLength (got 200)", "6 to 99");
        assert.ok(!thrown.message.includes("credere:"));
        assert.deepStrictEqual(run.resources, []);
    });
});

describe("settings that are right load as the component's arguments", () => {
    it("turns the stack's JSON-encoded values into numbers, booleans and lists, and keeps text as written", async () => {
        const run = await runWithMocks("dev", stackConfig("dev", { "credere:userPoolName": "123", "credere:passwordMinimumLength": 16 }), loadStackSettings);
        assert.strictEqual(run.result.userPoolName, "123");
        assert.strictEqual(run.result.passwordMinimumLength, 16);
        assert.strictEqual(run.result.deletionProtection, false);
    });
});
