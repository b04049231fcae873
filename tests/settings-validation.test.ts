import * as assert from "assert";
import { CredereAuth, resolveCredereAuthArgs } from "../components";
import { loadStackSettings } from "../stacks/stack-settings";
import { runWithMocks } from "./support/pulumi-mocks";
import { assertSays, refusedSettings } from "./support/refused-settings";
import { stackConfig } from "./support/stack-config";

describe("stack settings that Cognito or the backend would refuse fail before anything is registered", () => {
    it("an unknown key (a typo) is named, with the known keys", async () => {
        const error = await refusedSettings({ "credere:paswordMinimumLength": "16" });
        assertSays(error.message, "credere:paswordMinimumLength", "unknown setting", "passwordMinimumLength");
    });

    it("a wrong type is named with its value", async () => {
        const error = await refusedSettings({ "credere:deletionProtection": "yes" });
        assertSays(error.message, "credere:deletionProtection", '"yes"', "true or false");
    });

    for (const length of [5, 100]) {
        it(`a password length of ${length}, outside Cognito's 6..99, is refused`, async () => {
            const error = await refusedSettings({ "credere:passwordMinimumLength": length });
            assertSays(error.message, "credere:passwordMinimumLength", String(length), "6 to 99");
        });
    }

    for (const length of [15, 20]) {
        it(`a password length of ${length}, above the backend's 14-character temporary passwords, is refused, saying why`, async () => {
            const error = await refusedSettings({ "credere:passwordMinimumLength": length });
            assertSays(error.message, `credere:passwordMinimumLength (got ${length})`, "6 to 14", "PASSWORD_LENGTH", "app/aws.py", "creating users");
        });
    }

    for (const minutes of [2, 16]) {
        it(`an auth session of ${minutes} minutes, outside Cognito's 3..15, is refused`, async () => {
            const error = await refusedSettings({ "credere:authSessionValidity": minutes });
            assertSays(error.message, `credere:authSessionValidity (got ${minutes})`, "3 to 15 minutes");
        });
    }

    it("token lifetimes outside Cognito's ranges are refused", async () => {
        const error = await refusedSettings({
            "credere:accessTokenValidityMinutes": 4,
            "credere:idTokenValidityMinutes": 1441,
            "credere:refreshTokenValidityDays": 0,
        });
        assertSays(
            error.message,
            "credere:accessTokenValidityMinutes (got 4): must be from 5 to 1440 minutes",
            "credere:idTokenValidityMinutes (got 1441): must be from 5 to 1440 minutes",
            "credere:refreshTokenValidityDays (got 0): must be from 1 to 3650 days",
        );
        assert.strictEqual(error.problems.length, 3, error.message);
        const other = await refusedSettings({ "credere:accessTokenValidityMinutes": 1441, "credere:idTokenValidityMinutes": 4, "credere:refreshTokenValidityDays": 3651 });
        assertSays(
            other.message,
            "credere:accessTokenValidityMinutes (got 1441)",
            "credere:idTokenValidityMinutes (got 4)",
            "credere:refreshTokenValidityDays (got 3651): must be from 1 to 3650 days",
        );
        assert.strictEqual(other.problems.length, 3, other.message);
    });

    it("settings a console-made pool holds are refused outside what Cognito and the backend allow", async () => {
        const error = await refusedSettings({
            "credere:temporaryPasswordValidityDays": 366,
            "credere:requiredAttributes": ["email", "name"],
            "credere:userPoolTier": "PRO",
            "credere:rememberDevices": "sometimes",
            "credere:invitationEmailMessage": "Welcome {username}",
            "credere:keepOriginalEmailUntilVerified": "yes",
            "credere:invitationSmsMessage": "Your code is {####}",
        });
        assertSays(
            error.message,
            "credere:temporaryPasswordValidityDays (got 366): must be from 0 to 365",
            'credere:requiredAttributes[1] (got "name"): must each be email',
            'credere:userPoolTier (got "PRO"): must be one of: LITE, ESSENTIALS, PLUS',
            'credere:rememberDevices (got "sometimes"): must be one of: never, always, userOptIn',
            "credere:invitationEmailMessage",
            "{####}",
            'credere:keepOriginalEmailUntilVerified (got "yes")',
            'credere:invitationSmsMessage (got "Your code is {####}"): must contain {username} and {####}',
        );
        assert.strictEqual(error.problems.length, 7, error.message);
    });

    for (const { flows, legacy } of [
        { flows: ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"], legacy: "USER_PASSWORD_AUTH" },
        { flows: ["ALLOW_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"], legacy: "ADMIN_NO_SRP_AUTH" },
        { flows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "CUSTOM_AUTH_FLOW_ONLY"], legacy: "CUSTOM_AUTH_FLOW_ONLY" },
    ]) {
        it(`auth flows mixing the legacy ${legacy} with ALLOW_ names, which Cognito refuses, are refused`, async () => {
            const error = await refusedSettings({ "credere:explicitAuthFlows": flows });
            assertSays(error.message, `credere:explicitAuthFlows (got ${JSON.stringify(flows)})`, "must not mix the legacy names", "Cognito refuses the mix");
            assert.strictEqual(error.problems.length, 1, error.message);
        });
    }

    for (const { key, name } of [
        { key: "credere:userPoolName", name: "credere/production" },
        { key: "credere:userPoolName", name: "crédere" },
        { key: "credere:userPoolClientName", name: "credere#backend" },
        { key: "credere:userPoolClientName", name: "" },
    ]) {
        it(`${key} ${JSON.stringify(name)}, outside Cognito's pattern, is refused`, async () => {
            const error = await refusedSettings({ [key]: name });
            assertSays(error.message, `${key} (got ${JSON.stringify(name)})`);
            assert.match(error.message, name === "" ? /must not be empty/ : /must be 1 to 128 letters, digits, spaces or _ \+ = , \. @ - \(Cognito's pattern\)/);
        });
    }

    it("a 129-character pool name is reported as too long, not as missing", async () => {
        const error = await refusedSettings({ "credere:userPoolName": "c".repeat(129) });
        assertSays(error.message, "credere:userPoolName", "too long: at most 128 characters");
        assert.ok(!error.message.includes("is required"), error.message);
        assert.strictEqual(error.problems.length, 1, error.message);
    });

    it("a 129-character client name is reported as too long", async () => {
        const error = await refusedSettings({ "credere:userPoolClientName": "c".repeat(129) });
        assertSays(error.message, "credere:userPoolClientName", "too long: at most 128 characters");
    });

    for (const mode of ["OPTIONAL", "OFF"]) {
        it(`MFA ${mode}, which the backend cannot log in with, is refused`, async () => {
            const error = await refusedSettings({ "credere:mfaConfiguration": mode });
            assertSays(error.message, "credere:mfaConfiguration", mode, "must be ON");
        });
    }

    it("an unknown auth flow name is refused, listing the allowed ones", async () => {
        const error = await refusedSettings({ "credere:explicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_PASSWORD_AUTH"] });
        assertSays(error.message, "credere:explicitAuthFlows[1]", "ALLOW_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH");
    });

    it("auth flows without USER_PASSWORD_AUTH, which the backend logs in with, are refused", async () => {
        const error = await refusedSettings({ "credere:explicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"] });
        assertSays(error.message, "credere:explicitAuthFlows", "ALLOW_USER_PASSWORD_AUTH");
    });

    it("a malformed admin email is refused", async () => {
        const error = await refusedSettings({ "credere:adminUsers": [{ email: "not-an-email", name: "A" }], "credere:databaseUrl": "postgresql://x" });
        assertSays(error.message, "credere:adminUsers[0].email", "not-an-email", "email address");
    });

    it("an unknown admin language or type, and an empty name, are refused", async () => {
        const error = await refusedSettings({
            "credere:adminUsers": [{ email: "a@example.org", name: " ", language: "fr", type: "ADMIN" }],
            "credere:databaseUrl": "postgresql://x",
        });
        assertSays(error.message, "credere:adminUsers[0].language", "es, en", "credere:adminUsers[0].type", "OCP, FI", "credere:adminUsers[0].name", "must not be empty");
    });

    it("the same admin email twice is refused, whatever its case", async () => {
        const error = await refusedSettings({
            "credere:adminUsers": [{ email: "a@example.org", name: "A" }, { email: "A@Example.org", name: "B" }],
            "credere:databaseUrl": "postgresql://x",
        });
        assertSays(error.message, "credere:adminUsers[1].email", "adminUsers[0]");
    });

    it("two admins with the same resourceName, which the engine would refuse mid-run, are refused", async () => {
        const error = await refusedSettings({
            "credere:adminUsers": [
                { email: "a@example.org", name: "A", resourceName: "first-admin" },
                { email: "b@example.org", name: "B", resourceName: "first-admin" },
            ],
            "credere:databaseUrl": "postgresql://x",
        });
        assertSays(error.message, 'credere:adminUsers[1].resourceName (got "first-admin")', "resource name of adminUsers[0]");
        assert.strictEqual(error.problems.length, 1, error.message);
    });

    it("a resourceName equal to another admin's email is refused, whatever its case", async () => {
        const error = await refusedSettings({
            "credere:adminUsers": [
                { email: "a@example.org", name: "A" },
                { email: "b@example.org", name: "B", resourceName: "A@example.org" },
            ],
            "credere:databaseUrl": "postgresql://x",
        });
        assertSays(error.message, 'credere:adminUsers[1].resourceName (got "A@example.org")', "email of adminUsers[0]");
        assert.strictEqual(error.problems.length, 1, error.message);
    });

    it("a resourceName equal to another admin's email is refused even when that admin has a resourceName too", async () => {
        const error = await refusedSettings({
            "credere:adminUsers": [
                { email: "b@example.org", name: "B", resourceName: "a@example.org" },
                { email: "a@example.org", name: "A", resourceName: "admin-a" },
            ],
            "credere:databaseUrl": "postgresql://x",
        });
        assertSays(error.message, 'credere:adminUsers[0].resourceName (got "a@example.org")', "email of adminUsers[1]");
        assert.strictEqual(error.problems.length, 1, error.message);
    });

    it("admin users without the database URL are refused", async () => {
        const error = await refusedSettings({ "credere:adminUsers": [{ email: "a@example.org", name: "A" }] });
        assertSays(error.message, "credere:databaseUrl", "--secret");
    });

    it("a malformed SES ARN is refused", async () => {
        const error = await refusedSettings({ "credere:sesIdentity": undefined, "credere:sesSourceArn": "arn:aws:ses:us-east-1:1234:identity/x@y.org" });
        assertSays(error.message, "credere:sesSourceArn", "arn:aws:ses:us-east-1:1234", "12-digit account");
    });

    it("a malformed SES identity is refused", async () => {
        const error = await refusedSettings({ "credere:sesIdentity": "credere at noreply" });
        assertSays(error.message, "credere:sesIdentity", "verified SES identity");
    });

    it("a sender name with Cognito sending is refused, saying why", async () => {
        const error = await refusedSettings({
            "credere:fromEmailAddress": "Credere por Open Contracting Partnership <credere@noreply.open-contracting.org>",
        });
        assertSays(error.message, "credere:fromEmailAddress", "DEVELOPER", "Cannot configure From email address");
    });

    it("both sesIdentity and sesSourceArn are refused", async () => {
        const error = await refusedSettings({
            "credere:sesIdentity": "credere@noreply.open-contracting.org",
            "credere:sesSourceArn": "arn:aws:ses:us-east-1:123456789012:identity/credere@noreply.open-contracting.org",
        });
        assertSays(error.message, "credere:sesSourceArn", "either sesIdentity or sesSourceArn, not both");
        assert.strictEqual(error.problems.length, 1, error.message);
    });

    for (const setting of [
        { "credere:sesIdentity": "noreply.open-contracting.org" },
        { "credere:sesSourceArn": "arn:aws:ses:us-east-1:123456789012:identity/noreply.open-contracting.org" },
    ]) {
        const [key, value] = Object.entries(setting)[0];
        it(`Cognito's own mailer From a domain identity (${key}), an undocumented mode, is refused`, async () => {
            const error = await refusedSettings(setting);
            assertSays(error.message, `${key} (got ${JSON.stringify(value)})`, "COGNITO_DEFAULT must be an email-address identity", "email.cognito-idp.amazonaws.com", "DEVELOPER");
        });
    }

    it("SES sending From a domain identity is accepted", async () => {
        const run = await runWithMocks(
            "production",
            stackConfig("production", { "credere:sesIdentity": "noreply.open-contracting.org" }),
            loadStackSettings,
        );
        assert.strictEqual(run.result.sesIdentity, "noreply.open-contracting.org");
        assert.doesNotThrow(() => resolveCredereAuthArgs(run.result));
    });

    it("SES sending without an identity to send from is refused", async () => {
        const error = await refusedSettings({ "credere:emailSendingAccount": "DEVELOPER", "credere:sesIdentity": undefined });
        assertSays(error.message, "credere:emailSendingAccount", "sesIdentity or sesSourceArn");
    });

    it("an import id that is not a pool id is refused", async () => {
        const error = await refusedSettings({ "credere:importUserPoolId": "credere-production" });
        assertSays(error.message, "credere:importUserPoolId", "credere-production", "us-east-1_");
    });

    it("a client import without its pool is refused", async () => {
        const error = await refusedSettings({ "credere:importUserPoolClientId": "3ho4ek12345678909nh3fmhpko" });
        assertSays(error.message, "credere:importUserPoolClientId", "importUserPoolId");
    });

    it("a replacement opt-out that is not a list of names is refused", async () => {
        const error = await refusedSettings({ "credere:allowReplacementOf": "credere-user-pool" });
        assertSays(error.message, "credere:allowReplacementOf", "list of logical resource names");
    });

    it("never repeats the database URL in a message, even the one that refuses it", async () => {
        const error = await refusedSettings({ "credere:databaseUrl": "mysql://u:hunter2@db/credere", "credere:typo": "1" });
        assertSays(error.message, "credere:databaseUrl", "credere:typo");
        assert.ok(!error.message.includes("hunter2"), error.message);
    });

    it("lists every bad setting at once", async () => {
        const error = await refusedSettings({ "credere:passwordMinimumLength": 3, "credere:mfaConfiguration": "OFF" });
        assert.strictEqual(error.problems.length, 2);
    });
});

