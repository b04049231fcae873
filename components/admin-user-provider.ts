import type * as pulumi from "@pulumi/pulumi";
import type { AdminCreateUserCommandOutput, AdminGetUserCommandOutput, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { Client as PgClient } from "pg";
import { z } from "zod";

// This file is serialized by Pulumi into the engine's dynamic-provider process. So: SDK clients and
// database connections are made inside each method (a module-level client or pool cannot be
// serialized), packages are `require`d where they are used, the database URL arrives through
// `configure` at run time, never through a captured value, and the provider imports no other file of
// this package (once installed under node_modules, Pulumi would try to `require` that file by a
// package path that the package's `exports` do not offer).

/**
 * The shape of one admin user, shared by the component's argument checks and the provider's `check`.
 * A function, not a module-level value, so that the serialized provider captures `zod` by name.
 */
export function adminUserSchema() {
    return z.strictObject({
        email: z.email({ error: "must be an email address such as admin@example.org" }),
        name: z.string({ error: "must be a text" }).trim().min(1, { error: "must not be empty" }),
        language: z.enum(["es", "en"], { error: "must be one of: es, en" }).default("es"),
        type: z.enum(["OCP", "FI"], { error: "must be one of: OCP, FI" }).default("OCP"),
        resourceName: z.string().min(1, { error: "must not be empty" }).optional(),
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
    /** True when this resource created the Cognito user; false when it adopted one made by hand. Delete removes only what it created. */
    cognitoUserCreated: boolean;
    /** True when this resource inserted the `credere_user` row; false when it linked an existing row. */
    credereUserCreated: boolean;
}

interface CredereUserRow {
    id: number;
    external_id: string;
    email: string;
    name: string;
    language: string;
    type: string;
}

/**
 * The secret stack setting the provider connects with when the resource has no provisioning role.
 * Not exported: TypeScript would then read it as `exports.DATABASE_URL_KEY`, and the serialized
 * provider would capture this module by a package path (tests/consumer.test.ts catches that).
 */
const DATABASE_URL_KEY = "credere:databaseUrl";
const ROW_COLUMNS = "id, external_id, email, name, language, type::text AS type";

/** Creates, reads, updates and deletes one admin: a Cognito user and the `credere_user` row linked to it. */
export class AdminUserProvider implements pulumi.dynamic.ResourceProvider<AdminUserInputs, AdminUserOutputs> {
    private databaseUrl: string | undefined;

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.databaseUrl = req.config.get(DATABASE_URL_KEY);
    }

    /**
     * Validates the declared inputs and returns only those (normalized), dropping whatever else the engine
     * put in `news`: the SDK's plugin server passes the serialized provider as the input `__provider` and
     * adds it back to what check returns (pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts, `check`).
     * During a preview a value not yet known (a pool id still to be created, an email from an Output) is
     * the placeholder `unknownValue` (sdk/nodejs/runtime/rpc.ts): it is passed through unvalidated, and
     * the engine calls check again with the real value at `up`.
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

    async diff(id: string, olds: AdminUserOutputs, news: AdminUserInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["userPoolId", "region"] as const).filter((key) => olds[key] !== news[key]);
        // A new role password changes databaseConnection: an update that only records it, never a replacement.
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
        return this.withClients(inputs, async (db, cognito) => {
            let createdSub: string | undefined;
            try {
                return await this.inTransaction(db, async () => {
                    await this.lockEmail(db, inputs.email);
                    // Read the table before touching Cognito: a missing table or a bad connection fails with nothing created.
                    const existingRow = await this.findRowByEmail(db, inputs.email);
                    const cognitoUser = await this.createOrAdoptCognitoUser(cognito, inputs);
                    createdSub = cognitoUser.created ? cognitoUser.sub : undefined;
                    const row = await this.linkOrInsertRow(db, cognito, inputs, cognitoUser.sub, existingRow);
                    const outs = outputsOf(inputs, { sub: cognitoUser.sub, credereUserId: row.id, cognitoUserCreated: cognitoUser.created, credereUserCreated: row.created });
                    return { id: cognitoUser.sub, outs };
                });
            } catch (error) {
                if (createdSub) {
                    // Nothing half-created: the Cognito user made by this call goes when its row was not committed.
                    await this.deleteCognitoUser(cognito, inputs.userPoolId, createdSub).catch(() => undefined);
                }
                throw error;
            }
        });
    }

    async read(id: string, props?: AdminUserOutputs): Promise<pulumi.dynamic.ReadResult<AdminUserOutputs>> {
        if (!props) {
            throw new Error(`AdminUser ${id}: read needs the resource's state (userPoolId, region); import is not supported`);
        }
        return this.withClients(props, async (db, cognito) => {
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
        return this.withClients(news, (db, cognito) =>
            this.inTransaction(db, async () => {
                await this.lockEmail(db, news.email);
                const ownRow = olds.credereUserId === null ? undefined : await this.findRowById(db, olds.credereUserId, true);
                let credereUserId: number;
                let credereUserCreated = olds.credereUserCreated;
                if (ownRow && ownRow.external_id === id) {
                    await db.query(
                        "UPDATE public.credere_user SET email = $1, name = $2, language = $3, type = $4 WHERE id = $5",
                        [news.email, news.name, news.language, news.type, ownRow.id],
                    );
                    credereUserId = ownRow.id;
                } else {
                    // The row went away or was unlinked by hand since the last run: link or insert it again.
                    const row = await this.linkOrInsertRow(db, cognito, news, id, await this.findRowByEmail(db, news.email));
                    credereUserId = row.id;
                    credereUserCreated = row.created || credereUserCreated;
                }
                if (olds.email !== news.email) {
                    const { AdminUpdateUserAttributesCommand } = require("@aws-sdk/client-cognito-identity-provider");
                    await cognito.send(
                        new AdminUpdateUserAttributesCommand({
                            UserPoolId: news.userPoolId,
                            Username: id,
                            UserAttributes: [
                                { Name: "email", Value: news.email },
                                { Name: "email_verified", Value: "true" },
                            ],
                        }),
                    );
                }
                // The new inputs, not the old outputs merged with them: an input removed from the program (the
                // provisioning role's databaseConnection) must not stay in the state.
                return { outs: outputsOf(news, { sub: id, credereUserId, cognitoUserCreated: olds.cognitoUserCreated, credereUserCreated }) };
            }),
        );
    }

    async delete(id: string, props: AdminUserOutputs): Promise<void> {
        if (!props.credereUserCreated && !props.cognitoUserCreated) {
            return; // Both were adopted: they were there before this resource and stay after it.
        }
        await this.withClients(props, (db, cognito) =>
            this.inTransaction(db, async () => {
                if (props.credereUserCreated && props.credereUserId !== null) {
                    // Only while the row is still linked to this user: a row relinked by hand is not ours to remove.
                    await db.query("DELETE FROM public.credere_user WHERE id = $1 AND external_id = $2", [props.credereUserId, id]);
                }
                if (props.cognitoUserCreated) {
                    await this.deleteCognitoUser(cognito, props.userPoolId, id);
                }
            }),
        );
    }

    /**
     * Runs `work` with a database connection and a Cognito client made for this call alone, closes both
     * afterwards, and turns service errors into messages that say what to do.
     */
    private async withClients<T>(user: AdminUserInputs, work: (db: PgClient, cognito: CognitoIdentityProviderClient) => Promise<T>): Promise<T> {
        const db = await this.connect(user);
        const cognito = this.cognito(user.region);
        try {
            return await work(db, cognito);
        } catch (error) {
            throw this.explain(error, user);
        } finally {
            await db.end().catch(() => undefined);
            cognito.destroy();
        }
    }

    /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
    private async inTransaction<T>(db: PgClient, work: () => Promise<T>): Promise<T> {
        await db.query("BEGIN");
        try {
            const result = await work();
            await db.query("COMMIT");
            return result;
        } catch (error) {
            await db.query("ROLLBACK").catch(() => undefined);
            throw error;
        }
    }

    /** Connects as the provisioning role when the resource has one, else with `credere:databaseUrl`. */
    private async connect(user: AdminUserInputs): Promise<PgClient> {
        const connectionString = user.databaseConnection ?? this.databaseUrl;
        const source = user.databaseConnection ? "the provisioning role" : DATABASE_URL_KEY;
        if (!connectionString) {
            throw new Error(
                `AdminUser needs the Credere database: set the secret config ${DATABASE_URL_KEY} ` +
                    `(pulumi config set --secret ${DATABASE_URL_KEY} postgresql://user:password@host:5432/credere)`,
            );
        }
        const { Client } = require("pg");
        const client: PgClient = new Client({ connectionString, connectionTimeoutMillis: 10_000 });
        try {
            await client.connect();
        } catch (error) {
            throw new Error(`cannot connect to the Credere database at ${describeDatabase(connectionString)} (from ${source}): ${(error as Error).message}`);
        }
        return client;
    }

    private cognito(region: string): CognitoIdentityProviderClient {
        const { CognitoIdentityProviderClient } = require("@aws-sdk/client-cognito-identity-provider");
        // The SDK's standard retry strategy backs off and retries throttling errors; credentials come from
        // its default chain, and AWS_ENDPOINT_URL points it at an emulator when set.
        return new CognitoIdentityProviderClient({ region, maxAttempts: 6 });
    }

    /** Serializes provisioning of one email across concurrent runs, until the transaction ends. */
    private async lockEmail(db: PgClient, email: string): Promise<void> {
        await db.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`credere-admin-user:${email.toLowerCase()}`]);
    }

    private async findRowByEmail(db: PgClient, email: string): Promise<CredereUserRow | undefined> {
        const result = await db.query<CredereUserRow>(`SELECT ${ROW_COLUMNS} FROM public.credere_user WHERE email = $1 FOR UPDATE`, [email]);
        return result.rows[0];
    }

    private async findRowById(db: PgClient, id: number, forUpdate = false): Promise<CredereUserRow | undefined> {
        const result = await db.query<CredereUserRow>(
            `SELECT ${ROW_COLUMNS} FROM public.credere_user WHERE id = $1${forUpdate ? " FOR UPDATE" : ""}`,
            [id],
        );
        return result.rows[0];
    }

    private async createOrAdoptCognitoUser(cognito: CognitoIdentityProviderClient, user: AdminUserInputs): Promise<{ sub: string; created: boolean }> {
        const { AdminCreateUserCommand } = require("@aws-sdk/client-cognito-identity-provider");
        try {
            // No TemporaryPassword: Cognito generates one. The person sets theirs through "Forgot Password?".
            const response: AdminCreateUserCommandOutput = await cognito.send(
                new AdminCreateUserCommand({
                    UserPoolId: user.userPoolId,
                    Username: user.email,
                    UserAttributes: [
                        { Name: "email", Value: user.email },
                        { Name: "email_verified", Value: "true" },
                    ],
                    MessageAction: "SUPPRESS",
                }),
            );
            return { sub: response.User!.Username!, created: true };
        } catch (error) {
            if ((error as Error).name !== "UsernameExistsException") {
                throw error;
            }
            const existing = await this.getCognitoUser(cognito, user.userPoolId, user.email);
            if (!existing) {
                throw error;
            }
            return { sub: existing.username, created: false };
        }
    }

    private async getCognitoUser(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<{ username: string; email?: string } | undefined> {
        const { AdminGetUserCommand } = require("@aws-sdk/client-cognito-identity-provider");
        try {
            const response: AdminGetUserCommandOutput = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
            const email = response.UserAttributes?.find((attribute) => attribute.Name === "email")?.Value;
            return { username: response.Username!, email };
        } catch (error) {
            if ((error as Error).name === "UserNotFoundException") {
                return undefined;
            }
            throw error;
        }
    }

    private async deleteCognitoUser(cognito: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<void> {
        const { AdminDeleteUserCommand } = require("@aws-sdk/client-cognito-identity-provider");
        try {
            await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
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
    ): Promise<{ id: number; created: boolean }> {
        if (!existingRow) {
            const inserted = await db.query<{ id: number }>(
                "INSERT INTO public.credere_user (type, language, email, name, external_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                [user.type, user.language, user.email, user.name, sub],
            );
            return { id: inserted.rows[0].id, created: true };
        }
        if (existingRow.external_id !== sub && existingRow.external_id) {
            const linkedUser = await this.getCognitoUser(cognito, user.userPoolId, existingRow.external_id);
            if (linkedUser) {
                throw new Error(
                    `credere_user ${existingRow.id} (${user.email}) is linked to another Cognito user of pool ${user.userPoolId} ` +
                        `(external_id ${existingRow.external_id}, email ${linkedUser.email ?? "unknown"}), not to ${sub}; ` +
                        "refusing to relink it: correct external_id or that user by hand first",
                );
            }
        }
        await db.query("UPDATE public.credere_user SET external_id = $1, name = $2, language = $3, type = $4 WHERE id = $5", [
            sub,
            user.name,
            user.language,
            user.type,
            existingRow.id,
        ]);
        return { id: existingRow.id, created: false };
    }

    /** Turns service errors into messages that say what to do, naming the user and the setting involved. */
    private explain(error: unknown, user: AdminUserInputs): Error {
        const cause = error as Error & { code?: string; constraint?: string };
        const who = `admin user ${user.email}`;
        if (cause.code === "42P01") {
            return new Error(`${who}: table public.credere_user does not exist in the database connected to: is it Credere's database, migrated by the backend?`);
        }
        if (cause.code === "23503") {
            return new Error(
                `${who}: cannot delete credere_user row: it is still referenced by application_action (this admin has acted on applications). ` +
                    "Keep the user (retainAdminUsersOnDelete: true) or reassign those actions first",
            );
        }
        if (cause.code === "23505") {
            return new Error(`${who}: another credere_user row already has this email (${cause.constraint}); each email belongs to one row`);
        }
        if (cause.name === "ResourceNotFoundException") {
            return new Error(`${who}: user pool ${user.userPoolId} was not found in ${user.region}: ${cause.message}`);
        }
        if (cause.name === "UserNotFoundException") {
            return new Error(`${who}: the Cognito user is gone from pool ${user.userPoolId}; run \`pulumi refresh\` so the next \`pulumi up\` creates it again`);
        }
        return cause instanceof Error ? cause : new Error(String(cause));
    }
}

/** The state of one admin: exactly its declared inputs, and what the provider itself found or made. */
function outputsOf(inputs: AdminUserInputs, own: Pick<AdminUserOutputs, "sub" | "credereUserId" | "cognitoUserCreated" | "credereUserCreated">): AdminUserOutputs {
    const { userPoolId, region, email, name, language, type, databaseConnection } = inputs;
    return { userPoolId, region, email, name, language, type, ...(databaseConnection === undefined ? {} : { databaseConnection }), ...own };
}

/** host:port/database of a connection string, without its credentials, for error messages. */
function describeDatabase(connectionString: string): string {
    try {
        const url = new URL(connectionString);
        return `${url.hostname}:${url.port || "5432"}${url.pathname}`;
    } catch {
        return "an unparsable connection string";
    }
}
