import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { backendCognitoPolicyDocument } from "../components/backend-access";
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
const SES_POLICY = "aws:ses/identityPolicy:IdentityPolicy";
const ADMIN = "pulumi-nodejs:dynamic/credere:AdminUser";
const SES_ARN = `arn:aws:ses:us-east-1:${TEST_ACCOUNT_ID}:identity/credere@noreply.open-contracting.org`;
const SENDER = "Credere por Open Contracting Partnership <credere@noreply.open-contracting.org>";

// Message delivery, as baseline.md's two rows say: production sends through Amazon SES with a sender name,
// development with Cognito's own mailer and no FROM at all.
const stacks = [
    { stack: "dev", name: "credere", production: false, mail: { emailSendingAccount: "COGNITO_DEFAULT" } },
    {
        stack: "production",
        name: "credere-production",
        production: true,
        mail: { emailSendingAccount: "DEVELOPER", sourceArn: SES_ARN, fromEmailAddress: SENDER },
    },
];

for (const { stack, name, production, mail } of stacks) {
    describe(`the ${stack} stack, from Pulumi.${stack}.yaml`, () => {
        let pool: Record<string, any>;
        let client: Record<string, any>;
        let program: Record<string, pulumi.Output<any>>;
        let registeredTypes: string[];

        before(async () => {
            const run = await runWithMocks(stack, stackConfig(stack), () => require("../index"));
            program = run.result;
            registeredTypes = run.resources.map((resource) => resource.type);
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

        it("requires passwords of at least 14 characters and no character classes; temporary passwords last the console's 7 days", () => {
            assert.deepStrictEqual(pool.passwordPolicy, {
                minimumLength: 14,
                requireLowercase: false,
                requireUppercase: false,
                requireNumbers: false,
                requireSymbols: false,
                temporaryPasswordValidityDays: 7,
            });
        });

        it("requires MFA with authenticator apps, and no SMS", () => {
            assert.strictEqual(pool.mfaConfiguration, "ON");
            assert.deepStrictEqual(pool.softwareTokenMfaConfiguration, { enabled: true });
            assert.strictEqual(pool.smsConfiguration, undefined);
        });

        it("lets only administrators create users, keeping Cognito's invitation text", () => {
            assert.deepStrictEqual(pool.adminCreateUserConfig, {
                allowAdminCreateUserOnly: true,
                inviteMessageTemplate: {
                    emailSubject: "Your temporary password",
                    emailMessage: "Your username is {username} and temporary password is {####}.",
                    smsMessage: "Your username is {username} and temporary password is {####}",
                },
            });
        });

        it(production ? "sends mail through Amazon SES, From credere@noreply.open-contracting.org with Credere's sender name" : "sends mail with Cognito's own mailer, with no FROM", () => {
            assert.deepStrictEqual(pool.emailConfiguration, mail);
            // DEVELOPER sends through Cognito's service-linked role; COGNITO_DEFAULT without a FROM needs no SES identity.
            assert.ok(!registeredTypes.includes(SES_POLICY), "no SES sending-authorization policy");
        });

        it("holds what a console-made pool holds: email required, original email kept until verified, Essentials, devices not remembered", () => {
            assert.deepStrictEqual(pool.schemas, [
                {
                    name: "email",
                    attributeDataType: "String",
                    developerOnlyAttribute: false,
                    mutable: true,
                    required: true,
                    stringAttributeConstraints: { minLength: "0", maxLength: "2048" },
                },
            ]);
            assert.deepStrictEqual(pool.userAttributeUpdateSettings, { attributesRequireVerificationBeforeUpdates: ["email"] });
            assert.strictEqual(pool.userPoolTier, "ESSENTIALS");
            assert.strictEqual(pool.deviceConfiguration, undefined);
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

        it("gives a first sign-in (new password and authenticator enrolment) the console's 3-minute challenge session", () => {
            assert.strictEqual(client.authSessionValidity, 3);
        });

        it("declares the console's token lifetimes with their units: access and ID tokens 60 minutes, refresh tokens 30 days", () => {
            assert.strictEqual(client.accessTokenValidity, 60);
            assert.strictEqual(client.idTokenValidity, 60);
            assert.strictEqual(client.refreshTokenValidity, 30);
            assert.deepStrictEqual(client.tokenValidityUnits, { accessToken: "minutes", idToken: "minutes", refreshToken: "days" });
        });

        it("exports the pool, the client, the issuer and the backend's environment", async () => {
            const poolId = await valueOf(program.userPoolId);
            assert.match(poolId, /^us-east-1_/);
            assert.match(await valueOf(program.userPoolArn), new RegExp(`:userpool/${poolId}$`));
            const clientId = await valueOf(program.userPoolClientId);
            assert.match(clientId, /^credere-user-pool-client-id-\d+$/);
            assert.strictEqual(await valueOf(program.issuerUrl), `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
            assert.strictEqual(await valueOf(program.jwksUrl), `https://cognito-idp.us-east-1.amazonaws.com/${poolId}/.well-known/jwks.json`);
            const environment = await valueOf(program.backendEnvironment);
            assert.deepStrictEqual(Object.keys(environment).sort(), ["AWS_REGION", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET", "COGNITO_POOL_ID"]);
            assert.strictEqual(environment.AWS_REGION, "us-east-1");
            assert.strictEqual(environment.COGNITO_POOL_ID, poolId);
            assert.strictEqual(environment.COGNITO_CLIENT_ID, clientId);
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

    it("leaves the development pool and client unprotected, as its stack file says", async () => {
        const { optionsByType: options } = await buildStackComponent("dev");
        assert.strictEqual(options.get(POOL)?.protect, false);
        assert.strictEqual(options.get(CLIENT)?.protect, false);
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

    // The AWS provider never reads generateSecret back (terraform-provider-aws#20298) and replaces the client when it
    // differs; the engine keeps an ignored input's old value after an import as on any update (pulumi/pulumi
    // pkg/resource/deploy/step_generator.go, continueStepsFromImport -> processIgnoreChanges).
    for (const imported of [true, false]) {
        it(`${imported ? "adopts" : "creates"} the client with a secret and ignores generateSecret's diff, so no replacement is planned`, async () => {
            const { optionsByType, run } = await buildStackComponent(
                "production",
                imported ? { "credere:importUserPoolId": "us-east-1_AbCdEf123", "credere:importUserPoolClientId": "3ho4ek12345678909nh3fmhpko" } : {},
            );
            const options = optionsByType.get(CLIENT)!;
            assert.deepStrictEqual(options.ignoreChanges, ["generateSecret"]);
            assert.strictEqual(options.protect, true);
            assert.strictEqual(options.import, imported ? "us-east-1_AbCdEf123/3ho4ek12345678909nh3fmhpko" : undefined);
            assert.strictEqual(run.one(CLIENT).inputs.generateSecret, true);
            // Nothing else is ignored on the pool: every other difference shows in the preview.
            assert.strictEqual(optionsByType.get(POOL)?.ignoreChanges, undefined);
            assert.strictEqual(optionsByType.get(POOL)?.import, imported ? "us-east-1_AbCdEf123" : undefined);
        });
    }
});

describe("sending mail through Amazon SES with a sender name", () => {
    it("puts the sender name in fromEmailAddress and the identity in sourceArn", async () => {
        const { run } = await buildStackComponent("production", {
            "credere:emailSendingAccount": "DEVELOPER",
            "credere:fromEmailAddress": SENDER,
        });
        assert.deepStrictEqual(run.one(POOL).inputs.emailConfiguration, { emailSendingAccount: "DEVELOPER", sourceArn: SES_ARN, fromEmailAddress: SENDER });
    });

    it("takes a full SES identity ARN as given", async () => {
        const arn = "arn:aws:ses:us-east-1:210987654321:identity/noreply.open-contracting.org";
        const { run } = await buildStackComponent("production", { "credere:sesIdentity": undefined, "credere:sesSourceArn": arn });
        assert.deepStrictEqual(run.one(POOL).inputs.emailConfiguration, { emailSendingAccount: "DEVELOPER", sourceArn: arn, fromEmailAddress: SENDER });
        assert.deepStrictEqual(run.byType(SES_POLICY), [], "SES sending needs no sending-authorization policy");
    });
});

describe("Cognito's own mailer with a custom FROM address", () => {
    // Cognito developer guide, "Authorizing Amazon Cognito to send Amazon SES email on your behalf": without
    // this policy on the identity, CreateUserPool/UpdateUserPool fail with InvalidEmailRoleAccessPolicyException.
    it("authorizes email.cognito-idp.amazonaws.com to send From the address, before the pool is made", async () => {
        const { run, optionsByType, auth } = await buildStackComponent("dev", { "credere:sesIdentity": "credere@noreply.open-contracting.org" });
        assert.deepStrictEqual(run.one(POOL).inputs.emailConfiguration, { emailSendingAccount: "COGNITO_DEFAULT", sourceArn: SES_ARN });
        const policy = run.one(SES_POLICY);
        assert.strictEqual(policy.name, "credere-cognito-sending-authorization");
        assert.strictEqual(policy.inputs.identity, SES_ARN);
        assert.strictEqual(policy.inputs.name, "cognito-credere");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CognitoUserPoolsSendFromThisAddress",
                    Effect: "Allow",
                    Principal: { Service: ["email.cognito-idp.amazonaws.com"] },
                    Action: ["SES:SendEmail", "SES:SendRawEmail"],
                    Resource: SES_ARN,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
                        ArnLike: { "aws:SourceArn": `arn:aws:cognito-idp:us-east-1:${TEST_ACCOUNT_ID}:userpool/*` },
                    },
                },
            ],
        });
        // The SDK hands transformations dependsOn as a list.
        const dependsOn = optionsByType.get(POOL)?.dependsOn as unknown[];
        assert.strictEqual(dependsOn.length, 1);
        assert.strictEqual(dependsOn[0], auth.sendingAuthorization);
    });

    it("puts the policy on a full identity ARN as given", async () => {
        const arn = `arn:aws:ses:us-east-1:${TEST_ACCOUNT_ID}:identity/other@open-contracting.org`;
        const { run } = await buildStackComponent("dev", { "credere:sesSourceArn": arn });
        assert.strictEqual(run.one(SES_POLICY).inputs.identity, arn);
        assert.strictEqual(JSON.parse(run.one(SES_POLICY).inputs.policy).Statement[0].Resource, arn);
    });
});

describe("a stack in another region than us-east-1", () => {
    // The AWS provider takes its region from aws:region; the mocks answer getRegion with it, and pool ids carry it.
    it("builds the SES identity ARN, the issuer and the backend's AWS_REGION from that region", async () => {
        const { run, auth } = await buildStackComponent("production", { "aws:region": "eu-west-1" });
        const poolId = await valueOf(auth.userPoolId);
        assert.match(poolId, /^eu-west-1_/);
        assert.strictEqual(run.one(POOL).inputs.emailConfiguration.sourceArn, `arn:aws:ses:eu-west-1:${TEST_ACCOUNT_ID}:identity/credere@noreply.open-contracting.org`);
        assert.strictEqual(await valueOf(auth.issuerUrl), `https://cognito-idp.eu-west-1.amazonaws.com/${poolId}`);
        assert.strictEqual((await valueOf(auth.backendEnvironment)).AWS_REGION, "eu-west-1");
    });

    it("calls Cognito for the admin users in that region", async () => {
        const { run } = await buildStackComponent("dev", {
            "aws:region": "eu-west-1",
            "credere:adminUsers": [{ email: "admin@example.org", name: "Admin" }],
            "credere:databaseUrl": "postgresql://localhost/credere",
        });
        assert.strictEqual(run.one(ADMIN).inputs.region, "eu-west-1");
    });
});

describe("the admin users' resource options", () => {
    const admins = [
        { email: "first@example.org", name: "First", resourceName: "first-admin" },
        { email: "second@example.org", name: "Second" },
    ];

    for (const { stack, retain } of [
        { stack: "production", retain: true },
        { stack: "dev", retain: false },
    ]) {
        it(`${retain ? "retains" : "does not retain"} admins on delete in ${stack}, as Pulumi.${stack}.yaml says`, async () => {
            const { optionsByName } = await buildStackComponent(stack, { "credere:adminUsers": admins, "credere:databaseUrl": "postgresql://localhost/credere" });
            assert.strictEqual(optionsByName.get("credere-admin-first-admin")?.retainOnDelete, retain);
            assert.strictEqual(optionsByName.get("credere-admin-second@example.org")?.retainOnDelete, retain);
        });
    }

    it("names each admin by its resourceName, else by its email", async () => {
        const { run } = await buildStackComponent("dev", { "credere:adminUsers": admins, "credere:databaseUrl": "postgresql://localhost/credere" });
        assert.deepStrictEqual(
            run.byType(ADMIN).map((admin) => [admin.name, admin.inputs.email]),
            [
                ["credere-admin-first-admin", "first@example.org"],
                ["credere-admin-second@example.org", "second@example.org"],
            ],
        );
    });
});

describe("settings a console-made pool may hold otherwise", () => {
    it("registers what the stack says instead of the console's defaults", async () => {
        const { run } = await buildStackComponent("dev", {
            "credere:requiredAttributes": [],
            "credere:keepOriginalEmailUntilVerified": false,
            "credere:userPoolTier": "LITE",
            "credere:temporaryPasswordValidityDays": 3,
            "credere:rememberDevices": "userOptIn",
            "credere:invitationEmailSubject": "Credere",
            "credere:invitationEmailMessage": "{username}: {####}",
            "credere:invitationSmsMessage": "{username} {####}",
            "credere:authSessionValidity": 15,
            "credere:accessTokenValidityMinutes": 5,
            "credere:idTokenValidityMinutes": 1440,
            "credere:refreshTokenValidityDays": 3650,
        });
        const pool = run.one(POOL).inputs;
        assert.strictEqual(pool.schemas, undefined);
        assert.strictEqual(pool.userAttributeUpdateSettings, undefined);
        assert.strictEqual(pool.userPoolTier, "LITE");
        assert.strictEqual(pool.passwordPolicy.temporaryPasswordValidityDays, 3);
        assert.deepStrictEqual(pool.deviceConfiguration, { challengeRequiredOnNewDevice: false, deviceOnlyRememberedOnUserPrompt: true });
        assert.deepStrictEqual(pool.adminCreateUserConfig.inviteMessageTemplate, { emailSubject: "Credere", emailMessage: "{username}: {####}", smsMessage: "{username} {####}" });
        assert.strictEqual(run.one(CLIENT).inputs.authSessionValidity, 15);
        assert.deepStrictEqual(
            [run.one(CLIENT).inputs.accessTokenValidity, run.one(CLIENT).inputs.idTokenValidity, run.one(CLIENT).inputs.refreshTokenValidity],
            [5, 1440, 3650],
        );
    });

    it("remembers every device with rememberDevices always, never letting one skip MFA", async () => {
        const { run } = await buildStackComponent("dev", { "credere:rememberDevices": "always" });
        assert.deepStrictEqual(run.one(POOL).inputs.deviceConfiguration, { challengeRequiredOnNewDevice: false, deviceOnlyRememberedOnUserPrompt: false });
    });
});

describe("the backend's Cognito access (credere-backend docs/aws/iam.rst)", () => {
    const POLICY = "aws:iam/policy:Policy";
    const ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";

    it("manages no IAM policy unless the stack names the backend's user or asks for one", async () => {
        const { run } = await buildStackComponent("production");
        assert.deepStrictEqual(run.byType(POLICY), []);
        assert.deepStrictEqual(run.byType("aws:iam/user:User"), []);
    });

    it("attaches the six actions on this stack's pool to the operational user the stack names", async () => {
        const { run, auth } = await buildStackComponent("production", { "credere:backendUserName": "credere-operational" });
        const poolArn = await valueOf(auth.userPoolArn);
        // The document itself (the six actions, one statement) is asserted in tests/backend-access.test.ts;
        // here, that the component gives it this stack's pool and attaches it.
        const document = JSON.parse(run.one(POLICY).inputs.policy);
        assert.deepStrictEqual(document.Statement.map((statement: { Resource: unknown }) => statement.Resource), [poolArn]);
        assert.deepStrictEqual(document, backendCognitoPolicyDocument(poolArn));
        assert.deepStrictEqual(run.one(ATTACHMENT).inputs, { user: "credere-operational", policyArn: await valueOf(auth.backendAccess!.policy.arn) });
        assert.deepStrictEqual(run.byType("aws:iam/accessKey:AccessKey"), []);
        // The operational user's key stays outside Pulumi: the backend's environment keeps its four variables.
        assert.deepStrictEqual(Object.keys(await valueOf(auth.backendEnvironment)).sort(), ["AWS_REGION", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET", "COGNITO_POOL_ID"]);
    });

    it("makes a user of its own with a key, and the backend's environment then holds all six variables, secret", async () => {
        const { run, auth } = await buildStackComponent("dev", { "credere:createBackendUser": true });
        const access = auth.backendAccess!;
        assert.strictEqual(run.one(ATTACHMENT).inputs.user, await valueOf(access.user!.name));
        assert.strictEqual(run.one(ATTACHMENT).inputs.policyArn, await valueOf(access.policy.arn));
        const environment = await valueOf(auth.backendEnvironment);
        assert.deepStrictEqual(Object.keys(environment).sort(), [
            "AWS_ACCESS_KEY",
            "AWS_CLIENT_SECRET",
            "AWS_REGION",
            "COGNITO_CLIENT_ID",
            "COGNITO_CLIENT_SECRET",
            "COGNITO_POOL_ID",
        ]);
        assert.strictEqual(environment.AWS_ACCESS_KEY, await valueOf(access.accessKey!.id));
        assert.strictEqual(environment.AWS_CLIENT_SECRET, await valueOf(access.accessKey!.secret));
        assert.match(environment.AWS_CLIENT_SECRET!, /^access-key-secret-\d+$/);
        assert.strictEqual(await pulumi.isSecret(auth.backendEnvironment), true);
    });
});
