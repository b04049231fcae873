import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { parse } from "yaml";
import { LanguageHostRun, runProgramAsLanguageHost } from "./support/language-host";
import { asSecret, MockRun, runWithMocks, secretValue, TEST_ACCOUNT_ID, TEST_REGION, valueOf } from "./support/pulumi-mocks";
import { Registration } from "./support/resource-monitor";
import { stackConfigAfter } from "./support/stack-config";
import { loadStackConfig, ProgramConfig } from "../stacks/stack-config-file";

const projectRoot = path.resolve(__dirname, "..");
const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const ADMIN = "pulumi-nodejs:dynamic/credere:AdminUser";
const STACK = "pulumi:pulumi:Stack";

const ADMINS = [
    { email: "ana.admin@example.com", name: "Ana Admin", language: "es", type: "OCP" },
    { email: "ben.admin@example.org", name: "Ben Admin", language: "en", type: "FI", resourceName: "ben" },
];
const DATABASE_URL_KEY = "credere:databaseUrl";

/**
 * The stack's config as the CLI hands it to the program (project defaults merged, validated, values as
 * strings, secret keys listed), once an operator has done what the README says to provision admins:
 * the list written in Pulumi.<stack>.yaml, and `pulumi config set --secret credere:databaseUrl …`.
 */
function configWithAdmins(stack: string): ProgramConfig {
    return stackConfigAfter(stack, [{ key: "databaseUrl", value: "postgresql://provisioner:not-used@db.example.org:5432/credere", secret: true }], { "credere:adminUsers": ADMINS });
}

const PROGRAM_TSCONFIG = "tsconfig.program.json";
const TYPE_ERROR = `const count: number = "not a number";\nexport default count;\n`;

/** Copies of the project (node_modules linked), removed by `removeProjectCopies`. */
const projectCopies: string[] = [];

function projectCopy(addedFiles: Record<string, string>): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "credere-program-"));
    projectCopies.push(copy);
    const skipped = new Set(["node_modules", ".git", "dist"].map((name) => path.join(projectRoot, name)));
    fs.cpSync(projectRoot, copy, { recursive: true, filter: (source) => !skipped.has(source) });
    fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
    for (const [file, text] of Object.entries(addedFiles)) {
        fs.writeFileSync(path.join(copy, file), text);
    }
    return copy;
}

function removeProjectCopies(): void {
    projectCopies.splice(0).forEach((copy) => fs.rmSync(copy, { recursive: true, force: true }));
}

/** Valid with the program's compiler options, an error (TS2322) under noUncheckedIndexedAccess. */
const FINE_UNLESS_INDEX_CHECKED = `const firstOfList: string = ["only"][0];\n`;

/**
 * A copy of the project set against the program's compilation: type errors under tests/ and policy/;
 * a tsconfig.json (the tests') with a check, noUncheckedIndexedAccess, that index.ts's first line does
 * not meet. Run with TS_NODE_FILES in the deploying shell, which makes ts-node load every file a
 * tsconfig includes.
 */
function copyWithHostileCompileSettings(): string {
    const copy = projectCopy({ "tests/broken-on-purpose.test.ts": TYPE_ERROR, "policy/broken-on-purpose.ts": TYPE_ERROR });
    const testsTsconfig = path.join(copy, "tsconfig.json");
    fs.writeFileSync(testsTsconfig, fs.readFileSync(testsTsconfig, "utf8").replace(`"compilerOptions": {`, `"compilerOptions": {\n    "noUncheckedIndexedAccess": true,`));
    const program = path.join(copy, "index.ts");
    fs.writeFileSync(program, FINE_UNLESS_INDEX_CHECKED + fs.readFileSync(program, "utf8"));
    return copy;
}

/** The compiler options a tsconfig file gives. */
function compilerOptionsOf(tsconfig: string): ts.CompilerOptions {
    return ts.parseJsonConfigFileContent(ts.readConfigFile(tsconfig, ts.sys.readFile).config, ts.sys, path.dirname(tsconfig)).options;
}

/** The codes of the type errors of `source` alone (with the default library), under `options`. */
function typeErrorsOf(source: string, options: ts.CompilerOptions): string[] {
    const fileName = path.join(os.tmpdir(), "source-alone.ts");
    const host = ts.createCompilerHost(options);
    const readSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, languageVersion, ...rest) => (name === fileName ? ts.createSourceFile(name, source, languageVersion) : readSourceFile(name, languageVersion, ...rest));
    const program = ts.createProgram([fileName], { ...options, types: [] }, host);
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => `TS${diagnostic.code}`);
}

