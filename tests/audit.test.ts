// npm run audit, against cognito-local (tests/support/services.ts) and the embedded PostgreSQL.
//
// Where cognito-local (5.3) answers differently from the AWS API reference, and what that does here:
// - CreateUserPool ignores DeletionProtection and UserPoolTier, and DescribeUserPool returns neither
//   (lib/targets/createUserPool.js, responses.js userPoolToResponseObject). AWS returns both for every
//   pool, so the audit reports them as "unknown" instead of guessing.
// - CreateUserPool stores UserAttributeUpdateSettings but DescribeUserPool never returns it
//   (userPoolToResponseObject lists no such member): the audit sees none and reports the stack's value as
//   an update in place. Against AWS this line appears only when the live pool really lacks the setting.
// - CreateUserPoolClient ignores AuthSessionValidity (and RefreshTokenRotation), so DescribeUserPoolClient
//   has none: "unknown" again. It fills TokenValidityUnits with hours/minutes/days when none are given
//   (createUserPoolClient.js) and no validities, where AWS answers its defaults (hours/hours/days, which
//   the provider reads as no block, and 1 hour, 1 hour, 30 days). The clients here are all created with
//   their units and validities, as the console and the component make them, so this does not show.
// - GetUserPoolMfaConfig returns SmsMfaConfiguration and SoftwareTokenMfaConfiguration always, never
//   EmailMfaConfiguration nor WebAuthnConfiguration, and no MfaConfiguration for a pool created without
//   one, where AWS answers OFF (getUserPoolMfaConfig.js).
// - Every pool gets UsernameAttributes ["email"] from cognito-local's own defaults (lib/server/config.js
//   UserPoolDefaults, merged into each CreateUserPool): a pool that signs in with a username and email as an
//   alias cannot be made there, so the replacement it would cause (alias_attributes and username_attributes
//   are ForceNew) is shown here with username case sensitivity instead.
// - Ids and ARNs name the region and account `local` (`local_AbC123`, `arn:aws:cognito-idp:local:local:…`);
//   DescribeUserPool has no SignInPolicy, no VerificationMessageTemplate default, no EstimatedNumberOfUsers.
// - The standard schema attributes it merges into every pool are AWS's, with AWS's defaults
//   (services/cognitoService.js USER_POOL_AWS_DEFAULTS), so the provider's schema rules apply unchanged.
import {
    AdminCreateUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
    DescribeUserPoolClientCommand,
    SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";
import { compareSettings, Difference } from "../scripts/audit/compare-settings";
import { AuditResult, runAudit } from "../scripts/audit/run-audit";
import { ruleFor, USER_POOL_RULES } from "../scripts/audit/provider-rules";
import { registeredStackResources } from "../scripts/audit/stack-inputs";
import { CONSOLE_AUTH_FLOWS, ConsoleRequests, consoleRequests, createConsolePool, sesIdentityArnAtEndpoint } from "./support/console-pool";
import { testServices, TestServices } from "./support/services";
import { loadStackConfig } from "../stacks/stack-config-file";
import { stackConfig } from "./support/stack-config";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";
import { describeDatabase, redact } from "../components/admin-user-provider";

const root = path.resolve(__dirname, "..");

/** A difference as the tests compare it: what, live, stack, and the action. */
function summary(differences: Difference[]): Array<[string, unknown, unknown, string]> {
    return differences.map((d) => [`${d.resource} ${d.setting}`, d.live, d.stack, d.action]);
}

/** What cognito-local does not report (see the top of this file): the same three lines for every pool. */
function notReportedByCognitoLocal(stack: "dev" | "production"): Array<[string, unknown, unknown, string]> {
    return [
        ["pool deletionProtection", undefined, stack === "production" ? "ACTIVE" : "INACTIVE", "unknown"],
        ["pool userPoolTier", undefined, "ESSENTIALS", "unknown"],
        ["client authSessionValidity", undefined, 3, "unknown"],
    ];
}

/** cognito-local stores UserAttributeUpdateSettings but never returns it (see the top of this file). */
const ATTRIBUTE_UPDATES_NOT_RETURNED: [string, unknown, unknown, string] = [
    "pool userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdates",
    undefined,
    ["email"],
    "update in place",
];

function sorted(rows: Array<[string, unknown, unknown, string]>) {
    return [...rows].sort((a, b) => a[0].localeCompare(b[0]));
}

/** The SDK request for inputs in @pulumi/aws's shape: the provider's expand, for the members used here. */
function apiShape(value: unknown): any {
    const names: Record<string, string> = {
        fromEmailAddress: "From",
        smsMessage: "SMSMessage",
        attributesRequireVerificationBeforeUpdates: "AttributesRequireVerificationBeforeUpdate",
    };
    if (Array.isArray(value)) return value.map(apiShape);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [names[key] ?? key.charAt(0).toUpperCase() + key.slice(1), apiShape(member)]));
}

