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
    /**
     * Minimum password length, 6 to 14. Default: `14`. No character classes are required. Cognito accepts 6 to 99,
     * but the Credere backend generates every temporary password itself, 14 characters long (`PASSWORD_LENGTH = 14`
     * in credere-backend `app/aws.py`), and Cognito checks those against this policy.
     */
    passwordMinimumLength?: number;
    /**
     * Days a temporary password stays valid, 0 to 365. Default: `7`, the console's. The backend's forgot-password
     * mail carries a temporary password (`AdminSetUserPassword`, not permanent) that expires after this.
     */
    temporaryPasswordValidityDays?: number;
    /**
     * Standard attributes every user must have (`schemas` with `required: true`). Default: `["email"]`, what the
     * console sets when email is the sign-in option. Fixed at creation: the AWS provider cannot change or remove
     * schema attributes ("cannot modify or remove schema items"), so an adopted pool needs exactly its live value.
     * Only `email` is allowed: the backend creates users with the email attribute alone.
     */
    requiredAttributes?: string[];
    /**
     * Keep a user's original email active while a change to it awaits verification
     * (`userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdate: ["email"]`). Default: `true`, the console's.
     */
    keepOriginalEmailUntilVerified?: boolean;
    /** The pool's feature plan: `"LITE"`, `"ESSENTIALS"` or `"PLUS"`. Default: `"ESSENTIALS"`, what new pools get. */
    userPoolTier?: string;
    /**
     * Subject of the invitation mail `AdminCreateUser` would send. Credere never sends it (admins and the backend
     * create users with `MessageAction: SUPPRESS`); it is declared so that an update keeps it. Default: Cognito's,
     * `"Your temporary password"`.
     */
    invitationEmailSubject?: string;
    /**
     * Body of that invitation mail; must contain `{username}` and `{####}`. Default: Cognito's,
     * `"Your username is {username} and temporary password is {####}."`.
     */
    invitationEmailMessage?: string;
    /**
     * The invitation as an SMS (never sent either: the pool has no SMS configuration); must contain `{username}` and
     * `{####}`. Default: Cognito's, `"Your username is {username} and temporary password is {####}"`.
     */
    invitationSmsMessage?: string;
    /** Remember users' devices: `"never"`, `"always"` or `"userOptIn"`. Default: `"never"`, the console's "Don't remember". */
    rememberDevices?: string;
    /**
     * Minutes the app client's challenge session lasts, 3 to 15. Default: `3`, the console's. A first sign-in answers
     * `NEW_PASSWORD_REQUIRED`, then enrols an authenticator app (`MFA_SETUP`, `AssociateSoftwareToken`,
     * `VerifySoftwareToken`) within one session: the person has this long to scan the code and type it.
     */
    authSessionValidity?: number;
    /** Minutes an access token is valid, 5 to 1440. Default: `60`, the console's (and the API's). */
    accessTokenValidityMinutes?: number;
    /** Minutes an ID token is valid, 5 to 1440. Default: `60`, the console's (and the API's). */
    idTokenValidityMinutes?: number;
    /** Days a refresh token is valid, 1 to 3650. Default: `30`, the console's (and the API's). */
    refreshTokenValidityDays?: number;
    /** MFA mode. Only `"ON"` is allowed: the Credere backend needs an MFA challenge at every login. Default: `"ON"`. */
    mfaConfiguration?: string;
    /**
     * The app client's auth flows; must include `ALLOW_USER_PASSWORD_AUTH`, which the backend logs in with.
     * Default: `ALLOW_REFRESH_TOKEN_AUTH`, `ALLOW_USER_SRP_AUTH`, `ALLOW_ADMIN_USER_PASSWORD_AUTH`,
     * `ALLOW_CUSTOM_AUTH`, `ALLOW_USER_PASSWORD_AUTH`.
     */
    explicitAuthFlows?: string[];
    /**
     * `"COGNITO_DEFAULT"` (Cognito's own mailer) or `"DEVELOPER"` (Amazon SES sends it). Default: `"COGNITO_DEFAULT"`.
     * With DEVELOPER, Cognito sends through its service-linked role AWSServiceRoleForAmazonCognitoIdpEmailService from
     * the identity, which must be verified in SES in the pool's region (or an alternate region Cognito supports), the
     * SES account out of the sandbox to mail anyone (Cognito developer guide, "Email settings for Amazon Cognito user
     * pools" and "Authorizing Amazon Cognito to send Amazon SES email on your behalf").
     */
    emailSendingAccount?: string;
    /**
     * The verified SES identity (email address or domain) mail is sent from; its ARN is built from the
     * deploying account and region. With COGNITO_DEFAULT it must be an email address, and the component adds the
     * sending-authorization policy Cognito's mailer needs on it. Example: `"credere@noreply.open-contracting.org"`.
     * Default: none (Cognito's own address, with COGNITO_DEFAULT).
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
    /**
     * The existing IAM user the Credere backend calls Cognito as (its "operational user", which also holds SES
     * rights this program does not manage): a managed policy granting exactly the six Cognito actions of
     * credere-backend `docs/aws/iam.rst` on this pool is attached to it. Example: `"credere-operational"`.
     * Default: none (no policy is managed).
     */
    backendUserName?: string;
    /**
     * Create an IAM user of its own for the backend, with that policy and an access key; `backendEnvironment`
     * then also holds `AWS_ACCESS_KEY` and `AWS_CLIENT_SECRET` (secret). For an account without an operational
     * user, such as a new development account. Default: `false`.
     */
    createBackendUser?: boolean;
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

