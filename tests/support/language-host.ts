import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { defaultParallel, MonitorRecord, serveDeployment } from "./resource-monitor";

/**
 * Runs a Pulumi program the way `pulumi up` does, with Pulumi's own code: the SDK's program runner
 * `@pulumi/pulumi/cmd/run`, started as the Node.js language host starts it, against a ResourceMonitor
 * and Engine served by the test (./resource-monitor.ts).
 *
 * Followed from pulumi/pulumi (the newest stored sources, v3.259; the runner's flags and environment
 * variables are the same in the @pulumi/pulumi 3.276 installed here, cmd/run/index.js and run.js):
 * - pkg/engine/project.go `getPwdMain`: Pulumi.yaml's `main` relative to the project root; a file
 *   gives pwd = its directory and entry point = its base name, a directory gives pwd = it and ".".
 * - pkg/resource/deploy/program_source.go `forkRun`: RunRequest with the project root as
 *   rootDirectory, that pwd as programDirectory, the entry point, and Pulumi.yaml's runtime options.
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go:
 *   - `constructArguments`: `<run path> --monitor --engine --sync --organization --project
 *     --root-directory --stack --pwd [--dry-run] --parallel [--tracing] <entry point>`, empty flags left out;
 *   - `constructConfig`: PULUMI_CONFIG, a JSON object of every config value as a string, keys
 *     rewritten `<namespace>:config:<name>`;
 *   - `constructConfigSecretKeys`: PULUMI_CONFIG_SECRET_KEYS, a JSON list of the secret keys;
 *   - `parseOptions` + `execRuntime`: runtime option `typescript` (default true) sets
 *     PULUMI_NODEJS_TYPESCRIPT=true, `tsconfig` sets PULUMI_NODEJS_TSCONFIG_PATH; the runner
 *     (cmd/run/run.js) then registers ts-node with that tsconfig, relative to pwd, or `tsconfig.json`;
 *   - `Run`: the run path `@pulumi/pulumi/cmd/run` resolved from the program directory (`locateModule`).
 *   The host puts a proxy between the runner and the engine's monitor that forwards every call as is,
 *   and serves synchronous invokes on pipes in the `--sync` directory; here the runner talks to the
 *   test's monitor directly, and the sync directory is empty, so a synchronous invoke (which this
 *   program must not make: it would block the event loop) fails the run.
 */
export interface LanguageHostRun {
    exitCode: number | null;
    /** The runner's stdout and stderr, interleaved. */
    output: string;
    record: MonitorRecord;
    /** The program's exports, as the runner registered them on the stack (secrets wrapped). */
    stackOutputs: Record<string, any>;
    /** The run path, arguments and Pulumi environment the runner was started with, and the deploying shell's variables given. */
    command: { runPath: string; args: string[]; env: Record<string, string>; shell: Record<string, string> };
}

export interface LanguageHostOptions {
    /** Directory holding Pulumi.yaml. */
    projectDir: string;
    stack: string;
    /** The stack's config as the engine holds it: `namespace:key` → string value, project defaults merged. */
    config: Record<string, string>;
    /** Config keys whose values are secrets. */
    secretKeys?: string[];
    /** Variables of the deploying shell, which the language host passes on to the runner (`os.Environ()`). */
    environment?: Record<string, string>;
}

// Every run is an `up` (not a preview: no --dry-run) in an organization of this name; a runner still
// going after TIMEOUT_MS is killed.
const ORGANIZATION = "organization";
const TIMEOUT_MS = 180_000;

interface ProjectFile {
    name: string;
    main?: string;
    runtime: string | { name: string; options?: Record<string, unknown> };
}

