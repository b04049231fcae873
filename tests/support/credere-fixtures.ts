import {
    AdminCreateUserCommand,
    AdminDeleteUserCommand,
    AdminGetUserCommand,
    AdminUpdateUserAttributesCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as http from "http";
import * as net from "net";
import { Client } from "pg";
import { AdminUserInputs, AdminUserLimits, AdminUserProvider } from "../../components/admin-user-provider";
import { TestServices, testServices } from "./services";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Config: DynamicProviderConfig } = require("@pulumi/pulumi/cmd/dynamic-provider/config");

/** Handles on the real services for one test: its own user pool, the shared database. */
export class CredereFixture {
    readonly cognito: CognitoIdentityProviderClient;

    constructor(readonly services: TestServices) {
        this.cognito = new CognitoIdentityProviderClient({ region: services.region });
    }

    /** A provider configured as the engine configures it, with the secret database URL. */
    async provider(databaseUrl = this.services.databaseUrl, limits: Partial<AdminUserLimits> = {}): Promise<AdminUserProvider> {
        const provider = new AdminUserProvider(limits);
        // The config object the SDK's dynamic-provider server hands to configure (cmd/dynamic-provider/config.js).
        await provider.configure({ config: new DynamicProviderConfig({ "credere:databaseUrl": databaseUrl }, "credere") });
        return provider;
    }

    /** A new pool that signs in by email, as CredereAuth creates it. */
    async newUserPool(): Promise<string> {
        const response = await this.cognito.send(
            new CreateUserPoolCommand({ PoolName: `test-${Date.now()}-${Math.random()}`, UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"] }),
        );
        return response.UserPool!.Id!;
    }

    inputs(userPoolId: string, overrides: Partial<AdminUserInputs> = {}): AdminUserInputs {
        return { userPoolId, region: this.services.region, email: "admin@example.org", name: "Admin User", language: "es", type: "OCP", ...overrides };
    }

    /** The Cognito user with this username, email or sub, or undefined. */
    async cognitoUser(userPoolId: string, username: string) {
        try {
            const user = await this.cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
            const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
            return { username: user.Username!, sub: attribute("sub"), email: attribute("email"), emailVerified: attribute("email_verified"), status: user.UserStatus, ownershipMark: attribute("profile") };
        } catch (error) {
            if ((error as Error).name === "UserNotFoundException") return undefined;
            throw error;
        }
    }

    /** Creates a Cognito user by hand, as an operator did in the console, with any other attributes given. */
    async createCognitoUserByHand(userPoolId: string, email: string, attributes: Record<string, string> = {}): Promise<string> {
        const UserAttributes = [{ Name: "email", Value: email }, ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }))];
        const response = await this.cognito.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: email, UserAttributes, MessageAction: "SUPPRESS" }));
        return response.User!.Username!;
    }

    async changeCognitoEmailByHand(userPoolId: string, username: string, email: string): Promise<void> {
        await this.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: username, UserAttributes: [{ Name: "email", Value: email }] }));
    }

    async deleteCognitoUserByHand(userPoolId: string, username: string): Promise<void> {
        await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
    }

    /** Runs SQL against the Credere database, as an operator or the backend would. */
    async sql<T extends Record<string, any> = Record<string, any>>(text: string, values: unknown[] = []): Promise<T[]> {
        const client = new Client({ connectionString: this.services.databaseUrl });
        await client.connect();
        try {
            return (await client.query<T>(text, values)).rows;
        } finally {
            await client.end();
        }
    }

    async rows(email?: string) {
        return email === undefined
            ? this.sql("SELECT id, type::text AS type, language, email, name, external_id FROM credere_user ORDER BY id")
            : this.sql("SELECT id, type::text AS type, language, email, name, external_id FROM credere_user WHERE email = $1", [email]);
    }

    /**
     * Terminates the provider's database sessions, as a server restart or an operator would: only this test
     * run's (its scratch database), since parallel workers share the server.
     */
    async terminateProviderSessions(): Promise<number> {
        const rows = await this.sql("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", [PROVIDER_APPLICATION_NAME]);
        return rows.length;
    }

    /** The provider's database sessions still open, with their state (e.g. "idle in transaction"). */
    async providerSessions(): Promise<string[]> {
        const rows = await this.sql("SELECT state FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", [PROVIDER_APPLICATION_NAME]);
        return rows.map((row) => row.state);
    }

    /** Resolves once one of the provider's sessions waits for a lock another session holds; fails after `timeoutMs`. */
    async providerWaitsForLock(timeoutMs = 10_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
            const rows = await this.sql("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND wait_event_type = 'Lock'", [PROVIDER_APPLICATION_NAME]);
            if (rows.length > 0) return;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`no provider session waited for a lock within ${timeoutMs} ms`);
    }

    /** Whether the per-email provisioning lock of `email` is free (taken and released at once from another session). */
    async emailLockIsFree(email: string): Promise<boolean> {
        const [row] = await this.sql("SELECT pg_try_advisory_lock(hashtext($1)) AS free", [`credere-admin-user:${email.toLowerCase()}`]); // the provider's lockKeyOf
        return row.free; // the session ends right after: the lock, if taken, goes with it
    }

    async emptyDatabase(): Promise<void> {
        await this.sql("TRUNCATE application_action, credere_user, lender RESTART IDENTITY CASCADE");
    }
}

