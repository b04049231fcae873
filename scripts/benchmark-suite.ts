// Benchmark, not a test: where the test suite's wall time goes. Runs mocha once as `npm test` does
// (.mocharc.json: two parallel workers, the longest files first), and prints in figures from that one
// run: the wall time, the CPU time of every process it started (Linux: this process's reaped children,
// /proc/self/stat cutime + cstime), how many of the machine's cores that kept busy on average, and each
// test file's wall time in its worker, longest first, with its share of the sum.
//
//   npm run bench:suite
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

interface FileTiming {
    file: string;
    worker: number;
    started: number;
    ended: number;
    workerCpuSeconds: number;
}

/** CPU seconds (user + system) of this process's children that have ended, from /proc/self/stat. */
function childrenCpuSeconds(): number {
    // Fields after the command's closing parenthesis; cutime and cstime are the 16th and 17th of the line.
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim());
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / ticksPerSecond;
}

const root = path.resolve(__dirname, "..");
const timingFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "suite-timing-")), "files.jsonl");
fs.writeFileSync(timingFile, "");

const cpuBefore = childrenCpuSeconds();
const startedAt = Date.now();
const mocha = spawnSync(process.execPath, [require.resolve("mocha/bin/mocha.js"), "--require", path.join(root, "tests", "support", "suite-timing.ts"), "--reporter", "dot"], {
    cwd: root,
    env: { ...process.env, SUITE_TIMING_FILE: timingFile },
    stdio: ["ignore", "inherit", "inherit"],
});
const wallSeconds = (Date.now() - startedAt) / 1000;
const cpuSeconds = childrenCpuSeconds() - cpuBefore;

const files: FileTiming[] = fs
    .readFileSync(timingFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
fs.rmSync(path.dirname(timingFile), { recursive: true, force: true });
const fileSeconds = (timing: FileTiming) => (timing.ended - timing.started) / 1000;
const sumOfFiles = files.reduce((sum, timing) => sum + fileSeconds(timing), 0);

console.log(`\nmocha exited with ${mocha.status} (${mocha.status === 0 ? "every test passed" : "failures above"})`);
console.log(`wall ${wallSeconds.toFixed(1)} s; CPU ${cpuSeconds.toFixed(1)} s in all the processes it started; ${(cpuSeconds / wallSeconds).toFixed(2)} of ${os.cpus().length} cores busy on average`);
console.log(`test files, by wall time in their worker (sum ${sumOfFiles.toFixed(1)} s over ${new Set(files.map((timing) => timing.worker)).size} workers):`);
for (const timing of [...files].sort((a, b) => fileSeconds(b) - fileSeconds(a))) {
    const share = (100 * fileSeconds(timing)) / sumOfFiles;
    console.log(`  ${fileSeconds(timing).toFixed(1).padStart(5)} s ${share.toFixed(0).padStart(3)}%  worker CPU ${timing.workerCpuSeconds.toFixed(1).padStart(4)} s  ${timing.file}`);
}
process.exitCode = mocha.status ?? 1;