// The dev stack runs from that copy, production from the project itself: every assertion below then
// also holds against hostile compile settings, without a third runner process (ten seconds of CPU).
const stacks = [
    { stack: "dev", protect: false, retainAdminUsersOnDelete: false, fromHostileCopy: true },
    { stack: "production", protect: true, retainAdminUsersOnDelete: true, fromHostileCopy: false },
];

interface StackRuns {
    projectDir: string;
    config: Record<string, string>;
    run: LanguageHostRun;
    mocked: MockRun<Record<string, pulumi.Output<any>>>;
    mockedPoolId: string;
}

describe("the program, run by Pulumi's own program runner as the Node.js language host starts it", () => {
    const runs = new Map<string, StackRuns>();

    // One runner process per stack, both at once; then the same program under mocks, one stack at a time (mocks are global).
    before(async () => {
        const started = stacks.map(async ({ stack, fromHostileCopy }) => {
            const { config, secretKeys } = configWithAdmins(stack);
            const projectDir = fromHostileCopy ? copyWithHostileCompileSettings() : projectRoot;
            const environment = fromHostileCopy ? { TS_NODE_FILES: "true" } : undefined;
            return { stack, projectDir, config, run: await runProgramAsLanguageHost({ projectDir, stack, config, secretKeys, environment }) };
        });
        for (const { stack, projectDir, config, run } of await Promise.all(started)) {
            const mocked = await runWithMocks(stack, config, () => require("../index"));
            runs.set(stack, { projectDir, config, run, mocked, mockedPoolId: await valueOf(mocked.result.userPoolId) });
        }
    });
    after(removeProjectCopies);

    for (const { stack, protect, retainAdminUsersOnDelete, fromHostileCopy } of stacks) {
        describe(`the ${stack} stack with admins${fromHostileCopy ? ", run from a copy with hostile compile settings" : ""}`, () => {
            let projectDir: string;
            let config: Record<string, string>;
            let run: LanguageHostRun;
            let mocked: MockRun<Record<string, pulumi.Output<any>>>;
            let mockedPoolId: string;

            before(() => ({ projectDir, config, run, mocked, mockedPoolId } = runs.get(stack)!));

            it("runs to the end, logging no warning or error", () => {
                assert.strictEqual(run.exitCode, 0, whatWentWrong(run));
                const complaints = run.record.logs.filter((log) => log.severity === "warning" || log.severity === "error");
                assert.deepStrictEqual(complaints, []);
            });

            it("is started on Pulumi.yaml's main, TypeScript with tsconfig.program.json, and the config as the CLI passes it", () => {
                assert.strictEqual(run.command.args.at(-1), "index.ts");
                assert.strictEqual(run.command.args[run.command.args.indexOf("--pwd") + 1], projectDir);
                assert.strictEqual(run.command.env.PULUMI_NODEJS_TYPESCRIPT, "true");
                assert.strictEqual(run.command.env.PULUMI_NODEJS_TSCONFIG_PATH, PROGRAM_TSCONFIG);
                const passed = JSON.parse(run.command.env.PULUMI_CONFIG);
                assert.strictEqual(passed["credere:config:userPoolName"], config["credere:userPoolName"]);
                assert.deepStrictEqual(JSON.parse(passed["credere:config:adminUsers"]), ADMINS);
                assert.strictEqual(passed["aws:config:region"], "us-east-1");
                assert.deepStrictEqual(JSON.parse(run.command.env.PULUMI_CONFIG_SECRET_KEYS), [DATABASE_URL_KEY]);
            });

            if (fromHostileCopy) {
                it("compiles with its own settings only: a stricter option in tsconfig.json does not reach it, nor do broken files under tests/ and policy/", () => {
                    // The broken files would not stop the run with tsconfig.json either (ts-node reports errors only in the files
                    // the program loads, even with TS_NODE_FILES; tried by hand): they show that they still do not. The stricter
                    // option is what fails the run when the runner compiles with tsconfig.json (exit 32, tried by hand):
                    // index.ts's first line meets the program's options and not the tests' stricter ones.
                    const stricterOptions = compilerOptionsOf(path.join(projectDir, "tsconfig.json"));
                    assert.strictEqual(stricterOptions.noUncheckedIndexedAccess, true);
                    assert.ok(fs.readFileSync(path.join(projectDir, "index.ts"), "utf8").startsWith(FINE_UNLESS_INDEX_CHECKED));
                    assert.deepStrictEqual(typeErrorsOf(FINE_UNLESS_INDEX_CHECKED, compilerOptionsOf(path.join(projectDir, PROGRAM_TSCONFIG))), []);
                    assert.deepStrictEqual(typeErrorsOf(FINE_UNLESS_INDEX_CHECKED, stricterOptions), ["TS2322"]);
                    assert.strictEqual(run.command.shell.TS_NODE_FILES, "true");
                    assert.strictEqual(run.exitCode, 0, whatWentWrong(run));
                    assert.strictEqual(run.stackOutputs.userPoolId, one(run, POOL).id);
                });
            }

            it("registers the same resources, with the same inputs and import ids, as the run under mocks", () => {
                // The pool's id comes from the provider (here the test's monitor, there the mocks): compared as a placeholder.
                const viaRunner = comparable(run.record.registrations.filter((registration) => registration.type !== STACK), one(run, POOL).id);
                const underMocks = comparable(mocked.resources, mockedPoolId);
                assert.deepStrictEqual(viaRunner, underMocks);
                const types = run.record.registrations.map((registration) => registration.type);
                assert.deepStrictEqual(types.filter((type) => [STACK, POOL, CLIENT, ADMIN].includes(type)).sort(), [ADMIN, ADMIN, CLIENT, STACK, POOL].sort());
            });

            it("parents the component on the stack, and the pool, the client and the admins on the component", () => {
                const stackResource = one(run, STACK);
                const component = one(run, "credere:index:CredereAuth");
                assert.strictEqual(stackResource.urn, `urn:pulumi:${stack}::credere::${STACK}::credere-${stack}`);
                assert.strictEqual(component.parent, stackResource.urn);
                for (const child of run.record.registrations.filter((registration) => registration.custom)) {
                    assert.strictEqual(child.parent, component.urn, `${child.type} ${child.name}`);
                }
            });

            it(`${protect ? "protects" : "does not protect"} the pool and the client, and ${retainAdminUsersOnDelete ? "retains" : "does not retain"} the admins on delete`, () => {
                assert.strictEqual(one(run, POOL).protect, protect);
                assert.strictEqual(one(run, CLIENT).protect, protect);
                for (const admin of run.record.registrations.filter((registration) => registration.type === ADMIN)) {
                    assert.strictEqual(admin.retainOnDelete, retainAdminUsersOnDelete, admin.name);
                }
            });

            it("asks AWS for the deploying account, region and partition only to build the ARN of the stack's SES identity", () => {
                const sesIdentity = config["credere:sesIdentity"];
                const expectedInvokes = sesIdentity
                    ? ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion"]
                    : [];
                assert.deepStrictEqual([...run.record.invokes].sort(), expectedInvokes);
                const expectedArn = sesIdentity ? `arn:aws:ses:${TEST_REGION}:${TEST_ACCOUNT_ID}:identity/${sesIdentity}` : undefined;
                assert.strictEqual(one(run, POOL).inputs.emailConfiguration.sourceArn, expectedArn);
            });

            it("exports the pool, the client, the backend's environment and each admin's email, sub and credere_user id, secrets as secrets", () => {
                const pool = one(run, POOL);
                const client = one(run, CLIENT);
                const clientSecret = secretValue(client.outputs.clientSecret);
                const issuerUrl = `https://cognito-idp.${TEST_REGION}.amazonaws.com/${pool.id}`;
                const admins = run.record.registrations.filter((registration) => registration.type === ADMIN);
                assert.match(pool.id, /^us-east-1_/);
                assert.deepStrictEqual(run.stackOutputs, {
                    userPoolId: pool.id,
                    userPoolArn: `arn:aws:cognito-idp:${TEST_REGION}:${TEST_ACCOUNT_ID}:userpool/${pool.id}`,
                    userPoolClientId: client.id,
                    userPoolClientSecret: asSecret(clientSecret),
                    issuerUrl,
                    jwksUrl: `${issuerUrl}/.well-known/jwks.json`,
                    backendEnvironment: asSecret({ AWS_REGION: TEST_REGION, COGNITO_POOL_ID: pool.id, COGNITO_CLIENT_ID: client.id, COGNITO_CLIENT_SECRET: clientSecret }),
                    adminUsers: ADMINS.map((entry) => {
                        const admin = admins.find((registration) => registration.inputs.email === entry.email)!;
                        return { email: entry.email, sub: admin.outputs.sub, credereUserId: admin.outputs.credereUserId };
                    }),
                });
                assert.deepStrictEqual(
                    ADMINS.map((entry) => admins.find((registration) => registration.inputs.email === entry.email)?.name),
                    ["credere-admin-ana.admin@example.com", "credere-admin-ben"],
                );
            });
        });
    }
});

