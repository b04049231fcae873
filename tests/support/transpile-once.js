// Transpiles each TypeScript source once per test run. Tests run the program under mocks many times,
// each time loading its modules afresh (./pulumi-mocks.ts), and start scripts as processes; ts-node
// transpiles a module on every load, in every process: most of the suite's time went there. The same
// text with the same compiler options gives the same JavaScript, so the first result is kept: in memory
// for this process, and in the run's cache directory (./transpile-cache.ts) for the other worker and
// the scripts the tests start. Plain JavaScript because it is loaded before it can do its work: as
// TypeScript it would itself be transpiled anew in every process.
// ts-node's require hook calls `compile` on the instance it registers under this symbol (ts-node
// dist/index.js `registerExtension`), so wrapping that method is enough. Pulumi's own runner, which
// type-checks, never loads this file.
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const path = require("path");

/** The variable naming the run's cache directory; without it the cache is this process's memory only. */
const CACHE_VARIABLE = "CREDERE_TRANSPILE_CACHE";

const service = process[Symbol.for("ts-node.register.instance")];
if (!service) {
    throw new Error("tests/support/transpile-once.js must be required after ts-node/register");
}

const transpile = service.compile.bind(service);
const transpiled = new Map();
const compilerOptions = JSON.stringify(service.config.options);
/** The JavaScript last given for each file: its inline source map is what stack traces are mapped with. */
const lastOutput = new Map();

service.compile = (code, fileName, lineOffset = 0) => {
    const key = createHash("sha256").update(`${service.ts.version}\0${compilerOptions}\0${fileName}\0${lineOffset}\0${code}`).digest("hex");
    let output = transpiled.get(key) ?? readCached(key);
    if (output === undefined) {
        output = transpile(code, fileName, lineOffset);
        writeCached(key, output);
    }
    transpiled.set(key, output);
    lastOutput.set(fileName, output);
    return output;
};

// ts-node maps stack traces through the source map of the output it made itself (its `outputCache`);
// for output read from the cache it has none, and a failing test would point at JavaScript lines. The
// source-map-support that ts-node installed asks the most recently added handler first.
const sourceMapSupport = require(require.resolve("@cspotcode/source-map-support", { paths: [path.dirname(require.resolve("ts-node"))] }));
sourceMapSupport.install({ retrieveFile: (fileName) => lastOutput.get(fileName) ?? "" });

function readCached(key) {
    const cacheDirectory = process.env[CACHE_VARIABLE];
    if (!cacheDirectory) return undefined;
    try {
        return fs.readFileSync(path.join(cacheDirectory, key), "utf8");
    } catch {
        return undefined;
    }
}

function writeCached(key, output) {
    const cacheDirectory = process.env[CACHE_VARIABLE];
    if (!cacheDirectory) return;
    // Written aside and renamed: another process reading the same key sees all of it or nothing.
    const partial = path.join(cacheDirectory, `${key}.${process.pid}.partial`);
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, path.join(cacheDirectory, key));
}

module.exports = { CACHE_VARIABLE };
