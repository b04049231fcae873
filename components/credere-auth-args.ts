import { z } from "zod";
import { adminUserSchema } from "./admin-user-provider";
import type { ProvisioningRoleArgs } from "./provisioning-role";

/**
 * One administrator to provision into Cognito and `credere_user`.
 */
export interface AdminUserEntry {
    /** Email address: the Cognito username and `credere_user.email`. Example: `"admin@open-contracting.org"`. */
    email: string;
    /** Display name stored in `credere_user.name`. Example: `"Admin User"`. */
    name: string;
    /** `credere_user.language`: `"es"` or `"en"`. Default: `"es"`. */
    language?: string;
    /** `credere_user.type`: `"OCP"` or `"FI"`. Default: `"OCP"`. */
    type?: string;
    /**
     * The stable part of this admin's logical resource name. Default: the email.
     * To change an admin's email in place (same Cognito user, same row), keep the
     * old email here. Example: `"first-admin"`.
     */
    resourceName?: string;
}

/**
 * Everything CredereAuth builds, with Credere's documented set-up as defaults
 * (`cognito-setup.txt`). Plain strings, numbers, booleans and lists only, so the
 * component can later be offered to other Pulumi languages.
 */
export interface CredereAuthArgs {
    /** The user pool's name. Example: `"credere-production"`. Required. */
    userPoolName: string;
    /** The app client's name. Default: `userPoolName`. */
    userPoolClientName?: string;
    /** Minimum password length, 6 to 99 (Cognito's range). Default: `14`. No character classes are required. */
    passwordMinimumLength?: number;
    /** MFA mode. Only `"ON"` is allowed: the Credere backend needs an MFA challenge at every login. Default: `"ON"`. */
    mfaConfiguration?: string;
    /**
     * The app client's auth flows; must include `ALLOW_USER_PASSWORD_AUTH`, which the backend logs in with.
     * Default: `ALLOW_REFRESH_TOKEN_AUTH`, `ALLOW_USER_SRP_AUTH`, `ALLOW_ADMIN_USER_PASSWORD_AUTH`,
     * `ALLOW_CUSTOM_AUTH`, `ALLOW_USER_PASSWORD_AUTH`.
     */
    explicitAuthFlows?: string[];
    /** `"COGNITO_DEFAULT"` (Cognito sends the mail) or `"DEVELOPER"` (Amazon SES sends it). Default: `"COGNITO_DEFAULT"`. */
    emailSendingAccount?: string;
    /**
     * The verified SES identity (email address or domain) mail is sent from; its ARN is built from the
     * deploying account and region. Example: `"credere@noreply.open-contracting.org"`. Default: none.
     */
    sesIdentity?: string;
    /** The SES identity's full ARN, instead of `sesIdentity`. Example: `"arn:aws:ses:us-east-1:123456789012:identity/credere@noreply.open-contracting.org"`. */
    sesSourceArn?: string;
    /**
     * The From header with a sender name. Only with `emailSendingAccount: "DEVELOPER"`: Cognito refuses it with
     * `COGNITO_DEFAULT`. Example: `"Credere por Open Contracting Partnership <credere@noreply.open-contracting.org>"`.
     */
    fromEmailAddress?: string;
    /** Whether AWS refuses to delete the pool (`deletionProtection: ACTIVE`). Default: `true`. */
    deletionProtection?: boolean;
    /** Whether Pulumi refuses to delete or replace the pool and client (`protect`). Default: `true`. */
    protect?: boolean;
    /** Adopt this existing pool (Pulumi `import`) instead of creating one. Example: `"us-east-1_AbCdEf123"`. */
    importUserPoolId?: string;
    /** Adopt this existing app client of `importUserPoolId`. Example: `"3ho4ek12345678909nh3fmhpko"`. */
    importUserPoolClientId?: string;
    /** Administrators to provision; empty means none, and no database is needed. Default: `[]`. */
    adminUsers?: AdminUserEntry[];
    /** Keep admin users in Cognito and the database when they leave `adminUsers` (Pulumi `retainOnDelete`). Default: `true`. */
    retainAdminUsersOnDelete?: boolean;
    /**
     * Provision admins through a least-privileged login role that this component creates with the
     * `postgresql` provider (configured with administrative credentials), instead of `credere:databaseUrl`.
     * Default: none.
     */
    provisioningRole?: ProvisioningRoleArgs;
}

