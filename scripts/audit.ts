// [CREDERE_DATABASE_URL=<url>] npm run audit -- --stack <dev|production> [--user-pool-id <id>] [--client-id <id>]
//
// Before adopting a hand-made pool: prints what `pulumi up` would change on the live user pool and app
// client (one line per setting: live value, stack value, update in place / replace / fail / reset to
// default), the Credere backend's requirements the pool misses, and with CREDERE_DATABASE_URL the links
// between Cognito users and credere_user rows. Exit 0: adoption neither replaces nor fails and nothing
// needs attention; 1: it would replace or fail; 2: the audit could not run; 3: safe to adopt, but a
// backend requirement or a user link needs attention. AWS credentials: the SDK's default chain
// (AWS_ENDPOINT_URL honoured). The database URL is a secret: it is read from the environment, never
// from the command line (which npm prints, `ps` shows and the shell keeps), and only its
// host:port/database is printed.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { z } from "zod";
// The provider's own reading of a database URL and cleaning of messages, so that the audit shows and hides exactly what it does.
import { describeDatabase, redact } from "../components/admin-user-provider";
import { credereAuthArgsSchema, CredereSettingsError } from "../components/credere-auth-args";
import { StackConfigError } from "../stacks/stack-config-file";
import { EXIT } from "./audit/report";
import type { AuditOptions } from "./audit/run-audit";
import { AuditUsageError } from "./audit/usage-error";

const USAGE = "usage: [CREDERE_DATABASE_URL=postgresql://…] npm run audit -- --stack <dev|production> [--user-pool-id <id>] [--client-id <id>]";
/** Where the database URL comes from: the environment, so that its password is on no command line. */
const DATABASE_URL_VARIABLE = "CREDERE_DATABASE_URL";

/** The option's value checked as the component checks credere:importUserPoolId or credere:importUserPoolClientId. */
function checkedId(option: string, schema: z.ZodType<string | undefined>, value: string | undefined): string | undefined {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        throw new AuditUsageError(`${option} (got ${JSON.stringify(value)}): ${parsed.error.issues[0].message}`);
    }
    return value;
}

function parseOptions(argv: string[], environment: NodeJS.ProcessEnv): AuditOptions {
    let values: Record<string, string | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, "user-pool-id": { type: "string" }, "client-id": { type: "string" } },
            strict: true,
        }) as { values: Record<string, string | undefined> });
    } catch (error) {
        // parseArgs names the unknown option, never a value.
        throw new AuditUsageError(`${(error as Error).message}\n${USAGE}`);
    }
    const stacks = fs
        .readdirSync(path.resolve(__dirname, ".."))
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((name): name is string => name !== undefined)
        .sort();
    const { stack } = values;
    if (!stack || !stacks.includes(stack)) {
        throw new AuditUsageError(`--stack (got ${JSON.stringify(stack ?? null)}): must be one of ${stacks.join(", ")}\n${USAGE}`);
    }
    const userPoolId = checkedId("--user-pool-id", credereAuthArgsSchema.shape.importUserPoolId, values["user-pool-id"]);
    const clientId = checkedId("--client-id", credereAuthArgsSchema.shape.importUserPoolClientId, values["client-id"]);
    const databaseUrl = environment[DATABASE_URL_VARIABLE] || undefined;
    if (databaseUrl !== undefined && describeDatabase(databaseUrl) === undefined) {
        throw new AuditUsageError(`${DATABASE_URL_VARIABLE} (value not shown: it holds a password): must be a postgresql://user:password@host:port/database URL`);
    }
    return { stack, userPoolId, clientId, databaseUrl };
}

async function main(): Promise<number> {
    let options: AuditOptions | undefined;
    try {
        options = parseOptions(process.argv.slice(2), process.env);
        // Loaded once the arguments are accepted: it brings Pulumi's SDK, the AWS SDK and the program
        // (a second of start-up), which a refusal does not need.
        const { runAudit } = await import("./audit/run-audit");
        const result = await runAudit(options);
        result.lines.forEach((line) => console.log(line));
        return result.exitCode;
    } catch (error) {
        const known = error instanceof AuditUsageError || error instanceof CredereSettingsError || error instanceof StackConfigError;
        const message = known ? (error as Error).message : `${(error as Error).name}: ${(error as Error).message}`;
        const where = options?.databaseUrl ? ` (database ${describeDatabase(options.databaseUrl)})` : "";
        console.error(`audit: ${options?.databaseUrl ? redact(message, [options.databaseUrl]) : message}${known ? "" : where}`);
        return EXIT.error;
    }
}

main().then((code) => {
    // Pulumi's mock runtime and SDK sockets may keep the event loop alive: leave with the audit's status.
    process.exit(code);
});