/**
 * A pool and client made from what the program registers for `stack` when it creates them (no import):
 * the requests the provider's create sends (user_pool.go resourceUserPoolCreate: CreateUserPool, then
 * SetUserPoolMfaConfig; user_pool_client.go Create: CreateUserPoolClient).
 */
async function createPoolFromProgram(cognito: CognitoIdentityProviderClient, stack: "dev" | "production", sesIdentityArn: string) {
    const [, partition, , region, account] = sesIdentityArn.split(":");
    const location = { poolId: "not-created-yet", poolArn: `arn:${partition}:cognito-idp:${region}:${account}:userpool/not-created-yet` };
    const { pool, client } = await registeredStackResources(stack, stackConfig(stack), location);
    const { name, passwordPolicy, schemas, mfaConfiguration, softwareTokenMfaConfiguration, ...poolRest } = pool.inputs as Record<string, any>;
    const created = await cognito.send(
        new CreateUserPoolCommand({ PoolName: name, Policies: { PasswordPolicy: apiShape(passwordPolicy) }, Schema: apiShape(schemas), ...apiShape(poolRest) }),
    );
    const poolId = created.UserPool!.Id!;
    await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: mfaConfiguration, SoftwareTokenMfaConfiguration: apiShape(softwareTokenMfaConfiguration) }));
    const { name: clientName, userPoolId: _pool, ...clientRest } = client.inputs as Record<string, any>;
    const createdClient = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: clientName, ...apiShape(clientRest) }));
    return { poolId, clientId: createdClient.UserPoolClient!.ClientId!, registered: { pool, client } };
}

/**
 * The audit as an operator runs it (`npm run audit`: ts-node --transpile-only scripts/audit.ts), without
 * npx's start-up: a child process, the SDK's own endpoint setting and test credentials.
 */
