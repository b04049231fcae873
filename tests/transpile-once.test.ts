import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";

// The suite's own cache of transpiled modules (tests/support/transpile-once.js): what it serves must
// behave as ts-node's output does, failing tests included.
describe("the run's cache of transpiled modules", () => {
    const THROWER = ["import * as path from \"path\";", "", "interface Unused { name: string }", "", "export function fail(): never {", "    const separator: string = path.sep;", "    throw new Error(`thrown on line 7${separator}`);", "}", "fail();", ""].join("\n");
    let directory: string;

    before(() => (directory = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-once-"))));
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    it("serves a later process the cached JavaScript, and its stack traces still name the TypeScript lines", () => {
        const cache = path.join(directory, "cache");
        fs.mkdirSync(cache);
        const script = path.join(directory, "thrower.ts");
        fs.writeFileSync(script, THROWER);
        const run = () => spawnSync(process.execPath, [...TS_NODE_SCRIPT, script], { env: { ...process.env, CREDERE_TRANSPILE_CACHE: cache }, encoding: "utf8" }).stderr;

        const first = run();
        assert.match(first, /Error: thrown on line 7/);
        assert.match(first, /at fail \(.*thrower\.ts:7:11\)/);
        const cached = fs.readdirSync(cache).map((name) => path.join(cache, name)).filter((file) => fs.readFileSync(file, "utf8").includes("thrown on line 7"));
        assert.strictEqual(cached.length, 1, "the first run stores its JavaScript");
        // Marked, so that the second run shows that it ran the cached JavaScript and not a new transpilation.
        fs.writeFileSync(cached[0], fs.readFileSync(cached[0], "utf8").replace("thrown on line 7", "thrown (from the cache) on line 7"));

        const second = run();
        assert.match(second, /Error: thrown \(from the cache\) on line 7/);
        assert.match(second, /at fail \(.*thrower\.ts:7:11\)/);
        assert.match(second, /at Object\.<anonymous> \(.*thrower\.ts:9:1\)/);
    });
});
