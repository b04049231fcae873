import type * as pulumi from "@pulumi/pulumi";
import type { AdminGetUserCommandOutput, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { Client as PgClient } from "pg";
import { z } from "zod";

// This file is serialized by Pulumi into the engine's dynamic-provider process. So: SDK clients and
// database connections are made inside each method (a module-level client or pool cannot be
// serialized), packages are `require`d where they are used, the database URL arrives through
// `configure` at run time, never through a captured value, and the provider imports no other file of
// this package (once installed under node_modules, Pulumi would try to `require` that file by a
// package path that the package's `exports` do not offer).

/** Cognito's limit on a Username (API_AdminCreateUser: 1 to 128 characters); the email is the Username here. */
const MAX_EMAIL_LENGTH = 128;

/**
 * The shape of one admin user, shared by the component's argument checks and the provider's `check`.
 * A function, not a module-level value, so that the serialized provider captures `zod` by name.
 */
export function adminUserSchema() {
    // PostgreSQL text cannot hold a NUL character, and an unpaired surrogate would be stored as U+FFFD:
    // refused here, before anything is created, rather than by the INSERT after the Cognito user exists.
    const storable = (text: string) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
    const notStorable = { error: "must not contain a NUL character or an unpaired surrogate (PostgreSQL text cannot store them)" };
    return z.strictObject({
        // Lower-cased: Cognito compares emails case-insensitively, and so must every lookup, lock and
        // uniqueness check here; storing one form keeps `credere_user.email` equal to the Cognito email.
        email: z
            .string({ error: "must be an email address such as admin@example.org" })
            .trim()
            .toLowerCase()
            .pipe(
                z
                    .email({ error: "must be an email address such as admin@example.org" })
                    .max(MAX_EMAIL_LENGTH, { error: `must be at most ${MAX_EMAIL_LENGTH} characters (Cognito's limit for a username)` }),
            ),
        name: z.string({ error: "must be a text" }).trim().min(1, { error: "must not be empty" }).refine(storable, notStorable),
        language: z.enum(["es", "en"], { error: "must be one of: es, en" }).default("es"),
        type: z.enum(["OCP", "FI"], { error: "must be one of: OCP, FI" }).default("OCP"),
        resourceName: z.string().min(1, { error: "must not be empty" }).refine(storable, notStorable).optional(),
    });
}

/** What the program declares for one admin user. */
export interface AdminUserInputs {
    userPoolId: string;
    /** The pool's region, where the Cognito API is called. */
    region: string;
    email: string;
    name: string;
    language: string;
    type: string;
    /**
     * Secret: a connection URL of the least-privileged provisioning role, when the component created one.
     * Absent: the provider connects with the secret config `credere:databaseUrl`.
     */
    databaseConnection?: string;
}

/** What the stack's state records for one admin user. */
export interface AdminUserOutputs extends AdminUserInputs {
    /** The Cognito Username, equal to the `sub` in a pool that signs in by email; `credere_user.external_id`. */
    sub: string;
    /** `credere_user.id`, or null when refresh found no row linked to this user. */
    credereUserId: number | null;
    /** True when a run of this provider created the Cognito user; false when it adopted one made by hand. */
    cognitoUserCreated: boolean;
    /** True when a run of this provider inserted the `credere_user` row; false when it linked an existing row. */
    credereUserCreated: boolean;
    /**
     * This resource's claim on the admin, also written into the Cognito user's ownership mark. Delete
     * removes nothing once another resource has claimed the admin (a renamed resource adopting it).
     * Absent in the state of resources created before ownership marks existed.
     */
    ownerId?: string;
}

/**
 * How long each remote call may take. A limit reached ends the operation cleanly: the transaction is
 * rolled back, a Cognito user made by the call is removed, and the message names the limit.
 */
export interface AdminUserLimits {
    /** Time to open a connection to the Cognito endpoint, per attempt. */
    cognitoConnectTimeoutMs: number;
    /** Time a Cognito request may take, per attempt (@smithy/node-http-handler `requestTimeout`: one timer over the whole request). */
    cognitoRequestTimeoutMs: number;
    /** Attempts per Cognito call, with the SDK's standard backoff between them (throttling, timeouts, 5xx). */
    cognitoMaxAttempts: number;
    /** Time to connect to PostgreSQL (pg `connectionTimeoutMillis`). */
    databaseConnectTimeoutMs: number;
    /** Time any one SQL statement may run (server-side `statement_timeout`). */
    databaseStatementTimeoutMs: number;
    /** Time to wait for a row lock or for the per-email provisioning lock (server-side `lock_timeout`). */
    databaseLockTimeoutMs: number;
    /** Time the client waits for an answer to a query (pg `query_timeout`): a server that stops answering. */
    databaseQueryTimeoutMs: number;
}

const DEFAULT_LIMITS: AdminUserLimits = {
    cognitoConnectTimeoutMs: 5_000,
    cognitoRequestTimeoutMs: 15_000,
    cognitoMaxAttempts: 6,
    databaseConnectTimeoutMs: 10_000,
    databaseStatementTimeoutMs: 30_000,
    databaseLockTimeoutMs: 15_000,
    databaseQueryTimeoutMs: 35_000,
};

interface CredereUserRow {
    id: number;
    external_id: string;
    email: string;
    name: string;
    language: string;
    type: string;
}

/** Who owns an admin, as written into its Cognito user (see OWNERSHIP_ATTRIBUTE). */
interface OwnershipMark {
    ownerId: string;
    cognitoUserCreated: boolean;
    credereUserCreated: boolean;
}

/** The Cognito user as the provider needs it. */
interface CognitoUser {
    username: string;
    email?: string;
    /** The ownership mark, when the user carries one written by this provider. */
    mark?: OwnershipMark;
    /** True when the ownership attribute holds something else, which the provider never overwrites. */
    foreignMark: boolean;
}

/** The operation under way and what it talks to, for error messages. */
interface Operation {
    name: "create" | "read" | "update" | "delete";
    user: AdminUserInputs;
    /** host:port/database and where the URL came from, without credentials; set once connected. */
    database?: string;
    /** Connection strings whose secrets must never appear in a message. */
    secrets: string[];
}

/**
 * The secret stack setting the provider connects with when the resource has no provisioning role.
 * Not exported: TypeScript would then read it as `exports.DATABASE_URL_KEY`, and the serialized
 * provider would capture this module by a package path (tests/consumer.test.ts catches that).
 */
const DATABASE_URL_KEY = "credere:databaseUrl";
const ROW_COLUMNS = "id, external_id, email, name, language, type::text AS type";
/** Shown in pg_stat_activity, so that an operator (or a test) can find the provider's sessions. */
const APPLICATION_NAME = "credere-admin-user";
/**
 * A standard Cognito attribute that Credere does not use (the backend reads only `email` and the
 * Username/sub: credere-backend app/routers/users.py, app/aws.py), holding the ownership mark. It is
 * what keeps ownership across a crash (a rerun finds the mark its crashed run wrote) and across a
 * rename (the new resource writes its own claim; the old one's delete then leaves the admin alone).
 */
const OWNERSHIP_ATTRIBUTE = "profile";
const OWNERSHIP_PREFIX = "pulumi:credere:AdminUser";

/** Creates, reads, updates and deletes one admin: a Cognito user and the `credere_user` row linked to it. */
export class AdminUserProvider implements pulumi.dynamic.ResourceProvider<AdminUserInputs, AdminUserOutputs> {
    private databaseUrl: string | undefined;
    private readonly limits: AdminUserLimits;

    constructor(limits: Partial<AdminUserLimits> = {}) {
        this.limits = { ...DEFAULT_LIMITS, ...limits };
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.databaseUrl = req.config.get(DATABASE_URL_KEY);
    }

    /**
     * Validates the declared inputs and returns only those (normalized), dropping whatever else the engine
     * put in `news`: the SDK's plugin server passes the serialized provider as the input `__provider` and
     * adds it back to what check returns (pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts, `check`).
     * During a preview a value not yet known (a pool id still to be created, an email from an Output) is
     * the placeholder `unknownValue` (sdk/nodejs/runtime/rpc.ts): it is passed through unvalidated, and
     * the engine calls check again with the real value at `up`. Local: no connection is made.
     */
    async check(olds: AdminUserInputs, news: AdminUserInputs): Promise<pulumi.dynamic.CheckResult<AdminUserInputs>> {
        const { unknownValue } = require("@pulumi/pulumi/runtime/rpc");
        const isUnknown = (value: unknown) => value === unknownValue;
        const failures: pulumi.dynamic.CheckFailure[] = [];
        const { userPoolId, region, databaseConnection } = news;
        const userFields = ["email", "name", "language", "type"] as const;
        const user: Record<string, unknown> = {};
        const unknowns: Record<string, unknown> = {};
        for (const key of userFields) {
            if (isUnknown(news[key])) unknowns[key] = news[key];
            else if (news[key] !== undefined) user[key] = news[key];
        }
        const knownFields: Partial<Record<(typeof userFields)[number], true>> = {};
        for (const key of userFields) if (!(key in unknowns)) knownFields[key] = true;
        const parsed = adminUserSchema().pick(knownFields).safeParse(user);
        if (!parsed.success) {
            for (const issue of parsed.error.issues) {
                const property = String(issue.path[0] ?? "inputs");
                const got = property in user ? ` (got ${JSON.stringify(user[property])})` : "";
                failures.push({ property, reason: `${property}${got}: ${issue.message}` });
            }
        }
        for (const [property, value] of Object.entries({ userPoolId, region })) {
            if (!isUnknown(value) && (typeof value !== "string" || value === "")) {
                failures.push({ property, reason: `${property}: is required, a text` });
            }
        }
        if (databaseConnection !== undefined && !isUnknown(databaseConnection) && typeof databaseConnection !== "string") {
            failures.push({ property: "databaseConnection", reason: "databaseConnection: must be a PostgreSQL connection URL" });
        }
        const inputs = {
            userPoolId,
            region,
            ...(parsed.success ? parsed.data : user),
            ...unknowns,
            ...(databaseConnection === undefined ? {} : { databaseConnection }),
        } as AdminUserInputs;
        return { inputs, failures };
    }

    /** Local: compares the state with the new inputs, no connection is made. Emails compare case-insensitively. */
    async diff(id: string, olds: AdminUserOutputs, news: AdminUserInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["userPoolId", "region"] as const).filter((key) => olds[key] !== news[key]);
        // A new role password changes databaseConnection: an update that only records it, never a replacement.
        // An email that differs only in case is an update too: it stores the lower-cased form.
        const changed = (["email", "name", "language", "type", "databaseConnection"] as const).filter((key) => olds[key] !== news[key]);
        // A refresh that found the row gone or unlinked leaves credereUserId null: update repairs it.
        const rowMissing = olds.credereUserId === null || olds.credereUserId === undefined;
        return {
            changes: replaces.length > 0 || changed.length > 0 || rowMissing,
            replaces,
            deleteBeforeReplace: false,
            stables: ["sub"],
        };
    }

    async create(inputs: AdminUserInputs): Promise<pulumi.dynamic.CreateResult<AdminUserOutputs>> {
        const { randomUUID } = require("crypto");
        const ownerId: string = randomUUID();
        const email = inputs.email.toLowerCase();
        return this.withClients("create", inputs, async (db, cognito) => {
            // True from the moment AdminCreateUser is sent until Cognito says the user already existed: a
            // timeout leaves it unknown whether Cognito made the user, and the cleanup then looks.
            let mayHaveCreated = false;
            try {
                return await this.inTransaction(db, async () => {
                    await this.lockEmail(db, email);
                    // Read the table before touching Cognito: a missing table or a bad connection fails with nothing created.
                    const existingRow = await this.findRowByEmail(db, email);
                    const mark: OwnershipMark = { ownerId, cognitoUserCreated: true, credereUserCreated: !existingRow };
                    mayHaveCreated = true;
                    const user = { ...inputs, email };
                    const cognitoUser = await this.createOrFindCognitoUser(cognito, user, mark);
                    mayHaveCreated = cognitoUser.created;
                    const sub = cognitoUser.username;
                    const row = await this.linkOrInsertRow(db, cognito, user, sub, existingRow);
                    // A user found with a mark was made or claimed by a run of this provider: a crashed run
                    // of this resource, or the resource this one replaces under a new logical name. What
                    // that run made passes to this resource. No mark: made by hand, adopted.
                    const earlier = cognitoUser.created ? undefined : cognitoUser.mark;
                    const cognitoUserCreated = cognitoUser.created || (earlier?.cognitoUserCreated ?? false);
                    const credereUserCreated = row.created || (row.wasLinked && (earlier?.credereUserCreated ?? false));
                    if (!cognitoUser.created && !cognitoUser.foreignMark) {
                        // Last before COMMIT: claim the admin for this resource.
                        await this.writeMark(cognito, inputs.userPoolId, sub, { ownerId, cognitoUserCreated, credereUserCreated });
                    }
                    const outs = outputsOf(user, { sub, credereUserId: row.id, cognitoUserCreated, credereUserCreated, ownerId });
                    return { id: sub, outs };
                });
            } catch (error) {
                if (mayHaveCreated) {
                    // Nothing half-created: a Cognito user this call made (known by the mark carrying this
                    // call's ownerId, even when the answer to AdminCreateUser was lost) goes when its row
                    // was not committed. Looked up even when Cognito answered: the rollback (or a lost
                    // connection) released the per-email lock, so another run may have claimed the user
                    // since, and its mark then names another owner. If this cleanup fails too, the mark
                    // stays: the next run takes the user over as its own.
                    await this.removeUserMadeBy(cognito, inputs.userPoolId, email, ownerId).catch(() => undefined);
                }
                throw error;
            }
        });
    }

    /** As `pulumi refresh` calls it: connects to Cognito and the database. */
    async read(id: string, props?: AdminUserOutputs): Promise<pulumi.dynamic.ReadResult<AdminUserOutputs>> {
        if (!props) {
            throw new Error(`AdminUser ${id}: read needs the resource's state (userPoolId, region); import is not supported`);
        }
        return this.withClients("read", props, async (db, cognito) => {
            const cognitoUser = await this.getCognitoUser(cognito, props.userPoolId, id);
            if (!cognitoUser) {
                // The Cognito user is gone: an empty id tells the engine the resource no longer exists.
                return { id: "", props: undefined as unknown as AdminUserOutputs };
            }
            const row = props.credereUserId === null ? undefined : await this.findRowById(db, props.credereUserId);
            const linkedRow = row && row.external_id === id ? row : undefined;
            return {
                id,
                props: {
                    ...props,
                    email: cognitoUser.email ?? props.email,
                    name: linkedRow?.name ?? props.name,
                    language: linkedRow?.language ?? props.language,
                    type: linkedRow?.type ?? props.type,
                    credereUserId: linkedRow ? linkedRow.id : null,
                },
            };
        });
    }

    async update(id: string, olds: AdminUserOutputs, news: AdminUserInputs): Promise<pulumi.dynamic.UpdateResult<AdminUserOutputs>> {
        const email = news.email.toLowerCase();
        return this.withClients("update", news, (db, cognito) =>
            this.inTransaction(db, async () => {
                // Both emails, in one order, so that two runs swapping emails cannot deadlock.
                for (const locked of [...new Set([olds.email.toLowerCase(), email])].sort()) {
                    await this.lockEmail(db, locked);
                }
                // One statement finds and locks this resource's row and every row holding the new email in any case.
                const rows = await this.sql<CredereUserRow & { has_email: boolean }>(
                    db,
                    `SELECT ${ROW_COLUMNS}, lower(email) = lower($2) AS has_email FROM public.credere_user WHERE id = $1 OR lower(email) = lower($2) ORDER BY id FOR UPDATE`,
                    [olds.credereUserId, email],
                );
                const ownRow = rows.find((row) => row.id === olds.credereUserId && row.external_id === id);
                let credereUserId: number;
                let credereUserCreated = olds.credereUserCreated;
                if (ownRow) {
                    const other = rows.find((row) => row.id !== ownRow.id);
                    if (other) {
                        throw new Error(
                            `credere_user ${other.id} already has the email ${other.email} (emails compare case-insensitively); ` +
                                "each email belongs to one person: choose another email or merge the rows by hand",
                        );
                    }
                    await this.sql(db, "UPDATE public.credere_user SET email = $1, name = $2, language = $3, type = $4 WHERE id = $5", [
                        email,
                        news.name,
                        news.language,
                        news.type,
                        ownRow.id,
                    ]);
                    credereUserId = ownRow.id;
                } else {
                    // The row went away or was unlinked by hand since the last run: link or insert it again.
                    const rowWithEmail = onlyRowWithEmail(rows.filter((row) => row.has_email));
                    const row = await this.linkOrInsertRow(db, cognito, { ...news, email }, id, rowWithEmail);
                    credereUserId = row.id;
                    credereUserCreated = row.created || credereUserCreated;
                }
                if (olds.email !== email) {
                    const { AdminUpdateUserAttributesCommand } = require("@aws-sdk/client-cognito-identity-provider");
                    await this.send(
                        cognito,
                        new AdminUpdateUserAttributesCommand({
                            UserPoolId: news.userPoolId,
                            Username: id,
                            UserAttributes: [
                                { Name: "email", Value: email },
                                { Name: "email_verified", Value: "true" },
                            ],
                        }),
                    );
                }
                // The new inputs, not the old outputs merged with them: an input removed from the program (the
                // provisioning role's databaseConnection) must not stay in the state.
                const own = { sub: id, credereUserId, cognitoUserCreated: olds.cognitoUserCreated, credereUserCreated, ownerId: olds.ownerId };
                return { outs: outputsOf({ ...news, email }, own) };
            }),
        );
    }

    /**
     * Removes what this resource's runs made, never what was there before them:
     * - a row that existed before (adopted) means the person had Credere access before this resource:
     *   nothing is removed, not even a Cognito user made for that row, which the row needs;
     * - an admin claimed since by another resource (a rename: the mark names another owner) is left to it;
     * - a row relinked by hand to another Cognito user is left alone.
     *
     * Order, and why every failure point is safe: (1) under the per-email lock, the row is deleted and
     * COMMITTED; (2) then the Cognito user is deleted. A failure before (1) commits leaves both. A failure
     * between (1) and (2) leaves the Cognito user without a row, which gives no access to Credere (the
     * backend finds people by their row); the engine keeps the resource, and the next delete finds no row
     * and removes the user. The reverse order could leave a committed row pointing at a deleted user,
     * which no rerun repairs. The lock is held until (2) ends, so that no run adopts the user in between.
     */
    async delete(id: string, props: AdminUserOutputs): Promise<void> {
        if (!props.credereUserCreated) {
            return; // The row was there before this resource and stays after it, and with it its Cognito user.
        }
        await this.withClients("delete", props, async (db, cognito) => {
            const lockKey = lockKeyOf(props.email);
            await this.sql(db, "SELECT pg_advisory_lock(hashtext($1))", [lockKey]);
            try {
                const cognitoUser = await this.getCognitoUser(cognito, props.userPoolId, id);
                if (cognitoUser?.mark && cognitoUser.mark.ownerId !== props.ownerId) {
                    return; // Claimed since by another resource, which now answers for it.
                }
                if (props.credereUserId !== null) {
                    // Only while the row is still linked to this user: a row relinked by hand is not ours to remove.
                    await this.sql(db, "DELETE FROM public.credere_user WHERE id = $1 AND external_id = $2", [props.credereUserId, id]);
                }
                if (props.cognitoUserCreated && cognitoUser) {
                    await this.deleteCognitoUser(cognito, props.userPoolId, id);
                }
            } finally {
                await db.query("SELECT pg_advisory_unlock(hashtext($1))", [lockKey]).catch(() => undefined);
            }
        });
    }

    /**
     * Runs `work` with a database connection and a Cognito client made for this call alone, closes both
     * afterwards, and turns service errors into messages that name the admin, the operation and the service.
     */
    private async withClients<T>(
        name: Operation["name"],
        user: AdminUserInputs,
        work: (db: PgClient, cognito: CognitoIdentityProviderClient) => Promise<T>,
    ): Promise<T> {
        const operation: Operation = { name, user, secrets: [user.databaseConnection, this.databaseUrl].filter((url): url is string => !!url) };
        let db: PgClient | undefined;
        let cognito: CognitoIdentityProviderClient | undefined;
        try {
            db = await this.connect(operation);
            cognito = this.cognito(user.region);
            return await work(db, cognito);
        } catch (error) {
            throw this.explain(error, operation);
        } finally {
            await db?.end().catch(() => undefined);
            cognito?.destroy();
        }
    }

    /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
    private async inTransaction<T>(db: PgClient, work: () => Promise<T>): Promise<T> {
        await this.sql(db, "BEGIN");
        try {
            const result = await work();
            await this.sql(db, "COMMIT");
            return result;
        } catch (error) {
            await db.query("ROLLBACK").catch(() => undefined);
            throw error;
        }
    }

    /** Connects as the provisioning role when the resource has one, else with `credere:databaseUrl`, with every limit set. */
    private async connect(operation: Operation): Promise<PgClient> {
        const connectionString = operation.user.databaseConnection ?? this.databaseUrl;
        const source = operation.user.databaseConnection ? "the provisioning role" : DATABASE_URL_KEY;
        if (!connectionString) {
            throw new Error(
                `AdminUser needs the Credere database: set the secret config ${DATABASE_URL_KEY} ` +
                    `(pulumi config set --secret ${DATABASE_URL_KEY} postgresql://user:password@host:5432/credere)`,
            );
        }
        const target = describeDatabase(connectionString);
        if (!target) {
            // Never the value itself: it holds a password.
            throw this.tag(
                new Error(`the database URL (from ${source}) is not a PostgreSQL URL; expected postgresql://user:password@host:5432/database`),
                "database",
            );
        }
        operation.database = `PostgreSQL at ${target} (from ${source})`;
        const { Client } = require("pg");
        let client: PgClient;
        try {
            client = new Client({
                connectionString,
                application_name: APPLICATION_NAME,
                connectionTimeoutMillis: this.limits.databaseConnectTimeoutMs,
                statement_timeout: this.limits.databaseStatementTimeoutMs,
                lock_timeout: this.limits.databaseLockTimeoutMs,
                query_timeout: this.limits.databaseQueryTimeoutMs,
            });
        } catch (error) {
            // pg parses the URL here (pg-connection-string): a malformed one throws before any connection.
            throw this.tag(error, "database", "the database URL cannot be used");
        }
        // A connection lost while no query runs (the server restarts, a backend is terminated while this
        // call waits on Cognito) is reported by pg as an 'error' event: without a listener it would crash
        // the process before any cleanup. The next query fails, and that failure is reported and cleaned up.
        // (No `??=` or other syntax newer than TypeScript 3.8 in this file: Pulumi's closure serializer may
        // parse it with TypeScript 3.8.3, its own dependency, and then fails with "Expression expected".)
        client.on("error", (error: Error) => {
            const lost = client as PgClient & { lostWith?: Error };
            lost.lostWith = lost.lostWith ?? error;
        });
        try {
            await client.connect();
        } catch (error) {
            await client.end().catch(() => undefined);
            throw this.tag(error, "database", "cannot connect");
        }
        return client;
    }

    private cognito(region: string): CognitoIdentityProviderClient {
        const { CognitoIdentityProviderClient } = require("@aws-sdk/client-cognito-identity-provider");
        // The SDK's standard retry strategy backs off and retries throttling errors and timeouts; each
        // attempt is bounded by the request handler's timeouts. Credentials come from the default chain,
        // and AWS_ENDPOINT_URL points the client at an emulator when set.
        return new CognitoIdentityProviderClient({
            region,
            maxAttempts: this.limits.cognitoMaxAttempts,
            // throwOnRequestTimeout: without it, @smithy/node-http-handler only logs a warning when
            // requestTimeout passes (setRequestTimeout) and the call keeps waiting.
            requestHandler: {
                connectionTimeout: this.limits.cognitoConnectTimeoutMs,
                requestTimeout: this.limits.cognitoRequestTimeoutMs,
                throwOnRequestTimeout: true,
            },
        });
    }

    /** A query whose failure is reported as the database's. */
    private async sql<R extends Record<string, any> = Record<string, any>>(db: PgClient, text: string, values: unknown[] = []): Promise<R[]> {
        try {
            return (await db.query<R>(text, values)).rows;
        } catch (error) {
            if (error instanceof Error && /query read timeout/i.test(error.message)) {
                // pg keeps an unanswered query active, so every later one (ROLLBACK, the unlock) would queue behind
                // it and wait out query_timeout again. Ending the client drops the connection (pg destroys the
                // socket when a query is active); the server then rolls back and releases the locks itself.
                await db.end().catch(() => undefined);
            }
            const lostWith = (db as PgClient & { lostWith?: Error }).lostWith;
            throw this.tag(lostWith ?? error, "database", lostWith ? "the connection was lost" : undefined);
        }
    }

    /** A Cognito call whose failure is reported as Cognito's. */
    private async send<R>(cognito: CognitoIdentityProviderClient, command: any): Promise<R> {
        try {
            return (await cognito.send(command)) as R;
        } catch (error) {
            throw this.tag(error, "cognito");
        }
    }

    /** Marks an error with the service it came from; kept as is otherwise, so that `explain` can read its code. */
    private tag(error: unknown, service: "cognito" | "database", context?: string): Error & { service?: string; context?: string } {
        const tagged = (error instanceof Error ? error : new Error(String(error))) as Error & { service?: string; context?: string };
        tagged.service = tagged.service ?? service;
        tagged.context = tagged.context ?? context;
        return tagged;
    }

    /** Serializes provisioning of one email across concurrent runs, until the transaction ends. */
    private async lockEmail(db: PgClient, email: string): Promise<void> {
        await this.sql(db, "SELECT pg_advisory_xact_lock(hashtext($1))", [lockKeyOf(email)]);
    }

    /** The row with this email in any case; FOR UPDATE, so that nobody relinks it before this transaction ends. */
    private async findRowByEmail(db: PgClient, email: string): Promise<CredereUserRow | undefined> {
        return onlyRowWithEmail(await this.sql<CredereUserRow>(db, `SELECT ${ROW_COLUMNS} FROM public.credere_user WHERE lower(email) = lower($1) ORDER BY id FOR UPDATE`, [email]));
    }

    private async findRowById(db: PgClient, id: number): Promise<CredereUserRow | undefined> {
        return (await this.sql<CredereUserRow>(db, `SELECT ${ROW_COLUMNS} FROM public.credere_user WHERE id = $1`, [id]))[0];
    }

    /**
     * Creates the Cognito user carrying this call's ownership mark, or, when the email is taken, finds
     * the user that has it. `created` says which.
     */
    private async createOrFindCognitoUser(
        cognito: CognitoIdentityProviderClient,
        user: AdminUserInputs,
        mark: OwnershipMark,
    ): Promise<CognitoUser & { created: boolean }> {
        const { AdminCreateUserCommand } = require("@aws-sdk/client-cognito-identity-provider");
        try {
            // No TemporaryPassword: Cognito generates one. The person sets theirs through "Forgot Password?".
            const response = await this.send<{ User?: { Username?: string } }>(
                cognito,
                new AdminCreateUserCommand({
                    UserPoolId: user.userPoolId,
                    Username: user.email,
                    UserAttributes: [
                        { Name: "email", Value: user.email },
                        { Name: "email_verified", Value: "true" },
                        { Name: OWNERSHIP_ATTRIBUTE, Value: formatMark(mark) },
                    ],
                    MessageAction: "SUPPRESS",
                }),
            );
            return { username: response.User!.Username!, email: user.email, mark, foreignMark: false, created: true };
        } catch (error) {
            if ((error as Error).name !== "UsernameExistsException") {
                throw error;
            }
        }
        const existing = await this.getCognitoUser(cognito, user.userPoolId, user.email);
        if (!existing) {
            throw this.tag(new Error(`Cognito reported ${user.email} as taken, then as not found; retry`), "cognito");
        }
        return { ...existing, created: false };
    }

    private async getCognitoUser(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<CognitoUser | undefined> {
        const { AdminGetUserCommand } = require("@aws-sdk/client-cognito-identity-provider");
        try {
            const response = await this.send<AdminGetUserCommandOutput>(cognito, new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
            const attribute = (name: string) => response.UserAttributes?.find((candidate) => candidate.Name === name)?.Value;
            const markText = attribute(OWNERSHIP_ATTRIBUTE);
            const mark = parseMark(markText);
            return { username: response.Username!, email: attribute("email"), mark, foreignMark: !!markText && !mark };
        } catch (error) {
            if ((error as Error).name === "UserNotFoundException") {
                return undefined;
            }
            throw error;
        }
    }

    private async writeMark(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string, mark: OwnershipMark): Promise<void> {
        const { AdminUpdateUserAttributesCommand } = require("@aws-sdk/client-cognito-identity-provider");
        await this.send(
            cognito,
            new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: username, UserAttributes: [{ Name: OWNERSHIP_ATTRIBUTE, Value: formatMark(mark) }] }),
        );
    }

    /** Deletes the user with this email if this call made it (its mark carries this call's ownerId). */
    private async removeUserMadeBy(cognito: CognitoIdentityProviderClient, userPoolId: string, email: string, ownerId: string): Promise<void> {
        const user = await this.getCognitoUser(cognito, userPoolId, email);
        if (user?.mark?.ownerId === ownerId) {
            await this.deleteCognitoUser(cognito, userPoolId, user.username);
        }
    }

    private async deleteCognitoUser(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<void> {
        const { AdminDeleteUserCommand } = require("@aws-sdk/client-cognito-identity-provider");
        try {
            await this.send(cognito, new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
        } catch (error) {
            if ((error as Error).name !== "UserNotFoundException") {
                throw error;
            }
        }
    }

    /**
     * Links the row with this email to the Cognito user, or inserts one. A row already linked to another
     * Cognito user that still exists is refused: relinking it would take that person's account away.
     */
    private async linkOrInsertRow(
        db: PgClient,
        cognito: CognitoIdentityProviderClient,
        user: AdminUserInputs,
        sub: string,
        existingRow: CredereUserRow | undefined,
    ): Promise<{ id: number; created: boolean; wasLinked: boolean }> {
        if (!existingRow) {
            const inserted = await this.sql<{ id: number }>(
                db,
                "INSERT INTO public.credere_user (type, language, email, name, external_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                [user.type, user.language, user.email, user.name, sub],
            );
            return { id: inserted[0].id, created: true, wasLinked: false };
        }
        if (existingRow.external_id !== sub && existingRow.external_id) {
            const linkedUser = await this.getCognitoUser(cognito, user.userPoolId, existingRow.external_id);
            if (linkedUser) {
                throw new Error(
                    `credere_user ${existingRow.id} (${existingRow.email}) is linked to another Cognito user of pool ${user.userPoolId} ` +
                        `(external_id ${existingRow.external_id}, email ${linkedUser.email ?? "unknown"}), not to ${sub}; ` +
                        "refusing to relink it: correct external_id or that user by hand first",
                );
            }
        }
        await this.sql(db, "UPDATE public.credere_user SET external_id = $1, email = $2, name = $3, language = $4, type = $5 WHERE id = $6", [
            sub,
            user.email,
            user.name,
            user.language,
            user.type,
            existingRow.id,
        ]);
        return { id: existingRow.id, created: false, wasLinked: existingRow.external_id === sub };
    }

    /** One message naming the admin, the operation and the service (never a credential), saying what to do where it can. */
    private explain(error: unknown, operation: Operation): Error {
        const cause = error as Error & { code?: string; constraint?: string; service?: string; context?: string };
        const { user, name } = operation;
        const who = `AdminUser ${user.email}: ${name}`;
        const limits = this.limits;
        const cognitoService = `Cognito (user pool ${user.userPoolId}, region ${user.region}${describeEndpoint()})`;
        const databaseService = operation.database ?? "PostgreSQL";
        let message: string;
        if (cause.service === "cognito") {
            if (cause.name === "TimeoutError") {
                message =
                    `${cognitoService} did not answer: no connection within ${limits.cognitoConnectTimeoutMs} ms or no response within ` +
                    `${limits.cognitoRequestTimeoutMs} ms, in each of ${limits.cognitoMaxAttempts} attempts (${cause.message})`;
            } else if (cause.name === "ResourceNotFoundException") {
                message = `${cognitoService}: the user pool was not found: ${cause.message}`;
            } else if (cause.name === "UserNotFoundException") {
                message = `${cognitoService}: the Cognito user is gone; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`;
            } else {
                message = `${cognitoService}: ${cause.name && cause.name !== "Error" ? `${cause.name}: ` : ""}${cause.message}`;
            }
        } else if (cause.service === "database") {
            const prefix = cause.context ? `${databaseService}: ${cause.context}: ` : `${databaseService}: `;
            if (cause.code === "42P01") {
                message = `${prefix}table public.credere_user does not exist: is it Credere's database, migrated by the backend?`;
            } else if (cause.code === "23503") {
                message =
                    `${prefix}cannot delete the credere_user row: it is still referenced by application_action (this admin has acted on applications). ` +
                    "Keep the user (retainAdminUsersOnDelete: true) or reassign those actions first";
            } else if (cause.code === "23505") {
                message = `${prefix}another credere_user row already has this email (${cause.constraint}); each email belongs to one row`;
            } else if (cause.code === "55P03") {
                message =
                    `${prefix}waited more than ${limits.databaseLockTimeoutMs} ms (lock_timeout) for a lock on this admin's row or email: ` +
                    "another run or session is changing it; retry when it is done";
            } else if (cause.code === "57014") {
                message = `${prefix}a statement ran longer than ${limits.databaseStatementTimeoutMs} ms (statement_timeout) and was cancelled`;
            } else if (/query read timeout/i.test(cause.message)) {
                message = `${prefix}no answer within ${limits.databaseQueryTimeoutMs} ms (query_timeout)`;
            } else if (/timeout/i.test(cause.message) && cause.context === "cannot connect") {
                message = `${prefix}no connection within ${limits.databaseConnectTimeoutMs} ms (connectionTimeoutMillis)`;
            } else {
                message = `${prefix}${cause.message}`;
            }
        } else {
            message = cause instanceof Error ? cause.message : String(cause);
        }
        return new Error(redact(`${who}: ${message}`, operation.secrets));
    }
}

/** The row holding an email, of the rows found holding it; several (the email in different case) are refused. */
function onlyRowWithEmail(rows: CredereUserRow[]): CredereUserRow | undefined {
    if (rows.length > 1) {
        throw new Error(
            `credere_user rows ${rows.map((row) => row.id).join(", ")} hold the same email in different case (${rows.map((row) => row.email).join(", ")}); ` +
                "emails compare case-insensitively: merge them into one row by hand first",
        );
    }
    return rows[0];
}

/** The key of the per-email provisioning lock: lower-cased, as Cognito compares emails. */
function lockKeyOf(email: string): string {
    return `credere-admin-user:${email.toLowerCase()}`;
}

function formatMark(mark: OwnershipMark): string {
    return `${OWNERSHIP_PREFIX} owner=${mark.ownerId} cognitoUser=${mark.cognitoUserCreated ? "created" : "adopted"} row=${mark.credereUserCreated ? "created" : "adopted"}`;
}

/** The mark formatMark wrote, or undefined for any other text. */
function parseMark(text: string | undefined): OwnershipMark | undefined {
    const fields = text?.startsWith(`${OWNERSHIP_PREFIX} `) ? text.slice(OWNERSHIP_PREFIX.length + 1) : undefined;
    const match = fields?.match(/^owner=(\S+) cognitoUser=(created|adopted) row=(created|adopted)$/);
    return match ? { ownerId: match[1], cognitoUserCreated: match[2] === "created", credereUserCreated: match[3] === "created" } : undefined;
}

/** The state of one admin: exactly its declared inputs, and what the provider itself found or made. */
function outputsOf(inputs: AdminUserInputs, own: Pick<AdminUserOutputs, "sub" | "credereUserId" | "cognitoUserCreated" | "credereUserCreated" | "ownerId">): AdminUserOutputs {
    const { userPoolId, region, email, name, language, type, databaseConnection } = inputs;
    const { ownerId, ...found } = own;
    return {
        userPoolId,
        region,
        email,
        name,
        language,
        type,
        ...(databaseConnection === undefined ? {} : { databaseConnection }),
        ...found,
        ...(ownerId === undefined ? {} : { ownerId }),
    };
}

/** host:port/database of a PostgreSQL URL, without its credentials; undefined when it is not one. */
export function describeDatabase(connectionString: string): string | undefined {
    try {
        const url = new URL(connectionString);
        // pg takes the host from ?host= too (a Unix socket directory, say), as the stack settings accept it.
        const host = url.hostname || url.searchParams.get("host") || "";
        if (!["postgres:", "postgresql:"].includes(url.protocol) || !host) {
            return undefined;
        }
        return `${host}:${url.port || url.searchParams.get("port") || "5432"}${url.pathname}`;
    } catch {
        return undefined;
    }
}

/** The Cognito endpoint when one is set (an emulator), for error messages; never its credentials. */
function describeEndpoint(): string {
    const endpoint = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? process.env.AWS_ENDPOINT_URL;
    if (!endpoint) return "";
    try {
        return `, endpoint ${new URL(endpoint).host}`;
    } catch {
        return "";
    }
}

/** The message without any connection string or any part of one that could be a credential. */
export function redact(message: string, connectionStrings: string[]): string {
    let redacted = message;
    for (const connectionString of connectionStrings) {
        const secrets = new Set<string>([connectionString]);
        // The password however the URL parser, pg or a person may have written or decoded it.
        const userInfo = connectionString.match(/^[^:/?#]*:\/\/([^/?#]*)@/)?.[1] ?? connectionString.match(/^([^/?#]*)@/)?.[1];
        // A user name alone is no secret (and redacting one as common as "credere" would garble the message).
        if (userInfo?.includes(":")) {
            const password = userInfo.slice(userInfo.indexOf(":") + 1);
            if (password) {
                secrets.add(password);
                try {
                    secrets.add(decodeURIComponent(password));
                } catch {
                    // Not percent-encoded correctly: the raw form is already covered.
                }
            }
        }
        try {
            const parsed = new URL(connectionString); // its re-encoded form, as pg's own parser sees it
            if (parsed.password) secrets.add(parsed.password).add(decodeURIComponent(parsed.password));
        } catch {
            // Not a URL: the forms above are all there is.
        }
        for (const [key, value] of new URLSearchParams(connectionString.split("?")[1] ?? "")) {
            if (/pass|secret|key|token/i.test(key) && value) secrets.add(value);
        }
        for (const secret of [...secrets].filter((candidate) => candidate.length > 0).sort((a, b) => b.length - a.length)) {
            redacted = redacted.split(secret).join("***");
        }
    }
    return redacted;
}
