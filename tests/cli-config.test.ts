import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { BASELINE_AUTH_FLOWS } from "../components/credere-auth-args";
import { ProgramConfig, loadStackConfig, parseProjectFile, readProjectFile } from "../stacks/stack-config-file";
import { runWithMocks, secretValue } from "./support/pulumi-mocks";
import { ConfigSetCommand, stackConfigAfter } from "./support/stack-config";

/*
 * The Pulumi CLI's checks on a project's and a stack's configuration, which run before the program starts
 * (there is no CLI on these machines). stacks/stack-config-file.ts encodes them from pulumi/pulumi v3.259.0:
 * - sdk/go/common/workspace/loaders.go, LoadProjectBytes: Pulumi.yaml is read, its shorthand rewritten
 *   (project.go RewriteShorthandConfigValues) and checked (project.go Project.Validate, ValidateConfigValue);
 * - pkg/workspace/config.go, ValidateStackConfigAndApplyProjectConfig (mergeConfig, validateStackConfigValues,
 *   validateStackConfigValue): run by `pulumi preview`, `up`, `refresh` and `destroy` (pkg/cmd/pulumi/operations);
 * - pkg/cmd/pulumi/config/config.go, configSetCmd.Run: what `pulumi config set` stores.
 * Re-check these against a newer Pulumi by reading the same functions; the messages below are the CLI's.
 */

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const ADMIN_USER = "pulumi-nodejs:dynamic/credere:AdminUser";
const ROLE = "postgresql:index/role:Role";

// What the README's "Set-up per stack" tells an operator to run (the ids are examples of Cognito's formats).
const DATABASE_URL: ConfigSetCommand = { key: "credere:databaseUrl", value: "postgresql://credere:Hunter2-Secret@credere-db.example.org:5432/credere", secret: true };
const IMPORT: ConfigSetCommand[] = [
    { key: "credere:importUserPoolId", value: "us-east-1_AbCdEf123" },
    { key: "credere:importUserPoolClientId", value: "3ho4ek12345678909nh3fmhpko" },
];
const POSTGRESQL_PROVIDER: ConfigSetCommand[] = [
    { key: "postgresql:host", value: "credere-db.example.org" },
    { key: "postgresql:database", value: "credere" },
    { key: "postgresql:username", value: "postgres" },
    { key: "postgresql:password", value: "Administrative-Secret", secret: true },
    { key: "postgresql:sslmode", value: "require" },
    { key: "postgresql:port", value: "5432" },
];
// Lists go in the stack file as YAML, never through `pulumi config set`.
const ADMINS_IN_STACK_FILE = { "credere:adminUsers": [{ email: "admin@example.org", name: "Admin User", language: "en" }] };

/** The CLI's refusal, or a failure when it would accept. */
function cliRefusal(run: () => unknown): string {
    try {
        run();
    } catch (error) {
        // By name: the program's modules are loaded afresh by each mocked run, so the class may be another copy.
        assert.strictEqual((error as Error).name, "StackConfigError", String(error));
        return (error as Error).message;
    }
    assert.fail("the Pulumi CLI would refuse this, but it was accepted");
}

/**
 * Runs index.ts under mocks on the config as the CLI hands it over, secret keys marked as the CLI marks
 * them (PULUMI_CONFIG_SECRET_KEYS; pkg/resource/deploy/source_eval.go: Config.SecureKeys()).
 */
async function runProgram(stack: string, handed: ProgramConfig) {
    return runWithMocks(stack, handed.config, () => require("../index"), pulumi.runtime, "credere", handed.secretKeys);
}

describe("Pulumi.yaml, as the CLI loads it (project.go Project.Validate)", () => {
    it("is accepted", () => {
        const project = readProjectFile();
        assert.strictEqual(project.name, "credere");
    });

    it("would be refused with a list declared without its item type", () => {
        const message = cliRefusal(() => parseProjectFile("name: credere\nconfig:\n  explicitAuthFlows:\n    type: array\n"));
        assert.strictEqual(message, "The configuration key 'explicitAuthFlows' declares an array but does not specify the underlying type via the 'items' attribute");
    });

    it("would be refused with a default of another type than declared", () => {
        const message = cliRefusal(() => parseProjectFile("name: credere\nconfig:\n  protect:\n    type: boolean\n    default: yes\n"));
        assert.strictEqual(message, "The default value specified for configuration key 'protect' is not of the expected type 'boolean'");
    });
});

