// The run's cache of transpiled modules (./transpile-once.js): made by the global setup before the
// workers start, so that they and every script the tests start inherit it, and removed at the end.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const TRANSPILE_ONCE = require.resolve("./transpile-once.js");
const { CACHE_VARIABLE }: { CACHE_VARIABLE: string } = require(TRANSPILE_ONCE);

/** Node arguments that run a TypeScript script as `ts-node --transpile-only` does, with the run's cache. */
export const TS_NODE_SCRIPT = ["-r", require.resolve("ts-node/register/transpile-only"), "-r", TRANSPILE_ONCE];

export function startTranspileCache(): void {
    process.env[CACHE_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), "credere-transpiled-"));
}

export function removeTranspileCache(): void {
    const directory = process.env[CACHE_VARIABLE];
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
}