describe("the program's own compilation (Pulumi.yaml runtime option tsconfig: tsconfig.program.json)", () => {
    it("is the tsconfig Pulumi.yaml names", () => {
        const project = parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8"));
        assert.strictEqual(project.runtime.options.tsconfig, PROGRAM_TSCONFIG);
    });

    it("holds the program's files only, with Node's types and type checking on", () => {
        const { config } = ts.readConfigFile(path.join(projectRoot, PROGRAM_TSCONFIG), ts.sys.readFile);
        const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectRoot);
        const files = parsed.fileNames.map((file) => path.relative(projectRoot, file));
        assert.ok(files.includes("index.ts"), files.join(", "));
        for (const file of files) {
            assert.match(file, /^(index\.ts|components\/|stacks\/)/, `${PROGRAM_TSCONFIG} compiles ${file}`);
        }
        assert.deepStrictEqual(parsed.options.types, ["node"]);
        // Pulumi's runner skips type checking when the tsconfig says noCheck (cmd/run/run.js); ts-node when its own block says so.
        assert.strictEqual(config.compilerOptions.noCheck, undefined);
        assert.strictEqual(config["ts-node"], undefined);
        // Read without `extends` by the runner (@pulumi/pulumi tsutils.js loadTypeScriptCompilerOptions): it must stand alone.
        assert.strictEqual(config.extends, undefined);
    });

    it("imports each AWS module by its own path, never @pulumi/aws's index, which would make every preview type-check every AWS service", () => {
        const { config } = ts.readConfigFile(path.join(projectRoot, PROGRAM_TSCONFIG), ts.sys.readFile);
        const programFiles = ts.parseJsonConfigFileContent(config, ts.sys, projectRoot).fileNames;
        const policyFiles = fs.readdirSync(path.join(projectRoot, "policy")).filter((file) => file.endsWith(".ts")).map((file) => path.join(projectRoot, "policy", file));
        const awsImports = [...programFiles, ...policyFiles].flatMap((file) =>
            ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles
                .map((imported) => imported.fileName)
                .filter((name) => name.startsWith("@pulumi/aws"))
                .map((name) => `${path.relative(projectRoot, file)}: ${name}`),
        );
        assert.ok(awsImports.some((line) => line.endsWith("@pulumi/aws/cognito")), awsImports.join("\n"));
        assert.deepStrictEqual(awsImports.filter((line) => line.endsWith(": @pulumi/aws")), []);
    });

    describe("run from a copy of the project", () => {
        after(removeProjectCopies);

        it("still type-checks the program: a type error in a program file stops the run before any resource", async () => {
            const copy = projectCopy({});
            const program = path.join(copy, "index.ts");
            fs.writeFileSync(program, `const count: number = "not a number";\n${fs.readFileSync(program, "utf8")}`);
            const { config, secretKeys } = loadStackConfig("dev", { root: copy });
            const run = await runProgramAsLanguageHost({ projectDir: copy, stack: "dev", config, secretKeys });
            // The runner's exit code for an error it has already shown; the host then bails without adding its own
            // (main.go `nodeJSProcessExitedAfterShowingUserActionableMessage`).
            assert.strictEqual(run.exitCode, 32, whatWentWrong(run));
            assert.match(whatWentWrong(run), /index.ts\(1,7\): error TS2322: Type 'string' is not assignable to type 'number'/);
            assert.deepStrictEqual(run.record.registrations.map((registration) => registration.type), [STACK]);
        });
    });
});

/** The runner's own output and the warnings and errors the program logged to the engine. */
function whatWentWrong(run: LanguageHostRun): string {
    const logged = run.record.logs.filter((log) => log.severity === "warning" || log.severity === "error").map((log) => `${log.severity}: ${log.message}`);
    return [run.output, ...logged].join("\n");
}

function one(run: LanguageHostRun, type: string): Registration {
    const found = run.record.registrations.filter((registration) => registration.type === type);
    assert.strictEqual(found.length, 1, `expected one ${type}, registered ${found.length}`);
    return found[0];
}

/** Type, name, inputs and import id of each registration, sorted, with the pool's provider-given id replaced. */
function comparable(resources: { type: string; name: string; inputs: Record<string, any>; importId?: string }[], poolId: string): unknown[] {
    const sorted = resources
        .map(({ type, name, inputs, importId }) => ({ type, name, inputs, importId }))
        .sort((a, b) => `${a.type}::${a.name}`.localeCompare(`${b.type}::${b.name}`));
    return JSON.parse(JSON.stringify(sorted).split(poolId).join("<the pool's id>"));
}