describe("credere:provisioningRole, given whole in the stack", () => {
    for (const port of [0, 65536]) {
        it(`refuses port ${port}, naming the range (not "a whole number", which it is)`, async () => {
            const error = await refusedSettings({ "credere:provisioningRole": { host: "db.example.org", database: "credere", port } });
            assertSays(error.message, `credere:provisioningRole.port (got ${port}): must be from 1 to 65535`);
        });
    }
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
        assertSays(thrown.message, "passwordMinimumLength (got 200)", "6 to 99");
        assert.ok(!thrown.message.includes("credere:"));
        assert.deepStrictEqual(run.resources, []);
    });
});

describe("settings that are right load as the component's arguments", () => {
    for (const length of [6, 14]) {
        it(`a password length of ${length}, within Cognito's and the backend's limits, is accepted and registered`, async () => {
            const run = await runWithMocks("dev", stackConfig("dev", { "credere:passwordMinimumLength": length }), () => require("../index"));
            assert.strictEqual(run.one("aws:cognito/userPool:UserPool").inputs.passwordPolicy.minimumLength, length);
        });
    }

    for (const minutes of [3, 15]) {
        it(`an auth session of ${minutes} minutes is accepted and registered`, async () => {
            const run = await runWithMocks("dev", stackConfig("dev", { "credere:authSessionValidity": minutes }), () => require("../index"));
            assert.strictEqual(run.one("aws:cognito/userPoolClient:UserPoolClient").inputs.authSessionValidity, minutes);
        });
    }

    it("names Cognito allows are accepted: 128 characters, spaces and + = , . @ -", async () => {
        const name = "Credere production+1=a,b.c@d-e_f".padEnd(128, "x");
        const run = await runWithMocks("dev", stackConfig("dev", { "credere:userPoolName": name, "credere:userPoolClientName": "credere backend" }), () => require("../index"));
        assert.strictEqual(run.one("aws:cognito/userPool:UserPool").inputs.name, name);
        assert.strictEqual(run.one("aws:cognito/userPoolClient:UserPoolClient").inputs.name, "credere backend");
    });

    it("turns the stack's JSON-encoded values into numbers, booleans and lists, and keeps text as written", async () => {
        const run = await runWithMocks("dev", stackConfig("dev", { "credere:userPoolName": "123", "credere:passwordMinimumLength": 12 }), loadStackSettings);
        assert.strictEqual(run.result.userPoolName, "123");
        assert.strictEqual(run.result.passwordMinimumLength, 12);
        assert.strictEqual(run.result.deletionProtection, false);
    });
});