export const BASELINE_AUTH_FLOWS = [
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
];

// Every value Cognito's ExplicitAuthFlowsType accepts.
const KNOWN_AUTH_FLOWS = [
    ...BASELINE_AUTH_FLOWS,
    "ALLOW_USER_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
] as const;

// Cognito's own patterns for UserPoolIdType and ClientIdType.
const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const CLIENT_ID = /^[\w+]+$/;
const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z]{2}(-[a-z]+)+-\d:\d{12}:identity\/[^\s/]+$/;
const DOMAIN = /^(?!-)[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;
// "Sender Name <address>" or a bare address.
const FROM_HEADER = /^(?:[^<>]+\s)?<([^<>\s]+)>$|^([^<>\s]+)$/;

const email = z.email({ error: "must be an email address such as admin@example.org" });

const adminUserEntry = adminUserSchema();

/** The arguments' schema: types, ranges, defaults, and the rules that tie settings together. */
export const credereAuthArgsSchema = z
    .strictObject({
        userPoolName: z.string({ error: "is required, a text" }).min(1, { error: "must not be empty" }).max(128),
        userPoolClientName: z.string().min(1).max(128).optional(),
        passwordMinimumLength: z
            .int({ error: "must be a whole number" })
            .min(6, { error: "must be from 6 to 99 (Cognito's range)" })
            .max(99, { error: "must be from 6 to 99 (Cognito's range)" })
            .default(14),
        mfaConfiguration: z
            .literal("ON", { error: "must be ON: the Credere backend fails to log in without an MFA challenge (OFF and OPTIONAL are not allowed)" })
            .default("ON"),
        explicitAuthFlows: z
            .array(z.enum(KNOWN_AUTH_FLOWS, { error: `must each be one of: ${KNOWN_AUTH_FLOWS.join(", ")}` }))
            .refine((flows) => flows.includes("ALLOW_USER_PASSWORD_AUTH"), {
                error: "must include ALLOW_USER_PASSWORD_AUTH: the Credere backend logs in with USER_PASSWORD_AUTH",
            })
            .default(BASELINE_AUTH_FLOWS as (typeof KNOWN_AUTH_FLOWS)[number][]),
        emailSendingAccount: z
            .enum(["COGNITO_DEFAULT", "DEVELOPER"], { error: "must be one of: COGNITO_DEFAULT, DEVELOPER" })
            .default("COGNITO_DEFAULT"),
        sesIdentity: z
            .string()
            .refine((value) => email.safeParse(value).success || DOMAIN.test(value), {
                error: "must be the email address or domain of a verified SES identity",
            })
            .optional(),
        sesSourceArn: z
            .string()
            .regex(SES_IDENTITY_ARN, { error: "must be an SES identity ARN: arn:aws:ses:<region>:<12-digit account>:identity/<address or domain>" })
            .optional(),
        fromEmailAddress: z
            .string()
            .regex(FROM_HEADER, { error: 'must be an address or "Sender Name <address>"' })
            .optional(),
        deletionProtection: z.boolean({ error: "must be true or false" }).default(true),
        protect: z.boolean({ error: "must be true or false" }).default(true),
        importUserPoolId: z
            .string()
            .regex(USER_POOL_ID, { error: "must be a user pool id such as us-east-1_AbCdEf123" })
            .max(55)
            .optional(),
        importUserPoolClientId: z
            .string()
            .regex(CLIENT_ID, { error: "must be an app client id (letters, digits, _ and +)" })
            .max(128)
            .optional(),
        adminUsers: z.array(adminUserEntry, { error: "must be a list of { email, name, language?, type? }" }).default([]),
        retainAdminUsersOnDelete: z.boolean({ error: "must be true or false" }).default(true),
        provisioningRole: z
            .strictObject({
                host: z.string({ error: "is required, a text" }).min(1, { error: "must not be empty" }),
                port: z.int({ error: "must be a whole number" }).min(1).max(65535, { error: "must be from 1 to 65535" }).default(5432),
                database: z.string({ error: "is required, a text" }).min(1, { error: "must not be empty" }),
                sslMode: z
                    .enum(["disable", "require", "verify-ca", "verify-full"], { error: "must be one of: disable, require, verify-ca, verify-full" })
                    .default("require"),
                name: z
                    .string()
                    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: "must be a PostgreSQL role name: lower-case letters, digits and _, at most 63" })
                    .default("credere_admin_provisioner"),
            })
            .optional(),
    })
    .superRefine((args, ctx) => {
        if (args.fromEmailAddress !== undefined && args.emailSendingAccount !== "DEVELOPER") {
            ctx.addIssue({
                code: "custom",
                path: ["fromEmailAddress"],
                input: args.fromEmailAddress,
                message:
                    "needs emailSendingAccount DEVELOPER (Amazon SES): with COGNITO_DEFAULT Cognito refuses a From address " +
                    "(\"Cannot configure From email address for default email configuration\"); use sesIdentity for the address alone",
            });
        }
        if (args.sesIdentity !== undefined && args.sesSourceArn !== undefined) {
            ctx.addIssue({ code: "custom", path: ["sesSourceArn"], input: args.sesSourceArn, message: "set either sesIdentity or sesSourceArn, not both" });
        }
        if (args.emailSendingAccount === "DEVELOPER" && args.sesIdentity === undefined && args.sesSourceArn === undefined) {
            ctx.addIssue({ code: "custom", path: ["emailSendingAccount"], input: args.emailSendingAccount, message: "DEVELOPER needs sesIdentity or sesSourceArn: the SES identity to send from" });
        }
        if (args.importUserPoolClientId !== undefined && args.importUserPoolId === undefined) {
            ctx.addIssue({ code: "custom", path: ["importUserPoolClientId"], input: args.importUserPoolClientId, message: "needs importUserPoolId: a client is adopted together with its pool" });
        }
        const seen = new Map<string, number>();
        args.adminUsers.forEach((admin, index) => {
            const key = admin.email.toLowerCase();
            const first = seen.get(key);
            if (first !== undefined) {
                ctx.addIssue({ code: "custom", path: ["adminUsers", index, "email"], input: admin.email, message: `is already adminUsers[${first}]: each admin once (emails are case-insensitive in this pool)` });
            } else {
                seen.set(key, index);
            }
        });
    });

