import { spawn } from "child_process";
import * as path from "path";

const projectRoot = path.resolve(__dirname, "..", "..");

/** Runs a command in the project's root and gives its exit status and its stdout and stderr, interleaved. */
export function runCommand(command: string, args: string[]): Promise<{ status: number | null; output: string }> {
    const child = spawn(command, args, { cwd: projectRoot });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    return new Promise((resolve) => child.on("close", (status) => resolve({ status, output })));
}
