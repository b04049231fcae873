// Transpiles each TypeScript source once per test run. Tests run the program under mocks many times,
// each time loading its modules afresh (./pulumi-mocks.ts), and start scripts as processes; ts-node
// transpiles a module on every load, in every process: most of the suite's time went there. The same
// text with the same compiler options gives the same JavaScript, so the first result is kept: in memory
// for this process, and in the run's cache directory (made by the global setup, ./global-services.ts)
// for the other worker and the scripts the tests start with TS_NODE_SCRIPT.
// ts-node's require hook calls `compile` on the instance it registers under this symbol (ts-node
// dist/index.js `registerExtension`), so wrapping that method is enough. Pulumi's own runner, which
// type-checks, never loads this file.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Service } from "ts-node";

/** Node arguments that run a TypeScript script as `ts-node --transpile-only` does, with this cache. */
export const TS_NODE_SCRIPT = ["-r", require.resolve("ts-node/register/transpile-only"), "-r", __filename];

const service: Service | undefined = (process as any)[Symbol.for("ts-node.register.instance")];
if (!service) {
    throw new Error("tests/support/transpile-once.ts must be required after ts-node/register");
}

const CACHE_VARIABLE = "CREDERE_TRANSPILE_CACHE";

/** For the run's global setup: a fresh cache directory, which the workers and scripts started after this inherit. */
export function startTranspileCache(): void {
    process.env[CACHE_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), "credere-transpiled-"));
}

export function removeTranspileCache(): void {
    const directory = process.env[CACHE_VARIABLE];
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
}

const transpile = service.compile.bind(service);
const transpiled = new Map<string, string>();
const compilerOptions = JSON.stringify(service.config.options);

service.compile = (code: string, fileName: string, lineOffset = 0): string => {
    const key = createHash("sha256").update(`${service.ts.version}\0${compilerOptions}\0${fileName}\0${lineOffset}\0${code}`).digest("hex");
    let output = transpiled.get(key) ?? readCached(key);
    if (output === undefined) {
        output = transpile(code, fileName, lineOffset);
        writeCached(key, output);
    }
    transpiled.set(key, output);
    return output;
};

function readCached(key: string): string | undefined {
    const cacheDirectory = process.env[CACHE_VARIABLE];
    if (!cacheDirectory) return undefined;
    try {
        return fs.readFileSync(path.join(cacheDirectory, key), "utf8");
    } catch {
        return undefined;
    }
}

function writeCached(key: string, output: string): void {
    const cacheDirectory = process.env[CACHE_VARIABLE];
    if (!cacheDirectory) return;
    // Written aside and renamed: another process reading the same key sees all of it or nothing.
    const partial = path.join(cacheDirectory, `${key}.${process.pid}.partial`);
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, path.join(cacheDirectory, key));
}
