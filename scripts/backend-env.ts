// npm run backend-env [-- [--pillar] [file]]: the Credere backend's variables from a stack's outputs.
//
//   pulumi stack output --json --show-secrets | npm run --silent backend-env > .env
//   pulumi stack output --json --show-secrets | npm run --silent backend-env -- --pillar
//
// Reads the document of `pulumi stack output --json --show-secrets` from <file> or standard input and
// prints its `backendEnvironment` as dotenv lines (default: a local `.env`) or, with --pillar, as the
// private Salt pillar's `docker_apps.credere.env` (scripts/backend-env-format.ts says how each is quoted).
// Messages go to standard error and never hold a value.
// Exit 0: printed. 2: usage. 3: no input (no such file, or nothing piped in). 4: the input is not JSON.
// 5: the JSON is not a stack's outputs with backendEnvironment (or its secrets are hidden).
// 6: a value that the target parser would not read back unchanged.
import * as fs from "fs";
import { z } from "zod";
import { BACKEND_VARIABLES, BackendVariable, formatDotenv, formatPillar, UnrepresentableValueError } from "./backend-env-format";

export const EXIT = { usage: 2, noInput: 3, notJson: 4, notStackOutput: 5, unrepresentable: 6 } as const;

const USAGE = "usage: pulumi stack output --json --show-secrets | npm run --silent backend-env [-- --pillar] (or name the file: npm run backend-env -- [--pillar] <file>)";
/** What `pulumi stack output --json` prints in place of a secret without --show-secrets (pulumi/pulumi pkg/cmd/pulumi/stack/stack_output.go through display.MassageSecrets, pkg/backend/display/json.go). */
const HIDDEN_SECRET = "[secret]";
/** Present whatever the stack's settings: CredereAuth always exports these four. */
const REQUIRED: BackendVariable[] = ["AWS_REGION", "COGNITO_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET"];

class Failure extends Error {
    constructor(
        public readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

const backendEnvironmentSchema = z.record(z.string(), z.string({ error: "must be a text" }));

/** The backend's variables from the stack output document, or a Failure naming what is wrong (never a value). */
function backendEnvironmentOf(text: string, source: string): Partial<Record<BackendVariable, string>> {
    if (text.trim() === "") {
        throw new Failure(EXIT.noInput, `${source} is empty: pipe in the output of pulumi stack output --json --show-secrets`);
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch {
        // JSON.parse's own message quotes the text around the error, which may be a secret: not shown.
        throw new Failure(EXIT.notJson, `${source} is not JSON: give it the output of pulumi stack output --json --show-secrets`);
    }
    if (document === null || typeof document !== "object" || Array.isArray(document) || !("backendEnvironment" in document)) {
        throw new Failure(EXIT.notStackOutput, `${source} has no backendEnvironment: is it the output of pulumi stack output --json --show-secrets of a Credere stack?`);
    }
    const environment = (document as { backendEnvironment: unknown }).backendEnvironment;
    if (environment === HIDDEN_SECRET) {
        throw new Failure(EXIT.notStackOutput, `${source}: backendEnvironment is hidden ("${HIDDEN_SECRET}"): run pulumi stack output with --show-secrets`);
    }
    const parsed = backendEnvironmentSchema.safeParse(environment);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `backendEnvironment${issue.path.map((part) => `.${String(part)}`).join("")} ${issue.message}`);
        throw new Failure(EXIT.notStackOutput, `${source}: ${problems.join("; ")} (a map of variable names to texts)`);
    }
    const missing = REQUIRED.filter((variable) => parsed.data[variable] === undefined);
    if (missing.length) {
        throw new Failure(EXIT.notStackOutput, `${source}: backendEnvironment lacks ${missing.join(", ")}`);
    }
    const unknown = Object.keys(parsed.data).filter((key) => !(BACKEND_VARIABLES as readonly string[]).includes(key));
    if (unknown.length) {
        console.error(`backend-env: left out ${unknown.join(", ")}: not a variable the backend reads (app/settings.py)`);
    }
    return Object.fromEntries(BACKEND_VARIABLES.filter((variable) => variable in parsed.data).map((variable) => [variable, parsed.data[variable]]));
}

function readInput(file: string | undefined): { text: string; source: string } {
    if (file !== undefined) {
        try {
            return { text: fs.readFileSync(file, "utf8"), source: file };
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            throw new Failure(EXIT.noInput, `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (code ?? (error as Error).message)}`);
        }
    }
    if (process.stdin.isTTY) {
        throw new Failure(EXIT.noInput, `nothing piped in.\n${USAGE}`);
    }
    try {
        return { text: fs.readFileSync(0, "utf8"), source: "standard input" };
    } catch (error) {
        throw new Failure(EXIT.noInput, `cannot read standard input: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
}

function main(argv: string[]): number {
    const options = argv.filter((arg) => arg.startsWith("--"));
    const files = argv.filter((arg) => !arg.startsWith("--"));
    const unknownOptions = options.filter((option) => option !== "--pillar");
    try {
        if (unknownOptions.length || files.length > 1) {
            throw new Failure(EXIT.usage, `${unknownOptions.length ? `unknown option ${unknownOptions.join(" ")}` : "more than one file"}.\n${USAGE}`);
        }
        const { text, source } = readInput(files[0]);
        const environment = backendEnvironmentOf(text, source);
        const pillar = options.includes("--pillar");
        let output: string;
        try {
            output = pillar ? formatPillar(environment) : formatDotenv(environment);
        } catch (error) {
            if (error instanceof UnrepresentableValueError) throw new Failure(EXIT.unrepresentable, error.message);
            throw error;
        }
        process.stdout.write(output);
        if (environment.AWS_ACCESS_KEY === undefined) {
            console.error(
                "backend-env: no AWS_ACCESS_KEY or AWS_CLIENT_SECRET: this stack does not make the operational user's key; keep the ones the backend has (the private pillar, or your .env).",
            );
        }
        return 0;
    } catch (error) {
        if (error instanceof Failure) {
            console.error(`backend-env: ${error.message}`);
            return error.status;
        }
        throw error;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