/** The application_name the provider's database sessions carry (components/admin-user-provider.ts). */
export const PROVIDER_APPLICATION_NAME = "credere-admin-user";

/** A TCP server that accepts every connection and never answers: a hung endpoint. */
export async function silentServer(): Promise<{ url: string; port: number; accepted: () => number; close: () => Promise<void> }> {
    const sockets = new Set<net.Socket>();
    let accepted = 0;
    const server = net.createServer((socket) => {
        accepted++;
        sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        port,
        accepted: () => accepted,
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}

/** What a Cognito proxy does with one operation (named as in X-Amz-Target, e.g. "AdminCreateUser"). */
export interface CognitoFault {
    /** Runs before the request is forwarded. */
    before?: () => Promise<void>;
    /** "request": never forwarded, never answered. "response": forwarded, Cognito acts, the answer never comes back. */
    hang?: "request" | "response";
    /**
     * The first `throttle` requests are answered as Cognito throttles, never forwarded: TooManyRequestsException
     * with HTTP 400 (Amazon Cognito API reference, AdminCreateUser, Errors; the SDK's model says 429). The
     * SDK retries it by its name whatever the status (@smithy/core retry service-error-classification,
     * THROTTLING_ERROR_CODES, `isThrottlingError`).
     */
    throttle?: number;
}

/** A proxy in front of the Cognito emulator that injects faults into chosen operations and passes everything else through. */
export async function cognitoProxy(target: string, faults: Record<string, CognitoFault>) {
    const seen: string[] = [];
    const server = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk) => chunks.push(chunk));
        request.on("end", async () => {
            const operation = String(request.headers["x-amz-target"]).split(".").pop()!;
            seen.push(operation);
            const fault = faults[operation] ?? {};
            if (fault.hang === "request") return;
            if (fault.throttle && seen.filter((seenOperation) => seenOperation === operation).length <= fault.throttle) {
                response.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "TooManyRequestsException" });
                response.end(JSON.stringify({ __type: "TooManyRequestsException", message: "Rate exceeded" }));
                return;
            }
            await fault.before?.();
            const forward = http.request(new URL(request.url!, target), { method: request.method, headers: request.headers }, (upstream) => {
                if (fault.hang === "response") {
                    upstream.resume();
                    return;
                }
                response.writeHead(upstream.statusCode!, upstream.headers);
                upstream.pipe(response);
            });
            forward.end(Buffer.concat(chunks));
        });
    });
    server.on("connection", (socket) => socket.on("error", () => undefined));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        /** The operations received, in order. */
        seen,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** Runs `work` with the provider's Cognito client pointed at `endpoint` (it reads AWS_ENDPOINT_URL). */
export async function withCognitoEndpoint<T>(endpoint: string, work: () => Promise<T>): Promise<T> {
    const previous = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = endpoint;
    try {
        return await work();
    } finally {
        // Assigning undefined to process.env would store the string "undefined".
        if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
        else process.env.AWS_ENDPOINT_URL = previous;
    }
}

/** Fails with `what` when `promise` has not settled within `ms`: a test of a time limit must not hang itself. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
    });
    return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** A fresh start for each test of the provider: an empty Credere database, a new user pool and a configured provider. */
export interface FreshProvider {
    fixture: CredereFixture;
    poolId: string;
    provider: AdminUserProvider;
}

/**
 * Registers mocha hooks that hand each test a FreshProvider. `configure` makes the provider (default: the
 * one `fixture.provider()` gives, configured with the secret database URL).
 */
export function beforeEachFreshProvider(
    receive: (fresh: FreshProvider) => void,
    configure: (fixture: CredereFixture) => Promise<AdminUserProvider> = (fixture) => fixture.provider(),
): void {
    let fixture: CredereFixture;
    before(async () => {
        fixture = new CredereFixture(await testServices());
    });
    beforeEach(async () => {
        await fixture.emptyDatabase();
        const poolId = await fixture.newUserPool();
        receive({ fixture, poolId, provider: await configure(fixture) });
    });
}