describe("the backend's IAM user settings", () => {
    it("refuses both an existing backend user and one of its own", async () => {
        const error = await refusedSettings({ "credere:backendUserName": "credere-operational", "credere:createBackendUser": true });
        assertSays(error.message, "credere:createBackendUser", "either backendUserName or createBackendUser");
        assertSays(error.message, "credere:createBackendUser (got true): set either backendUserName or createBackendUser, not both");
    });

    it("refuses a backend user name IAM would refuse", async () => {
        const error = await refusedSettings({ "credere:backendUserName": "credere operational" });
        assertSays(error.message, "credere:backendUserName", '"credere operational"', "IAM user name");
        assertSays(error.message, 'credere:backendUserName (got "credere operational"): must be an IAM user name: 1 to 64 letters, digits and + = , . @ _ -');
    });

    it("refuses a backend user name over IAM's 64 characters", async () => {
        const error = await refusedSettings({ "credere:backendUserName": "u".repeat(65) });
        assertSays(error.message, `credere:backendUserName (got "${"u".repeat(65)}"): must be an IAM user name`);
    });

    it("accepts a backend user name of IAM's 64 characters", async () => {
        const run = await runWithMocks("dev", stackConfig("dev", { "credere:backendUserName": "u".repeat(64) }), () => require("../index"));
        assert.strictEqual(run.one("aws:iam/userPolicyAttachment:UserPolicyAttachment").inputs.user, "u".repeat(64));
    });
});