export async function runProgramAsLanguageHost(options: LanguageHostOptions): Promise<LanguageHostRun> {
    const project: ProjectFile = parse(fs.readFileSync(path.join(options.projectDir, "Pulumi.yaml"), "utf8"));
    const runtimeOptions = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
    const { pwd, entryPoint } = pwdAndEntryPoint(options.projectDir, project.main);
    const parallel = defaultParallel();
    const secretKeys = options.secretKeys ?? [];

    const deployment = await serveDeployment({
        organization: ORGANIZATION,
        project: project.name,
        stack: options.stack,
        config: options.config,
        configSecretKeys: secretKeys,
        dryRun: false,
        parallel,
    });
    const syncDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-sync-"));
    try {
        const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] });
        const args = [
            runPath,
            ...flag("monitor", deployment.monitorAddress),
            ...flag("engine", deployment.engineAddress),
            ...flag("sync", syncDirectory),
            ...flag("organization", ORGANIZATION),
            ...flag("project", project.name),
            ...flag("root-directory", options.projectDir),
            ...flag("stack", options.stack),
            ...flag("pwd", pwd),
            ...flag("parallel", String(parallel)),
            entryPoint,
        ];
        const pulumiEnv: Record<string, string> = {
            PULUMI_CONFIG: constructConfig(options.config),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
            ...typeScriptEnvironment(runtimeOptions),
        };
        const { exitCode, output } = await runNode(args, { ...options.environment, ...pulumiEnv }, pwd, TIMEOUT_MS);
        const stackUrn = deployment.record.registrations.find((registration) => registration.type === "pulumi:pulumi:Stack")?.urn ?? "";
        return {
            exitCode,
            output,
            record: deployment.record,
            stackOutputs: deployment.record.registeredOutputs.get(stackUrn) ?? {},
            command: { runPath, args: args.slice(1), env: pulumiEnv, shell: options.environment ?? {} },
        };
    } finally {
        await deployment.close();
        fs.rmSync(syncDirectory, { recursive: true, force: true });
    }
}

/** pkg/engine/project.go `getPwdMain`. */
function pwdAndEntryPoint(root: string, main: string | undefined): { pwd: string; entryPoint: string } {
    if (!main) {
        return { pwd: root, entryPoint: "." };
    }
    const target = path.resolve(root, main);
    return fs.statSync(target).isDirectory() ? { pwd: target, entryPoint: "." } : { pwd: path.dirname(target), entryPoint: path.basename(target) };
}

/** main.go `constructConfig`: keys `<namespace>:<name>` become `<namespace>:config:<name>`. */
function constructConfig(config: Record<string, string>): string {
    return JSON.stringify(
        Object.fromEntries(
            Object.entries(config).map(([key, value]) => {
                const [namespace, name, ...rest] = key.split(":");
                if (name === undefined || rest.length > 0) {
                    throw new Error(`could not parse ${key} as a configuration key`);
                }
                return [`${namespace}:config:${name}`, value];
            }),
        ),
    );
}

/** main.go `parseOptions` and `execRuntime`: the `typescript` (default true) and `tsconfig` runtime options. */
function typeScriptEnvironment(runtimeOptions: Record<string, unknown>): Record<string, string> {
    const typescript = runtimeOptions.typescript ?? true;
    if (typeof typescript !== "boolean") {
        throw new Error("typescript option must be a boolean");
    }
    const tsconfig = runtimeOptions.tsconfig;
    if (tsconfig !== undefined && typeof tsconfig !== "string") {
        throw new Error("tsconfigpath option must be a string");
    }
    return {
        ...(typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
        ...(tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: tsconfig } : {}),
    };
}

function flag(name: string, value: string): string[] {
    return value ? [`--${name}`, value] : [];
}

/**
 * Starts Node as the language host does (`exec.Command(node, args...)` with the CLI's environment plus
 * the Pulumi variables). This test process's own PULUMI_* and TS_NODE_* variables are left out (ts-node
 * reads TS_NODE_* too), so that only the host's variables and the given shell's decide how the program
 * compiles and runs.
 */
function runNode(args: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<{ exitCode: number | null; output: string }> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PULUMI_") && !key.startsWith("TS_NODE_")));
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.on("close", (exitCode) => {
            clearTimeout(timer);
            resolve({ exitCode, output });
        });
    });
}
