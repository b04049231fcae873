// Root hooks for `npm run bench:suite` (scripts/benchmark-suite.ts), not loaded by `npm test`: in
// parallel mode mocha runs root hooks once per test file in its worker, so each file's start, end and
// the worker's own CPU time in between are appended to SUITE_TIMING_FILE, one JSON line per file.
import * as fs from "fs";
import * as path from "path";

let started = 0;
let cpuAtStart = process.cpuUsage();
let file = "";

export const mochaHooks = {
    beforeAll(this: Mocha.Context) {
        started = Date.now();
        cpuAtStart = process.cpuUsage();
        const root = this.test?.parent;
        file = path.basename(root?.suites[0]?.file ?? root?.file ?? "?");
    },
    afterAll() {
        const cpu = process.cpuUsage(cpuAtStart);
        const line = { file, worker: process.pid, started, ended: Date.now(), workerCpuSeconds: (cpu.user + cpu.system) / 1e6 };
        fs.appendFileSync(process.env.SUITE_TIMING_FILE!, `${JSON.stringify(line)}\n`);
    },
};