// Cognito's own patterns (API reference): UserPoolIdType, ClientIdType, and UserPoolNameType and
// ClientNameType (both `[\w\s+=,.@-]+`, 1 to 128 characters), anchored since the API matches whole values.
const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const CLIENT_ID = /^[\w+]+$/;
const COGNITO_NAME = /^[\w\s+=,.@-]+$/;
const COGNITO_NAME_RULE = "must be 1 to 128 letters, digits, spaces or _ + = , . @ - (Cognito's pattern)";

// Auth flow names from before the ALLOW_ prefix; Cognito refuses a list that mixes them with ALLOW_ names.
const LEGACY_AUTH_FLOWS = ["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY"];

/** The Credere backend's temporary passwords are 14 characters (credere-backend app/aws.py, PASSWORD_LENGTH). */
export const BACKEND_PASSWORD_LENGTH = 14;
const PASSWORD_LENGTH_RULE =
    `must be from 6 to ${BACKEND_PASSWORD_LENGTH}: Cognito allows 6 to 99, but the Credere backend generates every temporary ` +
    `password with ${BACKEND_PASSWORD_LENGTH} characters (PASSWORD_LENGTH in credere-backend app/aws.py) and Cognito checks it ` +
    "against this policy, so a longer minimum stops Credere creating users and resetting passwords";

