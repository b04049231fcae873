import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CredereAuthArgs, CredereSettingsError, credereAuthArgsSchema, resolveCredereAuthArgs } from "../components/credere-auth-args";

const NAMESPACE = "credere";
/** Read by the AdminUser provider itself (its configure), never passed to the component. */
const DATABASE_URL_KEY = "databaseUrl";
/** Read by `npm run check-preview` from the preview's config: replacements a pull request intends. */
const ALLOW_REPLACEMENT_KEY = "allowReplacementOf";
/** Stack settings that are not the component's arguments. */
export const STACK_ONLY_KEYS = [DATABASE_URL_KEY, ALLOW_REPLACEMENT_KEY];

/**
 * The stack's `credere:` settings as CredereAuth arguments, validated: a typo, a wrong type or a value
 * Cognito would refuse throws CredereSettingsError naming `credere:<key>`, before any resource exists.
 */
export function loadStackSettings(): CredereAuthArgs {
    const values: Record<string, unknown> = {};
    let hasDatabaseUrl = false;
    for (const [fullKey, raw] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(`${NAMESPACE}:`)) {
            continue;
        }
        const key = fullKey.slice(NAMESPACE.length + 1);
        if (key === DATABASE_URL_KEY) {
            hasDatabaseUrl = raw !== "";
            continue;
        }
        if (key === ALLOW_REPLACEMENT_KEY) {
            checkAllowReplacementOf(raw);
            continue;
        }
        values[key] = decodeConfigValue(key, raw);
    }
    values.provisioningRole ??= provisioningRoleFromPostgresqlProvider();
    const settings = resolveCredereAuthArgs(values, `${NAMESPACE}:`);
    if (settings.adminUsers.length > 0 && !hasDatabaseUrl && !settings.provisioningRole) {
        throw new CredereSettingsError([
            `${NAMESPACE}:${DATABASE_URL_KEY}: is required when ${NAMESPACE}:adminUsers lists admins and the postgresql provider ` +
                `is not configured; set it as a secret: pulumi config set --secret ${NAMESPACE}:${DATABASE_URL_KEY} postgresql://…`,
        ]);
    }
    return values as unknown as CredereAuthArgs;
}

/**
 * When the stack configures the `postgresql` provider (administrative credentials), admins are
 * provisioned through a least-privileged role on the database that provider connects to.
 */
function provisioningRoleFromPostgresqlProvider(): Record<string, unknown> | undefined {
    const postgresqlConfig = new pulumi.Config("postgresql");
    const host = postgresqlConfig.get("host");
    if (host === undefined) {
        return undefined;
    }
    const database = postgresqlConfig.get("database");
    if (database === undefined) {
        throw new CredereSettingsError([
            "postgresql:database: is required with postgresql:host: the Credere database, where the provisioning role gets its grants",
        ]);
    }
    const port = postgresqlConfig.get("port");
    const sslMode = postgresqlConfig.get("sslmode");
    return { host, database, ...(port === undefined ? {} : { port: tryJson(port) }), ...(sslMode === undefined ? {} : { sslMode }) };
}

function checkAllowReplacementOf(raw: string): void {
    const parsed = z.array(z.string().min(1)).safeParse(tryJson(raw));
    if (!parsed.success) {
        throw new CredereSettingsError([`${NAMESPACE}:${ALLOW_REPLACEMENT_KEY} (got ${JSON.stringify(raw)}): must be a list of logical resource names`]);
    }
}

function tryJson(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/**
 * Config values arrive as strings; numbers, booleans and lists are JSON-encoded. A key whose setting is
 * text stays as written, so a name like "123" is not turned into a number.
 */
function decodeConfigValue(key: string, raw: string): unknown {
    // Unparsable JSON stays a string: the schema then reports the wrong type, naming the key.
    return isTextSetting(key) ? raw : tryJson(raw);
}

function isTextSetting(key: string): boolean {
    const shape = credereAuthArgsSchema.shape as Record<string, { unwrap?: () => unknown; def: { type: string } }>;
    let field = shape[key];
    while (field && field.def.type !== "string" && typeof field.unwrap === "function") {
        field = field.unwrap() as typeof field;
    }
    return field?.def.type === "string";
}
