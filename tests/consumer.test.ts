import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RECORDED_CREDERE_OUTPUTS, secretValue } from "./support/pulumi-mocks";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";

const projectRoot = path.resolve(__dirname, "..");
const fixtureDir = path.join(__dirname, "fixtures", "consumer");
// The consumer's own Pulumi packages are this project's installed copies, linked (npm links a `file:`
// directory): the same versions the component is tested with, without unpacking @pulumi/aws's 10,000
// files again (three quarters of this file's time went there). npm still resolves the component's peer
// ranges against them, and its own dependencies come from the packed manifest.
const installedDirectory = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

interface ConsumerRun {
    resources: Array<{ type: string; name: string; inputs: Record<string, any> }>;
    outputs: Record<string, any>;
    secretOutputs: string[];
}

describe("another Credere stack importing the packed component", function () {
    let consumerDir: string;

    // Packing and installing takes some seconds: the npm registry (or npm's cache) supplies the component's dependencies.
    this.timeout(300_000);

    before(() => {
        consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), "credere-consumer-"));
        const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", consumerDir], { cwd: projectRoot, encoding: "utf8" })
            .trim()
            .split("\n")
            .pop()!;
        for (const file of fs.readdirSync(fixtureDir)) {
            fs.copyFileSync(path.join(fixtureDir, file), path.join(consumerDir, file));
        }
        const manifest = {
            name: "credere-consumer",
            private: true,
            dependencies: {
                "@open-contracting/credere-auth": `file:./${tarball}`,
                "@pulumi/pulumi": `file:${installedDirectory("@pulumi/pulumi")}`,
                "@pulumi/aws": `file:${installedDirectory("@pulumi/aws")}`,
                "@pulumi/postgresql": `file:${installedDirectory("@pulumi/postgresql")}`,
                "@pulumi/random": `file:${installedDirectory("@pulumi/random")}`,
            },
        };
        fs.writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify(manifest, null, 2));
        execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: consumerDir, stdio: "pipe" });
    });

    after(() => {
        if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true });
    });

    // Each program runs once (a few seconds each); tests that read the same run share it.
    const runs = new Map<string, ConsumerRun>();
    function runConsumer(program: string): ConsumerRun {
        if (!runs.has(program)) runs.set(program, runProgram(program));
        return runs.get(program)!;
    }

    function runProgram(program: string): ConsumerRun {
        const output = execFileSync(
            process.execPath,
            [...TS_NODE_SCRIPT, path.join(__dirname, "support", "consumer-runner.ts"), consumerDir, program],
            { cwd: consumerDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        );
        return JSON.parse(output);
    }

    it("ships built JavaScript and declarations only: no tests, no program, no sources", () => {
        const installed = path.join(consumerDir, "node_modules", "@open-contracting", "credere-auth");
        const files = execFileSync("find", [".", "-type", "f"], { cwd: installed, encoding: "utf8" }).split("\n").filter(Boolean).sort();
        assert.ok(files.includes("./dist/index.js") && files.includes("./dist/index.d.ts"), files.join("\n"));
        assert.deepStrictEqual(files.filter((file) => !/^\.\/(dist\/[\w-]+\.(js|d\.ts)|package\.json|README\.md)$/.test(file)), []);
        const manifest = require(path.join(installed, "package.json"));
        assert.deepStrictEqual(Object.keys(manifest.peerDependencies).sort(), ["@pulumi/aws", "@pulumi/postgresql", "@pulumi/pulumi", "@pulumi/random"]);
        assert.deepStrictEqual(Object.keys(manifest.dependencies).filter((name) => name.startsWith("@pulumi/")), []);
    });

    it("type-checks the consumer's programs against the shipped declarations", () => {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", consumerDir], { stdio: "pipe" });
    });

    it("registers a baseline pool, client and admin user from typed arguments alone, with the consumer's override", () => {
        const { resources } = runConsumer("index.ts");
        const one = (type: string) => {
            const found = resources.filter((resource) => resource.type === type);
            assert.strictEqual(found.length, 1, type);
            return found[0];
        };
        assert.strictEqual(one("credere:index:CredereAuth").name, "partner-auth");
        const pool = one("aws:cognito/userPool:UserPool").inputs;
        assert.strictEqual(pool.name, "credere-partner");
        assert.strictEqual(pool.passwordPolicy.minimumLength, 12);
        assert.strictEqual(pool.mfaConfiguration, "ON");
        assert.deepStrictEqual(pool.usernameAttributes, ["email"]);
        assert.strictEqual(pool.deletionProtection, "ACTIVE");
        const client = one("aws:cognito/userPoolClient:UserPoolClient").inputs;
        assert.strictEqual(client.name, "credere-partner");
        assert.strictEqual(client.generateSecret, true);
        assert.ok(client.explicitAuthFlows.includes("ALLOW_USER_PASSWORD_AUTH"));
        const admin = one("pulumi-nodejs:dynamic/credere:AdminUser");
        assert.strictEqual(admin.name, "partner-auth-admin-partner-admin@example.org");
        assert.deepStrictEqual([admin.inputs.email, admin.inputs.language, admin.inputs.type], ["partner-admin@example.org", "es", "OCP"]);
        assert.match(admin.inputs.__provider, /AdminCreateUserCommand/);
        assert.doesNotMatch(admin.inputs.__provider, /require\("@open-contracting\/credere-auth/, "the serialized provider stands alone");
    });

    it("exports each admin's email, Cognito sub and credere_user id, the pool id, and the backend's environment, still secret", () => {
        const { resources, outputs, secretOutputs } = runConsumer("index.ts");
        // tests/support/fake-cloud.ts answers the n-th registration with ids and outputs numbered n:
        // an AdminUser's sub `sub-n` and credere_user id n, a pool's id `us-east-1_TestPooln`, a client's
        // id `<name>-id-n` and secret `client-secret-n`.
        const sequenceOf = (type: string) => resources.findIndex((resource) => resource.type === type) + 1;
        const admin = sequenceOf("pulumi-nodejs:dynamic/credere:AdminUser");
        const pool = sequenceOf("aws:cognito/userPool:UserPool");
        const client = sequenceOf("aws:cognito/userPoolClient:UserPoolClient");
        assert.ok(admin > 0 && pool > 0 && client > 0, "the admin, pool and client are registered");
        assert.deepStrictEqual(outputs, {
            userPoolId: `us-east-1_TestPool${pool}`,
            backendEnvironment: {
                AWS_REGION: "us-east-1",
                COGNITO_POOL_ID: `us-east-1_TestPool${pool}`,
                COGNITO_CLIENT_ID: `${resources[client - 1].name}-id-${client}`,
                COGNITO_CLIENT_SECRET: `client-secret-${client}`,
            },
            adminUsers: [{ email: "partner-admin@example.org", sub: `sub-${admin}`, credereUserId: admin }],
        });
        assert.deepStrictEqual(secretOutputs, ["backendEnvironment"]);
    });

    it("reads a Credere stack's outputs through a StackReference and uses them, still secret", () => {
        const { resources, outputs, secretOutputs } = runConsumer("backend-deployment.ts");
        const reference = resources.find((resource) => resource.type === "pulumi:pulumi:StackReference");
        assert.strictEqual(reference?.name, "open-contracting/credere/production");
        const parameters = resources.filter((resource) => resource.type === "aws:ssm/parameter:Parameter");
        assert.deepStrictEqual(
            parameters.map((parameter) => [parameter.name, secretValue(parameter.inputs.value)]),
            [
                ["cognito-pool-id", RECORDED_CREDERE_OUTPUTS.backendEnvironment.COGNITO_POOL_ID],
                ["cognito-client-secret", RECORDED_CREDERE_OUTPUTS.backendEnvironment.COGNITO_CLIENT_SECRET],
            ],
        );
        assert.strictEqual(outputs.issuer, RECORDED_CREDERE_OUTPUTS.issuerUrl);
        // The parameters' values are secret whatever they hold (aws.ssm.Parameter makes `value` secret); what
        // shows the reference keeps the stack's secrets is the environment as read, secret, beside the issuer, not.
        assert.deepStrictEqual(outputs.backendEnvironment, RECORDED_CREDERE_OUTPUTS.backendEnvironment);
        assert.deepStrictEqual(secretOutputs, ["backendEnvironment"]);
    });
});