/** The arguments with every default filled in. */
export type ResolvedCredereAuthArgs = z.output<typeof credereAuthArgsSchema>;

/** A setting that Cognito or the Credere backend would refuse; the message names each bad setting. */
export class CredereSettingsError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Invalid Credere auth settings:\n  - ${problems.join("\n  - ")}`);
        this.name = "CredereSettingsError";
    }
}

/**
 * Validates and completes the arguments, or throws CredereSettingsError naming every bad setting as
 * `<prefix><key>` with the value given and what is allowed. (No secret is among the arguments: the
 * database URL is read by the AdminUser provider, never passed here.)
 */
export function resolveCredereAuthArgs(input: unknown, prefix = ""): ResolvedCredereAuthArgs {
    const result = credereAuthArgsSchema.safeParse(input);
    if (result.success) {
        return result.data;
    }
    const problems = result.error.issues.map((issue) => {
        const key = prefix + formatPath(issue.path);
        if (issue.code === "unrecognized_keys") {
            const where = issue.path.length ? `${key}.` : prefix;
            return `${issue.keys.map((k) => where + k).join(", ")}: unknown setting (a typo?); known settings: ${knownKeys(issue.path).join(", ")}`;
        }
        return `${key} (got ${JSON.stringify(valueAt(input, issue.path))}): ${issue.message}`;
    });
    throw new CredereSettingsError(problems);
}

function formatPath(path: PropertyKey[]): string {
    return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`)).join("");
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
    return path.reduce<unknown>((value, part) => (value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined), input);
}

function knownKeys(path: PropertyKey[]): string[] {
    if (path[0] === "adminUsers") return Object.keys(adminUserEntry.shape);
    if (path[0] === "provisioningRole") return Object.keys(credereAuthArgsSchema.shape.provisioningRole.unwrap().shape);
    return Object.keys(credereAuthArgsSchema.shape);
}