describe("the stack files as shipped (config.go ValidateStackConfigAndApplyProjectConfig)", () => {
    for (const [stack, poolName] of [
        ["dev", "credere"],
        ["production", "credere-production"],
    ]) {
        describe(`${stack}`, () => {
            let handed: ProgramConfig;
            before(() => {
                handed = loadStackConfig(stack);
            });

            it("is accepted, and hands the program the project's defaults as text, lists as JSON (config.go createConfigValue)", () => {
                assert.strictEqual(handed.config["credere:userPoolName"], poolName);
                assert.strictEqual(handed.config["aws:region"], "us-east-1");
                assert.strictEqual(handed.config["credere:explicitAuthFlows"], JSON.stringify(BASELINE_AUTH_FLOWS));
                assert.strictEqual(handed.config["credere:adminUsers"], "[]");
                assert.strictEqual(handed.config["credere:allowReplacementOf"], "[]");
                assert.strictEqual(handed.config["credere:mfaConfiguration"], "ON");
                assert.strictEqual(handed.config["credere:passwordMinimumLength"], "14");
                assert.deepStrictEqual(handed.secretKeys, []);
            });

            it("runs the program, which registers the pool and its client", async () => {
                const run = await runProgram(stack, handed);
                assert.deepStrictEqual(
                    [run.one(POOL).inputs.name, run.one(CLIENT).inputs.name, run.one(POOL).importId, run.byType(ADMIN_USER).length],
                    [poolName, poolName, undefined, 0],
                );
            });
        });
    }
});

describe("each `pulumi config set` of the README, on each stack (config.go configSetCmd.Run, then ValidateStackConfigAndApplyProjectConfig)", () => {
    for (const stack of ["dev", "production"]) {
        describe(`${stack}`, () => {
            it("adopting the hand-made pool and client: accepted; the program imports both", async () => {
                const handed = stackConfigAfter(stack, IMPORT);
                assert.strictEqual(handed.config["credere:importUserPoolId"], "us-east-1_AbCdEf123");
                const run = await runProgram(stack, handed);
                assert.deepStrictEqual([run.one(POOL).importId, run.one(CLIENT).importId], ["us-east-1_AbCdEf123", "us-east-1_AbCdEf123/3ho4ek12345678909nh3fmhpko"]);
            });

            it("admins with the secret database URL: accepted, the URL among the keys the CLI hands over as secret; the program puts it in no resource input", async () => {
                const handed = stackConfigAfter(stack, [DATABASE_URL], ADMINS_IN_STACK_FILE);
                assert.deepStrictEqual(handed.secretKeys, ["credere:databaseUrl"]);
                assert.strictEqual(handed.config["credere:databaseUrl"], DATABASE_URL.value);
                assert.strictEqual(handed.config["credere:adminUsers"], '[{"email":"admin@example.org","language":"en","name":"Admin User"}]');
                const run = await runProgram(stack, handed);
                assert.deepStrictEqual(
                    run.byType(ADMIN_USER).map((admin) => [admin.inputs.email, admin.inputs.language]),
                    [["admin@example.org", "en"]],
                );
                assert.ok(!JSON.stringify(run.resources).includes("Hunter2-Secret"), "the database URL is in no resource input");
            });

            it("admins through the postgresql provider: accepted, port and sslmode as text; the program creates the role", async () => {
                const handed = stackConfigAfter(stack, POSTGRESQL_PROVIDER, ADMINS_IN_STACK_FILE);
                assert.deepStrictEqual(handed.secretKeys, ["postgresql:password"]);
                assert.deepStrictEqual([handed.config["postgresql:port"], handed.config["postgresql:sslmode"]], ["5432", "require"]);
                const run = await runProgram(stack, handed);
                assert.strictEqual(run.one(ROLE).inputs.name, "credere_admin_provisioner");
                const url = new URL(secretValue(run.one(ADMIN_USER).inputs.databaseConnection));
                assert.deepStrictEqual([url.hostname, url.port, url.pathname, url.searchParams.get("sslmode")], ["credere-db.example.org", "5432", "/credere", "require"]);
            });
        });
    }
});

