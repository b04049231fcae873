import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

// The type check of everything tsconfig.json holds (the program, tests, scripts and the policy pack,
// strict), run as one of the test files so that it shares the cores with the others instead of running
// before them all. Mocha itself only transpiles the tests: this is what stops a type error.
describe("the whole project", function () {
    this.timeout(300_000);

    it("type-checks: npm run typecheck (tsc --noEmit -p .) finds no error", () => {
        const result = spawnSync("npm", ["run", "--silent", "typecheck"], { cwd: path.resolve(__dirname, ".."), encoding: "utf8" });
        assert.strictEqual(result.status, 0, `${result.stdout}${result.stderr}`);
    });
});
