import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BACKEND_VARIABLES, BackendVariable, dotenvValue, formatDotenv, formatPillar } from "../scripts/backend-env-format";
import { TS_NODE_SCRIPT } from "./support/transpile-cache";

const ROOT = path.join(__dirname, "..");
const SCRIPT = path.join(ROOT, "scripts", "backend-env.ts");

/** What `pulumi stack output --json --show-secrets` prints for a stack that made the backend's key. */
const STACK_OUTPUT = {
    userPoolId: "us-east-1_Recorded1",
    userPoolClientSecret: "recorded-client-secret",
    backendEnvironment: {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY: "AKIATESTBACKENDKEY01",
        AWS_CLIENT_SECRET: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        COGNITO_POOL_ID: "us-east-1_Recorded1",
        COGNITO_CLIENT_ID: "1example23456789",
        COGNITO_CLIENT_SECRET: "1abc2defgh3ijklm4nopqrs5tuvwx6yz7abc8def9ghi0jklmno",
    },
    adminUsers: [],
};

/** Values that break naive quoting: quotes, backslashes, $, #, spaces, =, newlines. */
const STRESS: Array<[string, string]> = [
    ["single quotes", "it's o'clock"],
    ["double quotes", 'say "hi"'],
    ["both quotes", `'"'"`],
    ["a backslash", "back\\slash"],
    ["two backslashes", "two\\\\backslashes"],
    ["backslash sequences that look like escapes", "C:\\new\\table\\r\\0"],
    ["a backslash before a quote", "a\\'b\\\"c"],
    ["$ forms that are not ${…}", "$HOME $1 $$ {} ${unclosed $"],
    ["# as a comment would start", "# not a comment"],
    ["an inline #", "value #with hash"],
    ["spaces around", "  padded  "],
    ["=", "a=b==c="],
    ["a newline", "line1\nline2"],
    ["CRLF", "crlf\r\nend"],
    ["empty", ""],
    ["non-ASCII", "ñandú ✓ €"],
    ["an AWS-style secret", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"],
];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "backend-env-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** One environment per stress value, that value in every variable. */
function stressEnvironments(): Array<Record<BackendVariable, string>> {
    return STRESS.map(([, value]) => Object.fromEntries(BACKEND_VARIABLES.map((variable) => [variable, value])) as Record<BackendVariable, string>);
}

/** Runs python3 with `code`, giving it `files` as arguments; returns the JSON it prints. */
function python(code: string, files: string[]): any {
    const result = spawnSync("python3", ["-c", code, ...files], { encoding: "utf8", env: { ...process.env, HOME: "/home/test-home" } });
    if (result.status !== 0) {
        throw new Error(`python3 failed (${result.status}): ${result.stderr}\nThe tests read the output back with the real parsers: python3 with python-dotenv and PyYAML must be installed.`);
    }
    return JSON.parse(result.stdout);
}

function write(name: string, text: string): string {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, text);
    return file;
}

describe("backend-env's dotenv lines, read back by the backend's own parser (python-dotenv)", () => {
    it("give back every stress value exactly, through dotenv_values(path) as pydantic-settings calls it", () => {
        const files = stressEnvironments().map((environment, index) => write(`stress-${index}.env`, formatDotenv(environment)));
        // pydantic_settings/sources.py read_env_file: dotenv_values(file_path, encoding=...), interpolation on.
        const parsed = python("import json, sys\nfrom dotenv import dotenv_values\nprint(json.dumps([dotenv_values(f, encoding='utf8') for f in sys.argv[1:]]))", files);
        STRESS.forEach(([what], index) => {
            assert.deepStrictEqual(parsed[index], stressEnvironments()[index], `${what}: ${fs.readFileSync(files[index], "utf8")}`);
        });
    });

    it("give back a whole stack's variables, in the order of the backend's .env.example", () => {
        const text = formatDotenv(STACK_OUTPUT.backendEnvironment);
        assert.deepStrictEqual(text.split("\n").map((line) => line.split("=")[0]), [...BACKEND_VARIABLES, ""]);
        const [parsed] = python("import json, sys\nfrom dotenv import dotenv_values\nprint(json.dumps([dotenv_values(sys.argv[1])]))", [write("stack.env", text)]);
        assert.deepStrictEqual(parsed, STACK_OUTPUT.backendEnvironment);
    });

    it("cannot keep ${…} in any quoting: python-dotenv replaces it even in single quotes", () => {
        const [parsed] = python("import json, sys\nfrom dotenv import dotenv_values\nprint(json.dumps([dotenv_values(sys.argv[1])]))", [write("interpolated.env", "V='a${HOME}b'\n")]);
        assert.deepStrictEqual(parsed, { V: "a/home/test-homeb" });
    });

    it("refuse, naming only the variable, what python-dotenv would change: ${…}, and a backslash with $ or at the end", () => {
        const refused: Array<[string, RegExp]> = [
            ["pa${HOME}ss", /python-dotenv replaces/],
            ["x${A:-b}y", /python-dotenv replaces/],
            ["back\\slash$dollar", /both a backslash or carriage return and \$/],
            ["cr\rand$", /both a backslash or carriage return and \$/],
            ["ends with\\", /ends with a backslash/],
        ];
        for (const [value, reason] of refused) {
            assert.throws(
                () => dotenvValue("AWS_CLIENT_SECRET", value),
                (error: Error) => {
                    assert.match(error.message, /^AWS_CLIENT_SECRET: /);
                    assert.match(error.message, reason);
                    assert.ok(!error.message.includes(value), "the message holds the value");
                    return true;
                },
            );
        }
    });
});

