// The pre-flight audit: the live pool and client against the stack's settings as the program resolves
// them for an adoption of exactly that pool and client, the backend's requirements, and (with a
// database URL) the links between Cognito users and credere_user rows.
import { describeDatabase } from "../../components/admin-user-provider";
import { loadStackConfig } from "../../stacks/stack-config-file";
import { unmetRequirements, UnmetRequirement } from "./backend-requirements";
import { compareSettings, Difference } from "./compare-settings";
import { cognitoClient, readLiveSettings } from "./live-settings";
import { differenceLine, linkLine, requirementLine, verdict } from "./report";
import { registeredStackResources } from "./stack-inputs";
import { AuditUsageError } from "./usage-error";
import { linkFindings, LinkFinding, listPoolUsers, readCredereUsers } from "./user-links";

export interface AuditOptions {
    stack: string;
    /** Default: the stack's credere:importUserPoolId. */
    userPoolId?: string;
    /** Default: the stack's credere:importUserPoolClientId; none: the client is not audited. */
    clientId?: string;
    /** A secret: never printed, only its host:port/database. */
    databaseUrl?: string;
    /** The stack's config in the CLI's string form. Default: Pulumi.yaml's defaults with Pulumi.<stack>.yaml. */
    config?: Record<string, string>;
    /** Where Pulumi.yaml and Pulumi.<stack>.yaml are. Default: this project. */
    projectRoot?: string;
}

export interface AuditResult {
    lines: string[];
    exitCode: number;
    differences: Difference[];
    unmet: UnmetRequirement[];
    links?: LinkFinding[];
}


/**
 * The audit never decrypts the stack's secrets: an encrypted value (the database URL) reaches the program
 * as this stand-in of the same kind, enough for the settings' own checks.
 */
const ENCRYPTED_STAND_IN = "postgresql://encrypted-value-not-read-by-the-audit@stand-in.invalid/credere";

const IMPORT_POOL_KEY = "credere:importUserPoolId";
const IMPORT_CLIENT_KEY = "credere:importUserPoolClientId";

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
    // As the Pulumi CLI builds it: Pulumi.yaml's defaults merged into Pulumi.<stack>.yaml, checked as the CLI checks it.
    const config = options.config ?? loadStackConfig(options.stack, { root: options.projectRoot, decrypt: () => ENCRYPTED_STAND_IN }).config;
    const userPoolId = options.userPoolId ?? config[IMPORT_POOL_KEY];
    if (!userPoolId) {
        throw new AuditUsageError(`--user-pool-id is required: the stack ${options.stack} sets no ${IMPORT_POOL_KEY}`);
    }
    const clientId = options.clientId ?? config[IMPORT_CLIENT_KEY];
    const lines: string[] = [];
    for (const [key, audited] of [[IMPORT_POOL_KEY, userPoolId], [IMPORT_CLIENT_KEY, clientId]] as const) {
        if (config[key] !== undefined && audited !== undefined && config[key] !== audited) {
            lines.push(`note: the stack's ${key} is ${config[key]}; this audit adopts ${audited} instead`);
        }
    }

    const cognito = cognitoClient(userPoolId);
    const live = await readLiveSettings(userPoolId, clientId, cognito);
    // Resolve the stack as an adoption of exactly this pool and client: the component registers an
    // imported resource differently (the import options, and what it leaves out on import).
    const adoption: Record<string, string> = { ...config, [IMPORT_POOL_KEY]: userPoolId };
    if (clientId) adoption[IMPORT_CLIENT_KEY] = clientId;
    else delete adoption[IMPORT_CLIENT_KEY];
    const stack = await registeredStackResources(options.stack, adoption, live);

    lines.unshift(
        `audit of stack ${options.stack}: user pool ${userPoolId} (${String(live.pool.name)})` +
            (clientId ? `, app client ${clientId} (${String(live.client?.name)})` : ", no app client (give --client-id or set credere:importUserPoolClientId)"),
    );
    // The comparison is an adoption's: say so when the program would not import exactly these resources.
    const expectedImports: Array<[string, string | undefined, string | undefined]> = [
        ["pool", stack.pool.importId, userPoolId],
        ["client", stack.client.importId, clientId && `${userPoolId}/${clientId}`],
    ];
    for (const [resource, registered, expected] of expectedImports) {
        if (expected !== undefined && registered !== expected) {
            lines.push(`note: the program registers the ${resource} with import id ${registered ?? "(none)"}, not ${expected}: compared as if it adopted it`);
        }
    }
    const differences = [
        ...compareSettings("pool", stack.pool.inputs, live.pool, live.notReported.pool, stack.pool.ignoreChanges),
        ...(live.client ? compareSettings("client", stack.client.inputs, live.client, live.notReported.client, stack.client.ignoreChanges) : []),
    ];
    lines.push(...differences.map(differenceLine));

    const clientReplaced = differences.some((d) => d.resource === "client" && d.action === "replace");
    const unmet = unmetRequirements(live, stack, clientReplaced);
    lines.push(...unmet.map(requirementLine));

    let links: LinkFinding[] | undefined;
    if (options.databaseUrl !== undefined) {
        const [rows, users] = await Promise.all([readCredereUsers(options.databaseUrl), listPoolUsers(cognito, userPoolId)]);
        links = linkFindings(rows, users);
        lines.push(`links: credere_user rows of ${describeDatabase(options.databaseUrl)} against the ${users.length} user(s) of ${userPoolId}`);
        lines.push(...links.map(linkLine));
    }
    const { exitCode, line } = verdict(differences, unmet, links);
    lines.push(line);
    return { lines, exitCode, differences, unmet, links };
}
