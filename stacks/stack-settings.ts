import * as pulumi from "@pulumi/pulumi";
import { parseAllowReplacementOf, parseJson } from "./allow-replacement-of";
import { CredereAuthArgs, CredereSettingsError, credereAuthArgsSchema, ResolvedCredereAuthArgs, resolveCredereAuthArgs, SSL_MODES } from "../components/credere-auth-args";

const NAMESPACE = "credere";
/** Read by the AdminUser provider itself (its configure), never passed to the component. */
const DATABASE_URL_KEY = "databaseUrl";
/** Read by `npm run check-preview` from the preview's config: replacements a pull request intends. */
const ALLOW_REPLACEMENT_KEY = "allowReplacementOf";
/** Stack settings that are not the component's arguments. */
export const STACK_ONLY_KEYS = [DATABASE_URL_KEY, ALLOW_REPLACEMENT_KEY];

/** The libpq `sslmode` values that lib/pq, the postgresql provider's driver, accepts (lib/pq ssl.go, ssl()). */
// A pool id starts with its region: us-east-1_AbCdEf123.
const REGIONAL_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9a-zA-Z]+$/;

/**
 * The stack's `credere:` settings as CredereAuth arguments, validated: a typo, a wrong type or a value
 * Cognito would refuse throws CredereSettingsError naming `credere:<key>` (or the `postgresql:` and `aws:`
 * keys it depends on), every problem at once, before any resource exists. Secrets are never quoted.
 */
export function loadStackSettings(): CredereAuthArgs {
    const problems: string[] = [];
    const values: Record<string, unknown> = {};
    let databaseUrl: string | undefined;
    for (const [fullKey, raw] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(`${NAMESPACE}:`)) {
            continue;
        }
        const key = fullKey.slice(NAMESPACE.length + 1);
        if (key === DATABASE_URL_KEY) {
            databaseUrl = raw;
        } else if (key === ALLOW_REPLACEMENT_KEY) {
            problems.push(...checkAllowReplacementOf(raw));
        } else {
            values[key] = decodeConfigValue(key, raw);
        }
    }
    // An empty value is what `pulumi config set --secret credere:databaseUrl ""` leaves: not a URL to use.
    const hasDatabaseUrl = databaseUrl !== undefined && databaseUrl.trim() !== "";
    if (hasDatabaseUrl) {
        problems.push(...checkDatabaseUrl(databaseUrl as string));
    }
    problems.push(...checkImportRegion(values.importUserPoolId));
    // Checked even when credere:provisioningRole is given, so that a bad postgresql: value is never ignored.
    const roleFromPostgresqlProvider = provisioningRoleFromPostgresqlProvider(problems);
    values.provisioningRole ??= roleFromPostgresqlProvider;

    let resolved: ResolvedCredereAuthArgs | undefined;
    try {
        resolved = resolveCredereAuthArgs(values, `${NAMESPACE}:`);
    } catch (error) {
        if (!(error instanceof CredereSettingsError)) {
            throw error;
        }
        problems.push(...error.problems);
    }
    const listsAdmins = Array.isArray(values.adminUsers) && values.adminUsers.length > 0;
    if (listsAdmins && !hasDatabaseUrl && values.provisioningRole === undefined) {
        problems.push(
            `${NAMESPACE}:${DATABASE_URL_KEY}: is required (and not empty) when ${NAMESPACE}:adminUsers lists admins and the postgresql provider ` +
                `is not configured; set it as a secret: pulumi config set --secret ${NAMESPACE}:${DATABASE_URL_KEY} postgresql://…`,
        );
    }
    if (problems.length > 0 || resolved === undefined) {
        throw new CredereSettingsError(problems);
    }
    return resolved;
}

/**
 * The database URL must be one that node-postgres connects with. It is a secret: the message says what is
 * wrong with it, never any part of it (a password pasted in the wrong place would show up otherwise).
 */