function runAuditCommand(args: string[], services: TestServices, databaseUrl?: string) {
    const result = spawnSync(process.execPath, [...TS_NODE_SCRIPT, "scripts/audit.ts", ...args], {
        cwd: root,
        env: {
            ...process.env,
            AWS_ENDPOINT_URL: services.cognitoEndpoint,
            AWS_ACCESS_KEY_ID: "test",
            AWS_SECRET_ACCESS_KEY: "test",
            ...(databaseUrl === undefined ? {} : { CREDERE_DATABASE_URL: databaseUrl }),
        },
        encoding: "utf8",
        timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.trim().split("\n") };
}

describe("npm run audit (issue 10's pre-flight audit)", function () {
    let services: TestServices;
    let cognito: CognitoIdentityProviderClient;
    let sesIdentityArn: string;

    before(async function () {
        services = await testServices();
        cognito = new CognitoIdentityProviderClient({ region: services.region });
        sesIdentityArn = await sesIdentityArnAtEndpoint(cognito);
    });

    describe("a pool made the way the console makes it from cognito-setup.txt", function () {
        it("dev: lists the differences the console's pool really has, none of them a replacement or a failure", async function () {
            const { poolId, clientId } = await createConsolePool(cognito, "dev", sesIdentityArn);
            const result = await runAudit({ stack: "dev", userPoolId: poolId, clientId });
            assert.deepEqual(
                sorted(summary(result.differences)),
                sorted([
                    // Development sends with Cognito's own address (Pulumi.dev.yaml): the console's FROM address goes.
                    ["pool emailConfiguration.sourceArn", sesIdentityArn, undefined, "reset to default"],
                    ATTRIBUTE_UPDATES_NOT_RETURNED,
                    ...notReportedByCognitoLocal("dev"),
                ]),
            );
            assert.deepEqual(result.unmet, []);
            assert.equal(result.exitCode, 0);
        });

        it("production: lists the differences the console's pool really has, none of them a replacement or a failure", async function () {
            const { poolId, clientId } = await createConsolePool(cognito, "production", sesIdentityArn);
            const result = await runAudit({ stack: "production", userPoolId: poolId, clientId });
            assert.deepEqual(
                sorted(summary(result.differences)),
                sorted([ATTRIBUTE_UPDATES_NOT_RETURNED, ...notReportedByCognitoLocal("production")]),
            );
            assert.equal(result.exitCode, 0);
        });
    });

    describe("a pool made from the program's own registered inputs", function () {
        for (const stack of ["dev", "production"] as const) {
            it(`${stack}: shows no difference, only what cognito-local does not report`, async function () {
                const { poolId, clientId, registered } = await createPoolFromProgram(cognito, stack, sesIdentityArn);
                // Created with a secret: the component generates one for a client it creates.
                assert.equal(registered.client.inputs.generateSecret, true);
                const result = await runAudit({ stack, userPoolId: poolId, clientId });
                assert.deepEqual(sorted(summary(result.differences)), sorted([ATTRIBUTE_UPDATES_NOT_RETURNED, ...notReportedByCognitoLocal(stack)]));
                assert.deepEqual(result.unmet, []);
                assert.equal(result.exitCode, 0);
                // The program, resolved as an adoption, imports exactly the audited pool and client.
                assert.deepEqual(result.lines.filter((line) => line.startsWith("note:")), []);
                assert.match(result.lines.at(-1)!, /^adoption: no replacement and no failure; 1 in-place change\(s\) to review, 3 setting\(s\) this endpoint does not report$/);
            });
        }
    });

    describe("the stack's own import ids", function () {
        it("audits the pool and client it is given, and says so when the stack imports others", async function () {
            const { poolId, clientId } = await createPoolFromProgram(cognito, "dev", sesIdentityArn);
            const config = { ...loadStackConfig("dev").config, "credere:importUserPoolId": "us-east-1_Other1", "credere:importUserPoolClientId": "otherclient" };
            const result = await runAudit({ stack: "dev", userPoolId: poolId, clientId, config });
            assert.deepEqual(result.lines.slice(1, 3), [
                `note: the stack's credere:importUserPoolId is us-east-1_Other1; this audit adopts ${poolId} instead`,
                `note: the stack's credere:importUserPoolClientId is otherclient; this audit adopts ${clientId} instead`,
            ]);
            assert.equal(result.exitCode, 0);
        });

        it("without --user-pool-id uses the stack's credere:importUserPoolId and credere:importUserPoolClientId", async function () {
            const { poolId, clientId } = await createPoolFromProgram(cognito, "dev", sesIdentityArn);
            const config = { ...loadStackConfig("dev").config, "credere:importUserPoolId": poolId, "credere:importUserPoolClientId": clientId };
            const result = await runAudit({ stack: "dev", config });
            assert.equal(result.lines[0], `audit of stack dev: user pool ${poolId} (credere), app client ${clientId} (credere)`);
            assert.equal(result.exitCode, 0);
        });
    });

    describe("the stack file as the Pulumi CLI reads it", function () {
        it("runs with encrypted values it cannot decrypt (the database URL an admin list needs) and never prints them", async function () {
            const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), "credere-audit-stack-"));
            fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(projectRoot, "Pulumi.yaml"));
            const ciphertext = "v1:Zm9vYmFyYmF6:c2VjcmV0LWRhdGFiYXNlLXVybA==";
            const stackFile = fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8");
            fs.writeFileSync(
                path.join(projectRoot, "Pulumi.dev.yaml"),
                `${stackFile.trimEnd()}\n  credere:databaseUrl:\n    secure: ${ciphertext}\n  credere:adminUsers:\n    - email: admin@example.org\n      name: Admin User\n`,
            );
            try {
                const { poolId, clientId } = await createPoolFromProgram(cognito, "dev", sesIdentityArn);
                const result = await runAudit({ stack: "dev", userPoolId: poolId, clientId, projectRoot });
                assert.equal(result.exitCode, 0, result.lines.join("\n"));
                assert.ok(!result.lines.join("\n").includes(ciphertext));
            } finally {
                fs.rmSync(projectRoot, { recursive: true, force: true });
            }
        });
    });

    describe("what pulumi up would do, per kind of difference", function () {
        /** The dev console pool with `change` applied to its requests. */
        async function consolePoolWith(change: (requests: ConsoleRequests) => void): Promise<AuditResult> {
            const { poolId, clientId } = await createConsolePool(cognito, "dev", sesIdentityArn, change);
            return runAudit({ stack: "dev", userPoolId: poolId, clientId });
        }
        const find = (result: AuditResult, setting: string) => result.differences.find((d) => `${d.resource} ${d.setting}` === setting);

        it("a case-sensitive pool would be replaced (usernameConfiguration.case_sensitive is ForceNew): exit 1", async function () {
            const result = await consolePoolWith((r) => (r.createUserPool.UsernameConfiguration = { CaseSensitive: true }));
            assert.deepEqual(summary([find(result, "pool usernameConfiguration.caseSensitive")!]), [["pool usernameConfiguration.caseSensitive", true, false, "replace"]]);
            assert.equal(result.exitCode, 1);
            assert.match(result.lines.at(-1)!, /^adoption: NOT safe: replace pool usernameConfiguration\.caseSensitive /);
        });

        it("a custom attribute the stack does not declare makes the update fail (cannot modify or remove schema items): exit 1", async function () {
            const result = await consolePoolWith((r) => r.createUserPool.Schema!.push({ Name: "tenant", AttributeDataType: "String", Mutable: true }));
            const difference = find(result, "pool schemas[tenant]")!;
            assert.equal(difference.action, "fail");
            assert.deepEqual(difference.live, { name: "tenant", attributeDataType: "String", developerOnlyAttribute: false, mutable: true, required: false });
            assert.equal(difference.stack, undefined);
            assert.equal(result.exitCode, 1);
        });

        it("a pool without the required email attribute: the stack's cannot be added (a standard attribute): fail, exit 1", async function () {
            const result = await consolePoolWith((r) => delete r.createUserPool.Schema);
            assert.deepEqual(summary([find(result, "pool schemas[email]")!]), [
                [
                    "pool schemas[email]",
                    { name: "email", attributeDataType: "String", developerOnlyAttribute: false, mutable: true, required: false, stringAttributeConstraints: { minLength: "0", maxLength: "2048" } },
                    { name: "email", attributeDataType: "String", developerOnlyAttribute: false, mutable: true, required: true, stringAttributeConstraints: { maxLength: "2048", minLength: "0" } },
                    "fail",
                ],
            ]);
            assert.equal(result.exitCode, 1);
        });

        it("a longer minimum length is updated in place, and the backend's 14 characters are met after pulumi up", async function () {
            const result = await consolePoolWith((r) => (r.createUserPool.Policies!.PasswordPolicy!.MinimumLength = 20));
            assert.deepEqual(summary([find(result, "pool passwordPolicy.minimumLength")!]), [["pool passwordPolicy.minimumLength", 20, 14, "update in place"]]);
            assert.deepEqual(result.unmet, [
                {
                    requirement: "minimum password length at most 14: the backend's temporary passwords have 14 characters",
                    live: 20,
                    afterUp: 14,
                    metAfterUp: true,
                },
            ]);
            assert.equal(result.exitCode, 0);
        });

        it("optional MFA is set to ON in place; a client without a secret stays without one: exit 3", async function () {
            const result = await consolePoolWith((r) => {
                r.setMfa.MfaConfiguration = "OPTIONAL";
                r.createClient.GenerateSecret = false;
                r.createClient.ExplicitAuthFlows = CONSOLE_AUTH_FLOWS.filter((flow) => flow !== "ALLOW_USER_PASSWORD_AUTH");
            });
            assert.deepEqual(summary([find(result, "pool mfaConfiguration")!, find(result, "client explicitAuthFlows")!]), [
                ["pool mfaConfiguration", "OPTIONAL", "ON", "update in place"],
                ["client explicitAuthFlows", CONSOLE_AUTH_FLOWS.filter((flow) => flow !== "ALLOW_USER_PASSWORD_AUTH"), CONSOLE_AUTH_FLOWS, "update in place"],
            ]);
            assert.deepEqual(
                result.unmet.map((u) => [u.requirement.split(":")[0], u.live, u.afterUp, u.metAfterUp]),
                [
                    ["MFA required (mfaConfiguration ON)", "OPTIONAL", "ON", true],
                    ["ALLOW_USER_PASSWORD_AUTH among the client's explicitAuthFlows", CONSOLE_AUTH_FLOWS.filter((flow) => flow !== "ALLOW_USER_PASSWORD_AUTH"), CONSOLE_AUTH_FLOWS, true],
                    ["a client secret", false, false, false],
                ],
            );
            assert.equal(result.exitCode, 3);
        });

        it("auth flows in another order are no difference (explicit_auth_flows is a set)", async function () {
            const result = await consolePoolWith((r) => (r.createClient.ExplicitAuthFlows = [...CONSOLE_AUTH_FLOWS].reverse()));
            assert.equal(find(result, "client explicitAuthFlows"), undefined);
            assert.equal(result.exitCode, 0);
        });

        it("a Lambda trigger the stack does not declare is planned away (reset to default)", async function () {
            const trigger = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";
            const result = await consolePoolWith((r) => (r.createUserPool.LambdaConfig = { PreSignUp: trigger }));
            assert.deepEqual(summary([find(result, "pool lambdaConfig")!]), [["pool lambdaConfig", { preSignUp: trigger }, undefined, "reset to default"]]);
        });
    });

    describe("the provider's rules for inputs the program does not declare (compareSettings)", function () {
        it("an Optional input's live value is planned away: reset to default", function () {
            assert.deepEqual(summary(compareSettings("pool", {}, { smsAuthenticationMessage: "Your code is {####}" })), [
                ["pool smsAuthenticationMessage", "Your code is {####}", undefined, "reset to default"],
            ]);
        });

        it("a pool setting at its zero value is no different from an undeclared one (SDKv2), a non-zero one is reset", function () {
            const declared = { passwordPolicy: { minimumLength: 14 } };
            assert.deepEqual(compareSettings("pool", declared, { passwordPolicy: { minimumLength: 14, passwordHistorySize: 0, requireSymbols: false } }), []);
            assert.deepEqual(summary(compareSettings("pool", declared, { passwordPolicy: { minimumLength: 14, passwordHistorySize: 3 } })), [
                ["pool passwordPolicy.passwordHistorySize", 3, undefined, "reset to default"],
            ]);
        });

        it("an Optional + Computed input, or a block whose missing diff is suppressed, keeps its live value: no line", function () {
            assert.deepEqual(compareSettings("pool", {}, { passwordPolicy: { minimumLength: 8 }, emailVerificationMessage: "{####}", userPoolTier: "PLUS" }), []);
            // verify.SuppressMissingOptionalConfigurationBlock on account_recovery_setting and email_configuration.
            assert.deepEqual(compareSettings("pool", {}, { accountRecoverySetting: { recoveryMechanisms: [{ name: "admin_only", priority: 1 }] }, emailConfiguration: { emailSendingAccount: "DEVELOPER" } }), []);
            assert.deepEqual(compareSettings("client", {}, { refreshTokenValidity: 30, authSessionValidity: 15 }), []);
        });

        it("an undeclared input with a provider default is compared with that default", function () {
            assert.deepEqual(summary(compareSettings("pool", {}, { mfaConfiguration: "ON", deletionProtection: "ACTIVE" })), [
                ["pool deletionProtection", "ACTIVE", "INACTIVE", "update in place"],
                ["pool mfaConfiguration", "ON", "OFF", "update in place"],
            ]);
        });

        it("an input the table does not know is audited as an update in place, and says so", function () {
            const [difference] = compareSettings("pool", { brandNewSetting: "on" }, { brandNewSetting: "off" });
            assert.deepEqual(summary([difference]), [["pool brandNewSetting", "off", "on", "update in place"]]);
            assert.equal(difference.why, "an input the audit's table does not list: assumed an update in place");
        });

        it("undeclared token units are reset to hours: fail when the kept validities leave Cognito's range, nothing when they are the defaults", function () {
            const consoleClient = { tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" }, accessTokenValidity: 60, idTokenValidity: 60, refreshTokenValidity: 30 };
            assert.deepEqual(summary(compareSettings("client", {}, consoleClient)), [["client tokenValidityUnits", consoleClient.tokenValidityUnits, undefined, "fail"]]);
            // Declared as the console has them: no difference.
            assert.deepEqual(compareSettings("client", consoleClient, consoleClient), []);
            // Units in minutes with validities that fit in hours too: only the reset.
            assert.deepEqual(summary(compareSettings("client", {}, { ...consoleClient, accessTokenValidity: 5, idTokenValidity: 5 })), [
                ["client tokenValidityUnits", consoleClient.tokenValidityUnits, undefined, "reset to default"],
            ]);
            // The provider reads the default units as no block at all (isDefaultTokenValidityUnits).
            assert.deepEqual(compareSettings("client", {}, { tokenValidityUnits: { accessToken: "hours", idToken: "hours", refreshToken: "days" }, accessTokenValidity: 1 }), []);
        });

        it("agrees with @pulumi/aws on which inputs are Computed (kept when undeclared): their outputs are not optional", function () {
            const optionalOutputs = (resource: string) => {
                const declarations = fs.readFileSync(path.join(root, "node_modules", "@pulumi", "aws", "cognito", `${resource}.d.ts`), "utf8");
                const outputs = new Map<string, boolean>();
                for (const [, name, type] of declarations.matchAll(/^\s+readonly (\w+): pulumi\.Output<([^;]*)>;$/gm)) outputs.set(name, type.includes("| undefined"));
                return outputs;
            };
            const pool = optionalOutputs("userPool");
            // name is Required; tags are managed by their own calls; two Optional blocks keep their live value
            // through a DiffSuppressFunc instead (user_pool.go: verify.SuppressMissingOptionalConfigurationBlock).
            const outside = ["name", "tags", "accountRecoverySetting", "emailConfiguration"];
            for (const [input, rule] of Object.entries(USER_POOL_RULES).filter(([key]) => !key.includes(".") && !outside.includes(key))) {
                assert.equal(rule.whenUndeclared === "kept", pool.get(input) === false, `userPool ${input}: ${rule.whenUndeclared}, output optional: ${pool.get(input)}`);
            }
            const client = optionalOutputs("userPoolClient");
            // generateSecret is optional but never read back, so an undeclared one never differs; name and userPoolId are Required.
            for (const input of [...client.keys()].filter((key) => !["clientSecret", "region", "generateSecret", "name", "userPoolId"].includes(key))) {
                assert.equal(ruleFor("client", input).whenUndeclared === "kept", client.get(input) === false, `userPoolClient ${input}`);
            }
        });

        it("an input in ignoreChanges never differs: the engine keeps the old value", function () {
            assert.deepEqual(compareSettings("client", { generateSecret: true }, {}, new Set(), ["generateSecret"]), []);
            assert.deepEqual(summary(compareSettings("client", { generateSecret: true }, {})), [["client generateSecret", undefined, true, "replace"]]);
        });
    });

    describe("CREDERE_DATABASE_URL: the links between Cognito users and credere_user rows", function () {
        let databaseUrl: string;
        let poolId: string;
        let clientId: string;
        let subs: Record<string, string>;
        let dropDatabase: (() => Promise<void>) | undefined;

        after(async function () {
            await dropDatabase?.();
        });

        before(async function () {
            // A database of its own: the suite's shared one holds other tests' rows.
            const name = `credere_audit_${process.pid}`;
            const admin = new Client({ connectionString: services.databaseUrl });
            await admin.connect();
            await admin.query(`DROP DATABASE IF EXISTS ${name}`);
            await admin.query(`CREATE DATABASE ${name}`);
            await admin.end();
            const url = new URL(services.databaseUrl);
            url.pathname = `/${name}`;
            databaseUrl = url.toString();
            dropDatabase = async () => {
                const client = new Client({ connectionString: services.databaseUrl });
                await client.connect();
                await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                await client.end();
            };
            const db = new Client({ connectionString: databaseUrl });
            await db.connect();
            await db.query(fs.readFileSync(path.join(root, "tests", "credere-schema.sql"), "utf8"));

            ({ poolId, clientId } = await createPoolFromProgram(cognito, "dev", sesIdentityArn));
            subs = {};
            for (const email of ["linked@example.org", "mixed.case@example.org", "no-row@example.org", "renamed@example.org"]) {
                const { User } = await cognito.send(
                    new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, UserAttributes: [{ Name: "email", Value: email }], MessageAction: "SUPPRESS" }),
                );
                subs[email] = User!.Attributes!.find((a) => a.Name === "sub")!.Value!;
            }
            const insert = "INSERT INTO credere_user (type, language, email, name, external_id) VALUES ('OCP', 'es', $1, 'Someone', $2)";
            await db.query(insert, ["linked@example.org", subs["linked@example.org"]]);
            await db.query(insert, ["Mixed.Case@Example.org", subs["mixed.case@example.org"]]);
            await db.query(insert, ["gone@example.org", "00000000-0000-4000-8000-000000000000"]);
            await db.query(insert, ["old-name@example.org", subs["renamed@example.org"]]);
            await db.end();
        });

        it("reports each row linked right, a case-only difference, a missing sub, another email and a user without a row: exit 3", async function () {
            const result = await runAudit({ stack: "dev", userPoolId: poolId, clientId, databaseUrl });
            assert.deepEqual(result.links, [
                { kind: "linked", rowId: 1, email: "linked@example.org", sub: subs["linked@example.org"] },
                { kind: "email differs in case", rowId: 2, rowEmail: "Mixed.Case@Example.org", cognitoEmail: "mixed.case@example.org", sub: subs["mixed.case@example.org"] },
                { kind: "row without a user", rowId: 3, email: "gone@example.org", externalId: "00000000-0000-4000-8000-000000000000" },
                { kind: "email differs", rowId: 4, rowEmail: "old-name@example.org", cognitoEmail: "renamed@example.org", sub: subs["renamed@example.org"] },
                { kind: "user without a row", sub: subs["no-row@example.org"], email: "no-row@example.org", status: "FORCE_CHANGE_PASSWORD" },
            ]);
            assert.equal(result.exitCode, 3);
        });

        it("run as an operator runs it: prints the links and host:port/database, never the URL, its password or the client's secret, exit 3", async function () {
            const { status, stdout, stderr, lines } = runAuditCommand(["--stack", "dev", "--user-pool-id", poolId, "--client-id", clientId], services, databaseUrl);
            const url = new URL(databaseUrl);
            assert.equal(status, 3, stderr);
            assert.ok(!stdout.includes(url.password) && !stderr.includes(url.password), "the password is printed");
            assert.ok(!stdout.includes(databaseUrl) && !stderr.includes(databaseUrl), "the URL is printed");
            // DescribeUserPoolClient returns the secret with the client's settings; the audit reads it only to say whether there is one.
            const { UserPoolClient } = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
            const clientSecret = UserPoolClient!.ClientSecret!;
            assert.ok(clientSecret.length > 0);
            assert.ok(!stdout.includes(clientSecret) && !stderr.includes(clientSecret), "the client's secret is printed");
            assert.ok(lines.includes(`links: credere_user rows of ${url.hostname}:${url.port}${url.pathname} against the 4 user(s) of ${poolId}`), stdout);
            assert.ok(lines.includes(`link ok: credere_user 1 (linked@example.org) is Cognito user ${subs["linked@example.org"]}`), stdout);
            assert.ok(lines.includes(`link broken: credere_user 3 (gone@example.org): external_id 00000000-0000-4000-8000-000000000000 is no user of this pool`), stdout);
            assert.ok(lines.includes(`no row: Cognito user ${subs["no-row@example.org"]} (no-row@example.org, FORCE_CHANGE_PASSWORD) has no credere_user row`), stdout);
            assert.match(lines.at(-1)!, /^adoption: no replacement and no failure; 1 in-place change\(s\) to review, 3 setting\(s\) this endpoint does not report; 3 problem\(s\) need attention/);
        });

        it("an error message that quotes the URL is printed without the URL or its password (the provider's describeDatabase and redact)", function () {
            const url = "postgresql://credere:p%40ss-w0rd@db.example.org:5432/credere";
            assert.equal(redact(`could not parse ${url}; password p@ss-w0rd, raw p%40ss-w0rd`, [url]), "could not parse ***; password ***, raw ***");
            assert.equal(describeDatabase(url), "db.example.org:5432/credere");
            // pg also takes the password from the query string.
            const queryUrl = "postgresql://db.example.org:5432/credere?user=credere&password=Query-Secret";
            assert.equal(redact("password authentication failed (Query-Secret)", [queryUrl]), "password authentication failed (***)");
        });

        it("a database it cannot reach: exit 2, naming host:port/database, not the password", async function () {
            const unreachable = "postgresql://credere:s3cret-Pa55@127.0.0.1:1/credere";
            const { status, stdout, stderr } = runAuditCommand(["--stack", "dev", "--user-pool-id", poolId, "--client-id", clientId], services, unreachable);
            assert.equal(status, 2);
            assert.ok(!`${stdout}${stderr}`.includes("s3cret-Pa55"));
            assert.match(stderr, /^audit: .*ECONNREFUSED.* \(database 127\.0\.0\.1:1\/credere\)$/m);
        });
    });

    describe("run as an operator runs it", function () {
        it("prints one line per difference and exits 1 when adoption would replace or fail", async function () {
            const requests = consoleRequests("production", sesIdentityArn);
            requests.createUserPool.UsernameConfiguration = { CaseSensitive: true };
            requests.createUserPool.MfaConfiguration = "OFF";
            const { UserPool } = await cognito.send(new CreateUserPoolCommand(requests.createUserPool));
            const { status, lines, stderr } = runAuditCommand(["--stack", "production", "--user-pool-id", UserPool!.Id!], services);
            assert.equal(status, 1, stderr);
            assert.equal(lines[0], `audit of stack production: user pool ${UserPool!.Id!} (credere-production), no app client (give --client-id or set credere:importUserPoolClientId)`);
            assert.ok(
                lines.includes('replace: pool usernameConfiguration.caseSensitive: live true; stack false (ForceNew: a new, empty pool (every user lost))'),
                lines.join("\n"),
            );
            // No MFA configuration sent: the backend's MFA requirement is unmet now, met after pulumi up.
            assert.ok(lines.some((line) => line.startsWith('backend: MFA required (mfaConfiguration ON): the backend\'s login fails without an MFA challenge: live "OFF"; after pulumi up "ON": met after pulumi up')), lines.join("\n"));
            // No client audited: none of the client's requirements is checked.
            assert.deepEqual(lines.filter((line) => /^backend: (ALLOW_USER_PASSWORD_AUTH|a client secret)/.test(line)), []);
            assert.match(lines.at(-1)!, /^adoption: NOT safe: replace pool usernameConfiguration\.caseSensitive/);
        });

        it("refuses bad arguments before reading anything, naming the setting and what is allowed: exit 2", function () {
            const badStack = runAuditCommand(["--stack", "staging", "--user-pool-id", "us-east-1_Abc"], services);
            assert.equal(badStack.status, 2);
            assert.equal(badStack.stdout, "");
            assert.match(badStack.stderr, /^audit: --stack \(got "staging"\): must be one of dev, production$/m);

            const badPool = runAuditCommand(["--stack", "dev", "--user-pool-id", "not a pool"], services);
            assert.equal(badPool.status, 2);
            assert.equal(badPool.stdout, "");
            assert.match(badPool.stderr, /^audit: --user-pool-id \(got "not a pool"\): must be a user pool id such as us-east-1_AbCdEf123$/m);

            const badClient = runAuditCommand(["--stack", "dev", "--user-pool-id", "us-east-1_Abc", "--client-id", "not/a-client"], services);
            assert.equal(badClient.status, 2);
            assert.equal(badClient.stdout, "");
            assert.match(badClient.stderr, /^audit: --client-id \(got "not\/a-client"\): must be an app client id \(letters, digits, _ and \+\)$/m);

            const badUrl = runAuditCommand(["--stack", "dev", "--user-pool-id", "us-east-1_Abc"], services, "mysql://root:hunter2@db/credere");
            assert.equal(badUrl.status, 2);
            assert.equal(badUrl.stdout, "");
            assert.ok(!badUrl.stderr.includes("hunter2"));
            assert.match(badUrl.stderr, /^audit: CREDERE_DATABASE_URL \(value not shown: it holds a password\): must be a postgresql:\/\/user:password@host:port\/database URL$/m);

            // The URL has no option: a password typed on the command line would be printed by npm and kept by the shell.
            const urlAsOption = runAuditCommand(["--stack", "dev", "--user-pool-id", "us-east-1_Abc", "--database-url", "postgresql://u:hunter2@db/credere"], services);
            assert.equal(urlAsOption.status, 2);
            assert.ok(!urlAsOption.stderr.includes("hunter2"));
            assert.match(urlAsOption.stderr, /^audit: Unknown option '--database-url'/m);
        });
    });
});