describe("backend-env's dotenv lines, as Docker Compose's parser reads them", () => {
    // compose-go cannot run here (a Go library; no Docker engine or Compose plugin on these machines), so
    // each line is held to compose-spec/compose-go dotenv/parser.go, extractVarValue and expandEscapes:
    // - single quotes: characters kept as they are, `\'` is an escaped quote (the backslash dropped), any
    //   other backslash kept with the character after it; no escape sequences, no `$` expansion;
    // - double quotes: `\"` is an escaped quote; then expandEscapes decodes \a \b \c \f \n \r \t \v \$ \" \\
    //   and \0NNN, and `$NAME`, `${NAME}` and `$$` are expanded;
    // - unquoted: cut at ` #`, trailing spaces trimmed, `$` expanded.
    // The python-dotenv test above reads these same lines back with the real parser.
    const expected: Array<[string, string, string]> = [
        ["it's o'clock", "'it\\'s o\\'clock'", "single quotes; \\' is an escaped quote in both parsers"],
        ["$HOME $1 $$ {} ${unclosed $", "'$HOME $1 $$ {} ${unclosed $'", "single quotes: compose-go expands no $ there"],
        ["value #with hash", "'value #with hash'", "quoted: ` #` starts a comment only in an unquoted value"],
        ["  padded  ", "'  padded  '", "quoted: an unquoted value loses its trailing spaces"],
        ["line1\nline2", "'line1\nline2'", "single quotes span lines in both parsers"],
        ["back\\slash", '"back\\\\slash"', "double quotes: compose-go would keep \\\\ as two backslashes in single quotes, python-dotenv makes one"],
        ["C:\\new\\table\\r\\0", '"C:\\\\new\\\\table\\\\r\\\\0"', "each backslash doubled: expandEscapes decodes \\\\ before \\n, \\t, \\r, \\0 can form"],
        ['a\\\'b\\"c', '"a\\\\\'b\\\\\\"c"', "double quotes: \\\\ then \\\" are decoded by both"],
        ["crlf\r\nend", '"crlf\\r\\nend"', "double quotes: a raw carriage return would become a newline in python-dotenv's universal-newline read"],
    ];
    for (const [value, line, why] of expected) {
        it(`writes ${JSON.stringify(value)} as ${line.replace(/\n/g, "⏎")} (${why})`, () => {
            assert.strictEqual(dotenvValue("V", value), line);
        });
    }

    it("never writes $ inside double quotes, where compose-go would expand it", () => {
        for (const [, value] of STRESS) {
            const line = dotenvValue("V", value);
            assert.ok(!(line.startsWith('"') && line.includes("$")), line);
        }
    });
});