describe("what the CLI refuses before the program starts", () => {
    it("a key declared without default or value that the stack does not set (config.go mergeConfig)", () => {
        const message = cliRefusal(() => stackConfigAfter("dev", [], { "credere:userPoolName": undefined }));
        assert.strictEqual(message, "Stack 'dev' is missing configuration value 'userPoolName'");
    });

    it("the Pulumi.yaml of before issue 9, with the message the real CLI printed", () => {
        const message = cliRefusal(() => loadStackConfig("dev", { root: path.join(__dirname, "fixtures", "project-before-issue-9") }));
        assert.strictEqual(
            message,
            "Stack 'dev' is missing configuration values 'adminUsers', 'allowReplacementOf', 'databaseUrl', 'explicitAuthFlows', " +
                "'fromEmailAddress', 'importUserPoolClientId', 'importUserPoolId', 'provisioningRole' and 'sesSourceArn'",
        );
    });

    it("a secret declared with a default, which is stored in plaintext (config.go validateStackConfigValue)", () => {
        const project = parseProjectFile("name: credere\nconfig:\n  userPoolName: credere\n  databaseUrl:\n    type: string\n    secret: true\n    default: ''\n");
        const message = cliRefusal(() => stackConfigAfter("dev", [], {}, project));
        assert.strictEqual(message, "Stack 'dev' with configuration key 'databaseUrl' must be encrypted as it's secret");
        assert.doesNotThrow(() => stackConfigAfter("dev", [DATABASE_URL], {}, parseProjectFile("name: credere\nconfig:\n  databaseUrl:\n    type: string\n    secret: true\n")));
    });

    it("a list set with `pulumi config set key '[...]'`, which stores text (project.go ValidateConfigValue)", () => {
        const flows = JSON.stringify(["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]);
        const message = cliRefusal(() => stackConfigAfter("dev", [{ key: "credere:explicitAuthFlows", value: flows }]));
        assert.strictEqual(message, "Stack 'dev' with configuration key 'explicitAuthFlows' must be of type 'array<string>'");
        const admins = cliRefusal(() => stackConfigAfter("production", [{ key: "credere:adminUsers", value: JSON.stringify(ADMINS_IN_STACK_FILE["credere:adminUsers"]) }]));
        assert.strictEqual(admins, "Stack 'production' with configuration key 'adminUsers' must be of type 'array<object>'");
        // Written in the stack file as YAML, the same lists are accepted, and handed over as Go's json.Marshal
        // writes them (sdk/go/common/resource/config/plaintext.go marshalText): map keys sorted, & < > escaped.
        const handed = stackConfigAfter("dev", [DATABASE_URL], {
            "credere:explicitAuthFlows": JSON.parse(flows),
            "credere:adminUsers": [{ name: "Ana & Bo <ops>", email: "ops@example.org" }],
        });
        assert.strictEqual(handed.config["credere:adminUsers"], '[{"email":"ops@example.org","name":"Ana \\u0026 Bo \\u003cops\\u003e"}]');
        assert.strictEqual(handed.config["credere:explicitAuthFlows"], flows);
    });

    it("a value of the wrong type: text for a number or a boolean; digits and true/false as text pass", () => {
        assert.strictEqual(
            cliRefusal(() => stackConfigAfter("dev", [{ key: "credere:passwordMinimumLength", value: "twelve" }])),
            "Stack 'dev' with configuration key 'passwordMinimumLength' must be of type 'integer'",
        );
        assert.strictEqual(
            cliRefusal(() => stackConfigAfter("dev", [{ key: "protect", value: "yes" }])),
            "Stack 'dev' with configuration key 'protect' must be of type 'boolean'",
        );
        const handed = stackConfigAfter("dev", [
            { key: "credere:passwordMinimumLength", value: "12" },
            { key: "credere:protect", value: "true" },
        ]);
        assert.deepStrictEqual([handed.config["credere:passwordMinimumLength"], handed.config["credere:protect"]], ["12", "true"]);
    });
});