/** Cognito's invitation text when a pool declares none (as AWS CDK's UserInvitationConfig documents it). */
const COGNITO_INVITATION_SUBJECT = "Your temporary password";
const COGNITO_INVITATION_MESSAGE = "Your username is {username} and temporary password is {####}.";
// AWS CDK's UserInvitationConfig documents the SMS default without a final period; `npm run audit` shows a live pool's own text.
const COGNITO_INVITATION_SMS = "Your username is {username} and temporary password is {####}";
const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z]{2}(-[a-z]+)+-\d:\d{12}:identity\/[^\s/]+$/;
const DOMAIN = /^(?!-)[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;
// "Sender Name <address>" or a bare address.
const FROM_HEADER = /^(?:[^<>]+\s)?<([^<>\s]+)>$|^([^<>\s]+)$/;

// IAM's UserNameType: 1 to 64 of letters, digits and + = , . @ _ - (IAM API reference, CreateUser;
// the same pattern as hashicorp/terraform-provider-aws internal/service/iam/user.go, resourceUser "name").
/** The sslmode values node-postgres accepts (pg-connection-string), for the provisioning role's connection. */
export const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;
const IAM_USER_NAME = /^[0-9A-Za-z+=,.@_-]{1,64}$/;

const email = z.email({ error: "must be an email address such as admin@example.org" });

const adminUserEntry = adminUserSchema();

/**
 * A whole number from `min` to `max`, `fallback` when unset. Both bounds carry `rule`: zod 4 would report
 * the type's message ("must be a whole number") for a failed bound that has none.
 */
function wholeNumber(min: number, max: number, fallback: number, rule: string, unit?: "minutes" | "days") {
    return z
        .int({ error: unit ? `must be a whole number of ${unit}` : "must be a whole number" })
        .min(min, { error: rule })
        .max(max, { error: rule })
        .default(fallback);
}

/** The message of a range Cognito sets (API reference), as `wholeNumber` gives it. */
function cognitoRange(min: number, max: number, unit: "minutes" | "days", meaning?: string): string {
    return `must be from ${min} to ${max} ${unit} (Cognito's range${meaning ? `: ${meaning}` : ""})`;
}

/** An invitation text of at most `maxLength` characters (Cognito's limit) that gives the username and the temporary password. */
function invitationMessage(maxLength: number, fallback: string) {
    return z
        .string({ error: "must be a text" })
        .max(maxLength, { error: `is too long: at most ${maxLength} characters (Cognito's limit)` })
        .refine((message) => message.includes("{username}") && message.includes("{####}"), {
            error: "must contain {username} and {####} (the username and the temporary password)",
        })
        .default(fallback);
}

/** The arguments' schema: types, ranges, defaults, and the rules that tie settings together. */
export const credereAuthArgsSchema = z
    .strictObject({
        // Each check carries its own message: zod 4 reports a type's `error` for every failed check that has none.
        userPoolName: z
            .string({ error: "is required, a text" })
            .min(1, { error: "must not be empty" })
            .max(128, { error: "is too long: at most 128 characters (Cognito's limit)" })
            .regex(COGNITO_NAME, { error: COGNITO_NAME_RULE }),
        userPoolClientName: z
            .string({ error: "must be a text" })
            .min(1, { error: "must not be empty" })
            .max(128, { error: "is too long: at most 128 characters (Cognito's limit)" })
            .regex(COGNITO_NAME, { error: COGNITO_NAME_RULE })
            .optional(),
        passwordMinimumLength: wholeNumber(6, BACKEND_PASSWORD_LENGTH, BACKEND_PASSWORD_LENGTH, PASSWORD_LENGTH_RULE),
        temporaryPasswordValidityDays: wholeNumber(0, 365, 7, cognitoRange(0, 365, "days")),
        requiredAttributes: z
            .array(
                z.literal("email", {
                    error: "must each be email: the Credere backend creates users with the email attribute alone, so Cognito would refuse them without another required attribute",
                }),
                { error: "must be a list: [] or [email]" },
            )
            .refine((attributes) => attributes.length <= 1, { error: "must list email at most once" })
            .default(["email"]),
        keepOriginalEmailUntilVerified: z.boolean({ error: "must be true or false" }).default(true),
        userPoolTier: z.enum(["LITE", "ESSENTIALS", "PLUS"], { error: "must be one of: LITE, ESSENTIALS, PLUS" }).default("ESSENTIALS"),
        invitationEmailSubject: z
            .string({ error: "must be a text" })
            .min(1, { error: "must not be empty" })
            .max(140, { error: "is too long: at most 140 characters (Cognito's limit)" })
            .default(COGNITO_INVITATION_SUBJECT),
        invitationEmailMessage: invitationMessage(20000, COGNITO_INVITATION_MESSAGE),
        invitationSmsMessage: invitationMessage(140, COGNITO_INVITATION_SMS),
        rememberDevices: z.enum(["never", "always", "userOptIn"], { error: "must be one of: never, always, userOptIn" }).default("never"),
        authSessionValidity: wholeNumber(3, 15, 3, cognitoRange(3, 15, "minutes"), "minutes"),
        // Cognito's ranges (API reference, UserPoolClientType): access and ID tokens 5 minutes to 1 day, refresh tokens
        // 60 minutes to 10 years (counted here in whole days).
        accessTokenValidityMinutes: wholeNumber(5, 1440, 60, cognitoRange(5, 1440, "minutes", "5 minutes to 1 day"), "minutes"),
        idTokenValidityMinutes: wholeNumber(5, 1440, 60, cognitoRange(5, 1440, "minutes", "5 minutes to 1 day"), "minutes"),
        refreshTokenValidityDays: wholeNumber(1, 3650, 30, cognitoRange(1, 3650, "days", "up to 10 years"), "days"),
        mfaConfiguration: z
            .literal("ON", { error: "must be ON: the Credere backend fails to log in without an MFA challenge (OFF and OPTIONAL are not allowed)" })
            .default("ON"),
        explicitAuthFlows: z
            .array(z.enum(KNOWN_AUTH_FLOWS, { error: `must each be one of: ${KNOWN_AUTH_FLOWS.join(", ")}` }))
            .refine((flows) => flows.includes("ALLOW_USER_PASSWORD_AUTH"), {
                error: "must include ALLOW_USER_PASSWORD_AUTH: the Credere backend logs in with USER_PASSWORD_AUTH",
            })
            .refine((flows) => !(flows.some((flow) => LEGACY_AUTH_FLOWS.includes(flow)) && flows.some((flow) => flow.startsWith("ALLOW_"))), {
                error: `must not mix the legacy names (${LEGACY_AUTH_FLOWS.join(", ")}) with ALLOW_ names: Cognito refuses the mix; use the ALLOW_ names only`,
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
                port: wholeNumber(1, 65535, 5432, "must be from 1 to 65535"),
                database: z.string({ error: "is required, a text" }).min(1, { error: "must not be empty" }),
                sslMode: z.enum(SSL_MODES, { error: `must be one of: ${SSL_MODES.join(", ")}` }).default("require"),
                name: z
                    .string()
                    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: "must be a PostgreSQL role name: lower-case letters, digits and _, at most 63" })
                    .default("credere_admin_provisioner"),
            })
            .optional(),
        backendUserName: z
            .string({ error: "must be a text" })
            .regex(IAM_USER_NAME, { error: "must be an IAM user name: 1 to 64 letters, digits and + = , . @ _ -" })
            .optional(),
        createBackendUser: z.boolean({ error: "must be true or false" }).default(false),
    })
    .superRefine((args, ctx) => {
        if (args.backendUserName !== undefined && args.createBackendUser) {
            ctx.addIssue({ code: "custom", path: ["createBackendUser"], input: args.createBackendUser, message: "set either backendUserName or createBackendUser, not both" });
        }
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
        if (args.emailSendingAccount === "COGNITO_DEFAULT") {
            // Cognito's own mailer sends From a custom address only with a verified email-address identity that
            // authorizes email.cognito-idp.amazonaws.com (Cognito developer guide, "Authorizing Amazon Cognito to send
            // Amazon SES email on your behalf"); the component writes that policy, and a domain identity is not
            // documented for this mode.
            const identity = args.sesIdentity ?? args.sesSourceArn?.split(":identity/")[1];
            if (identity !== undefined && !email.safeParse(identity).success) {
                const key = args.sesIdentity !== undefined ? "sesIdentity" : "sesSourceArn";
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    input: args[key],
                    message:
                        "with emailSendingAccount COGNITO_DEFAULT must be an email-address identity: Cognito's own mailer sends From a " +
                        "verified address that authorizes email.cognito-idp.amazonaws.com, and a domain identity is not documented " +
                        "for that mode; give the address, or send with emailSendingAccount DEVELOPER (Amazon SES)",
                });
            }
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
        checkAdminResourceNames(args.adminUsers, ctx);
    });

