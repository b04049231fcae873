import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { runWithMocks, TEST_ACCOUNT_ID, valueOf } from "./support/pulumi-mocks";
import { buildStackComponent } from "./support/stack-component";
import { stackConfig } from "./support/stack-config";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const BASELINE_FLOWS = [
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
];
const SES_ARN = `arn:aws:ses:us-east-1:${TEST_ACCOUNT_ID}:identity/credere@noreply.open-contracting.org`;

const stacks = [
    { stack: "dev", name: "credere", production: false },
    { stack: "production", name: "credere-production", production: true },
];

for (const { stack, name, production } of stacks) {
    describe(`the ${stack} stack, from Pulumi.${stack}.yaml`, () => {
        let pool: Record<string, any>;
        let client: Record<string, any>;
        let program: Record<string, pulumi.Output<any>>;

        before(async () => {
            const run = await runWithMocks(stack, stackConfig(stack), () => require("../index"));
            program = run.result;
            await valueOf(program.backendEnvironment);
            pool = run.one(POOL).inputs;
            client = run.one(CLIENT).inputs;
        });

        it(`names the pool and the client ${name}`, () => {
            assert.strictEqual(pool.name, name);
            assert.strictEqual(client.name, name);
        });

        it("signs in by email, verified automatically, case-insensitively", () => {
            assert.deepStrictEqual(pool.usernameAttributes, ["email"]);
            assert.deepStrictEqual(pool.autoVerifiedAttributes, ["email"]);
            assert.deepStrictEqual(pool.usernameConfiguration, { caseSensitive: false });
            assert.strictEqual(pool.aliasAttributes, undefined);
        });

        it("requires passwords of at least 14 characters and no character classes", () => {
            assert.deepStrictEqual(pool.passwordPolicy, {
                minimumLength: 14,
                requireLowercase: false,
                requireUppercase: false,
                requireNumbers: false,
                requireSymbols: false,
            });
        });

        it("requires MFA with authenticator apps, and no SMS", () => {
            assert.strictEqual(pool.mfaConfiguration, "ON");
            assert.deepStrictEqual(pool.softwareTokenMfaConfiguration, { enabled: true });
            assert.strictEqual(pool.smsConfiguration, undefined);
        });

        it("lets only administrators create users", () => {
            assert.deepStrictEqual(pool.adminCreateUserConfig, { allowAdminCreateUserOnly: true });
        });

        it("sends mail with Cognito, From the verified SES identity, without a From address Cognito would refuse", () => {
            assert.deepStrictEqual(pool.emailConfiguration, { emailSendingAccount: "COGNITO_DEFAULT", sourceArn: SES_ARN });
        });

        it("recovers accounts by verified email", () => {
            assert.deepStrictEqual(pool.accountRecoverySetting, { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
        });

        it(`has deletion protection ${production ? "ACTIVE" : "INACTIVE"}`, () => {
            assert.strictEqual(pool.deletionProtection, production ? "ACTIVE" : "INACTIVE");
        });

        it("gives the client a secret, the five documented auth flows, and the console's defaults", () => {
            assert.strictEqual(client.generateSecret, true);
            assert.deepStrictEqual(client.explicitAuthFlows, BASELINE_FLOWS);
            assert.strictEqual(client.preventUserExistenceErrors, "ENABLED");
            assert.strictEqual(client.enableTokenRevocation, true);
            assert.match(client.userPoolId, /^us-east-1_/);
        });

        it("exports the pool, the client, the issuer and the backend's environment", async () => {
            const poolId = await valueOf(program.userPoolId);
            assert.match(poolId, /^us-east-1_/);
            assert.match(await valueOf(program.userPoolArn), new RegExp(`:userpool/${poolId}$`));
            assert.ok(await valueOf(program.userPoolClientId));
            assert.strictEqual(await valueOf(program.issuerUrl), `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
            assert.strictEqual(await valueOf(program.jwksUrl), `https://cognito-idp.us-east-1.amazonaws.com/${poolId}/.well-known/jwks.json`);
            const environment = await valueOf(program.backendEnvironment);
            assert.deepStrictEqual(Object.keys(environment).sort(), ["AWS_REGION", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET", "COGNITO_POOL_ID"]);
            assert.strictEqual(environment.AWS_REGION, "us-east-1");
            assert.strictEqual(environment.COGNITO_POOL_ID, poolId);
            assert.strictEqual(environment.COGNITO_CLIENT_SECRET, await valueOf(program.userPoolClientSecret));
            assert.deepStrictEqual(await valueOf(program.adminUsers as any), []);
        });

        it("keeps the client secret and the backend's environment secret", async () => {
            assert.strictEqual(await pulumi.isSecret(program.userPoolClientSecret), true);
            assert.strictEqual(await pulumi.isSecret(program.backendEnvironment), true);
            assert.strictEqual(await pulumi.isSecret(program.userPoolId), false);
        });
    });
}

describe("safety against losing the pool", () => {
    it("protects the pool and the client in production, by the stack's settings", async () => {
        const { optionsByType: options } = await buildStackComponent("production");
        assert.strictEqual(options.get(POOL)?.protect, true);
        assert.strictEqual(options.get(CLIENT)?.protect, true);
    });

    it("leaves the development pool unprotected, as its stack file says", async () => {
        const { optionsByType: options } = await buildStackComponent("dev");
        assert.strictEqual(options.get(POOL)?.protect, false);
    });

    it("uses fixed logical names, whatever the pool is called", async () => {
        const { run } = await buildStackComponent("dev", { "credere:userPoolName": "renamed" });
        assert.strictEqual(run.one(POOL).name, "credere-user-pool");
        assert.strictEqual(run.one(CLIENT).name, "credere-user-pool-client");
        assert.strictEqual(run.one(POOL).inputs.name, "renamed");
    });

    it("registers the component with the type token credere:index:CredereAuth", async () => {
        const { run } = await buildStackComponent("dev");
        assert.strictEqual(run.one("credere:index:CredereAuth").name, "credere");
    });
});

describe("adopting the pool and client made by hand", () => {
    it("imports the named pool and client instead of creating new ones", async () => {
        const { run } = await buildStackComponent("production", {
            "credere:importUserPoolId": "us-east-1_AbCdEf123",
            "credere:importUserPoolClientId": "3ho4ek12345678909nh3fmhpko",
        });
        assert.strictEqual(run.one(POOL).importId, "us-east-1_AbCdEf123");
        assert.strictEqual(run.one(CLIENT).importId, "us-east-1_AbCdEf123/3ho4ek12345678909nh3fmhpko");
        assert.strictEqual(run.one(CLIENT).inputs.userPoolId, "us-east-1_AbCdEf123");
    });

    it("creates them when no import id is given", async () => {
        const { run } = await buildStackComponent("production");
        assert.strictEqual(run.one(POOL).importId, undefined);
        assert.strictEqual(run.one(CLIENT).importId, undefined);
    });
});

describe("sending mail through Amazon SES with a sender name", () => {
    it("puts the sender name in fromEmailAddress and the identity in sourceArn", async () => {
        const from = "Credere por Open Contracting Partnership <credere@noreply.open-contracting.org>";
        const { run } = await buildStackComponent("production", {
            "credere:emailSendingAccount": "DEVELOPER",
            "credere:fromEmailAddress": from,
        });
        assert.deepStrictEqual(run.one(POOL).inputs.emailConfiguration, { emailSendingAccount: "DEVELOPER", sourceArn: SES_ARN, fromEmailAddress: from });
    });

    it("takes a full SES identity ARN as given", async () => {
        const arn = "arn:aws:ses:us-east-1:210987654321:identity/noreply.open-contracting.org";
        const { run } = await buildStackComponent("dev", { "credere:sesIdentity": undefined, "credere:sesSourceArn": arn });
        assert.deepStrictEqual(run.one(POOL).inputs.emailConfiguration, { emailSendingAccount: "COGNITO_DEFAULT", sourceArn: arn });
    });
});