describe("backend-env --pillar, for the private Salt pillar", () => {
    it("is YAML that PyYAML (Salt's YAML renderer) reads as docker_apps.credere.env with every value exact", () => {
        const pillarSafe = STRESS.filter(([, value]) => !value.includes("'") && !value.endsWith("\\"));
        const environments = pillarSafe.map(([, value]) => Object.fromEntries(BACKEND_VARIABLES.map((variable) => [variable, value])));
        const files = environments.map((environment, index) => write(`pillar-${index}.sls`, formatPillar(environment)));
        const parsed = python("import json, sys, yaml\nprint(json.dumps([yaml.safe_load(open(f, encoding='utf8')) for f in sys.argv[1:]]))", files);
        environments.forEach((environment, index) => assert.deepStrictEqual(parsed[index], { docker_apps: { credere: { env: environment } } }, pillarSafe[index][0]));
    });

    it("refuses a single quote or a final backslash, which the deploy repository's KEY='value' line cannot carry to compose-go", () => {
        for (const value of ["it's", "ends\\"]) {
            assert.throws(() => formatPillar({ ...STACK_OUTPUT.backendEnvironment, COGNITO_CLIENT_SECRET: value }), (error: Error) => {
                assert.match(error.message, /^COGNITO_CLIENT_SECRET: it (holds a single quote|ends with a backslash)/);
                assert.ok(!error.message.includes(value));
                return true;
            });
        }
    });
});

/** Runs the script as `npm run backend-env` runs it (ts-node), with `input` on standard input. */
function runScript(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [...TS_NODE_SCRIPT, SCRIPT, ...args], { cwd: ROOT, input: input ?? "", encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run backend-env", () => {
    it("is the package.json script, and prints the dotenv lines of a stack output file", () => {
        const file = write("stack-output.json", JSON.stringify(STACK_OUTPUT));
        const result = spawnSync("npm", ["run", "--silent", "backend-env", "--", file], { cwd: ROOT, encoding: "utf8" });
        assert.deepStrictEqual([result.status, result.stderr], [0, ""]);
        assert.strictEqual(result.stdout, formatDotenv(STACK_OUTPUT.backendEnvironment));
    });

    it("reads standard input, and prints the pillar with --pillar", () => {
        const result = runScript(["--pillar"], JSON.stringify(STACK_OUTPUT));
        assert.deepStrictEqual([result.status, result.stdout], [0, formatPillar(STACK_OUTPUT.backendEnvironment)]);
    });

    it("prints the four variables of a stack that does not make the key, and says the key is kept elsewhere", () => {
        const { AWS_ACCESS_KEY, AWS_CLIENT_SECRET, ...four } = STACK_OUTPUT.backendEnvironment;
        const result = runScript([], JSON.stringify({ backendEnvironment: four }));
        assert.deepStrictEqual([result.status, result.stdout], [0, formatDotenv(four)]);
        assert.match(result.stderr, /no AWS_ACCESS_KEY or AWS_CLIENT_SECRET: this stack does not make the operational user's key/);
    });

    const failures: Array<[string, string[], string | undefined, number, RegExp]> = [
        ["a file that does not exist: exit 3", ["/nonexistent/stack-output.json"], undefined, 3, /^backend-env: cannot read \/nonexistent\/stack-output.json: no such file$/m],
        ["nothing on standard input: exit 3", [], "", 3, /^backend-env: standard input is empty: pipe in the output of pulumi stack output --json --show-secrets$/m],
        ["input that is not JSON, without quoting it: exit 4", [], 'AWS_CLIENT_SECRET="not-json-secret"', 4, /^backend-env: standard input is not JSON: give it the output of pulumi stack output --json --show-secrets$/m],
        ["JSON without backendEnvironment: exit 5", [], JSON.stringify({ userPoolId: "x" }), 5, /has no backendEnvironment: is it the output of pulumi stack output --json --show-secrets of a Credere stack\?/],
        ["outputs printed without --show-secrets: exit 5", [], JSON.stringify({ backendEnvironment: "[secret]" }), 5, /backendEnvironment is hidden \("\[secret\]"\): run pulumi stack output with --show-secrets/],
        ["a value that cannot be written: exit 6, naming the variable", [], JSON.stringify({ backendEnvironment: { ...STACK_OUTPUT.backendEnvironment, AWS_CLIENT_SECRET: "not-${written}" } }), 6, /^backend-env: AWS_CLIENT_SECRET: it holds \$\{…\}, which python-dotenv replaces in any .env value; set it by hand$/m],
        ["an unknown option: exit 2", ["--yaml"], "", 2, /^backend-env: unknown option --yaml\.$/m],
    ];
    for (const [what, args, input, status, message] of failures) {
        it(`refuses ${what}`, () => {
            const result = runScript(args, input);
            assert.deepStrictEqual([result.status, result.stdout], [status, ""], result.stderr);
            assert.match(result.stderr, message);
            assert.ok(!/not-json-secret|not-\$\{written\}/.test(result.stderr), "a value reached the message");
        });
    }
});