/**
 * Each admin's logical name is `<component>-admin-<resourceName or email>`: two admins with one name would
 * make the engine refuse a duplicate URN in the middle of a run, after other resources changed. A
 * resourceName equal to another admin's email is refused too (case-insensitively, as emails are): it
 * collides as soon as that admin drops its own resourceName.
 */
function checkAdminResourceNames(admins: { email: string; resourceName?: string }[], ctx: z.RefinementCtx): void {
    const emails = admins.map((admin) => admin.email.toLowerCase());
    const names = new Map<string, number>();
    admins.forEach((admin, index) => {
        const name = (admin.resourceName ?? admin.email).toLowerCase();
        const sameName = names.get(name);
        if (admin.resourceName !== undefined) {
            const other = emails.findIndex((address, otherIndex) => otherIndex !== index && address === name);
            if (other !== -1) {
                ctx.addIssue({
                    code: "custom",
                    path: ["adminUsers", index, "resourceName"],
                    input: admin.resourceName,
                    message: `is the email of adminUsers[${other}]: a resourceName must not be another admin's email (their logical names would collide)`,
                });
                return;
            }
        }
        if (sameName !== undefined && emails[sameName] !== emails[index]) {
            ctx.addIssue({
                code: "custom",
                path: ["adminUsers", index, admin.resourceName !== undefined ? "resourceName" : "email"],
                input: admin.resourceName ?? admin.email,
                message: `is already the resource name of adminUsers[${sameName}]: each admin needs its own (the engine refuses two resources with one name)`,
            });
            return;
        }
        names.set(name, index);
    });
}

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