function checkDatabaseUrl(databaseUrl: string): string[] {
    const rule = "must be a PostgreSQL URL, postgresql://user:password@host:5432/database";
    const prefix = `${NAMESPACE}:${DATABASE_URL_KEY} (a secret, not shown)`;
    let url: URL;
    try {
        url = new URL(databaseUrl.trim());
    } catch {
        return [`${prefix}: ${rule}; this value is not a URL`];
    }
    if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
        return [`${prefix}: ${rule}; this value's scheme is not postgresql: or postgres:`];
    }
    if (url.hostname === "" && !url.searchParams.has("host")) {
        return [`${prefix}: ${rule}; this value names no host`];
    }
    return [];
}

/** Cognito finds a pool only in its own region, the one the AWS provider deploys to (aws:region). */
function checkImportRegion(importUserPoolId: unknown): string[] {
    const region = new pulumi.Config("aws").get("region");
    const poolRegion = typeof importUserPoolId === "string" ? REGIONAL_POOL_ID.exec(importUserPoolId)?.[1] : undefined;
    if (region === undefined || poolRegion === undefined || poolRegion === region) {
        return [];
    }
    return [
        `${NAMESPACE}:importUserPoolId (got ${JSON.stringify(importUserPoolId)}): is a user pool in ${poolRegion}, but aws:region is ${region}; ` +
            `Cognito finds a pool only in its own region: give the id of a pool in ${region}, or set aws:region to ${poolRegion}`,
    ];
}

/**
 * When the stack configures the `postgresql` provider (administrative credentials), admins are
 * provisioned through a least-privileged role on the database that provider connects to. Its port and
 * sslmode are the role's too.
 */
function provisioningRoleFromPostgresqlProvider(problems: string[]): Record<string, unknown> | undefined {
    const postgresqlConfig = new pulumi.Config("postgresql");
    // Checked here, under their own keys; a bad value is left out so that it is not reported twice.
    const rawPort = postgresqlConfig.get("port");
    const port = rawPort === undefined ? undefined : Number(rawPort.trim());
    const portIsValid = port !== undefined && /^\d+$/.test(rawPort!.trim()) && port >= 1 && port <= 65535;
    if (rawPort !== undefined && !portIsValid) {
        problems.push(`postgresql:port (got ${JSON.stringify(rawPort)}): must be a whole number from 1 to 65535, the database server's port`);
    }
    const sslMode = postgresqlConfig.get("sslmode");
    const sslModeIsValid = sslMode !== undefined && (SSL_MODES as readonly string[]).includes(sslMode);
    if (sslMode !== undefined && !sslModeIsValid) {
        problems.push(
            `postgresql:sslmode (got ${JSON.stringify(sslMode)}): must be one of: ${SSL_MODES.join(", ")} ` +
                "(what the postgresql provider's driver accepts; the provisioning role connects with the same mode)",
        );
    }
    const host = postgresqlConfig.get("host");
    if (host === undefined) {
        return undefined;
    }
    const database = postgresqlConfig.get("database");
    if (database === undefined) {
        problems.push("postgresql:database: is required with postgresql:host: the Credere database, where the provisioning role gets its grants");
    }
    return { host, database, ...(portIsValid ? { port } : {}), ...(sslModeIsValid ? { sslMode } : {}) };
}

function checkAllowReplacementOf(raw: string): string[] {
    return parseAllowReplacementOf(raw) !== undefined ? [] : [`${NAMESPACE}:${ALLOW_REPLACEMENT_KEY} (got ${JSON.stringify(raw)}): must be a list of logical resource names`];
}

/**
 * Config values arrive as strings; numbers, booleans and lists are JSON-encoded. A key whose setting is
 * text stays as written, so a name like "123" is not turned into a number.
 */
function decodeConfigValue(key: string, raw: string): unknown {
    // Unparsable JSON stays a string: the schema then reports the wrong type, naming the key.
    return isTextSetting(key) ? raw : parseJson(raw);
}

function isTextSetting(key: string): boolean {
    const shape = credereAuthArgsSchema.shape as Record<string, { unwrap?: () => unknown; def: { type: string } }>;
    let field = shape[key];
    while (field && field.def.type !== "string" && typeof field.unwrap === "function") {
        field = field.unwrap() as typeof field;
    }
    return field?.def.type === "string";
}
