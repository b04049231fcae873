// What the Credere backend needs from its pool and client (credere-backend app/aws.py,
// app/routers/users.py; see the README's settings table): checked on the live resources and on what
// they would hold after `pulumi up`.
import { BACKEND_PASSWORD_LENGTH } from "../../components/credere-auth-args";
import type { LiveSettings } from "./live-settings";
import type { StackResources } from "./stack-inputs";

/** A requirement the live pool or client does not meet, or would not meet after `pulumi up`. */
export interface UnmetRequirement {
    requirement: string;
    live: unknown;
    afterUp: unknown;
    /** Whether the pool and client would meet it after `pulumi up`. */
    metAfterUp: boolean;
}

interface Requirement {
    requirement: string;
    /** What it is a requirement on: a client's is checked only when a client is audited. */
    on: "pool" | "client";
    value: (settings: { pool: Record<string, any>; client?: Record<string, any>; hasSecret?: boolean }) => unknown;
    met: (value: unknown) => boolean;
}

const REQUIREMENTS: Requirement[] = [
    {
        on: "pool",
        requirement: "MFA required (mfaConfiguration ON): the backend's login fails without an MFA challenge",
        value: ({ pool }) => pool.mfaConfiguration,
        met: (value) => value === "ON",
    },
    {
        on: "pool",
        requirement: "authenticator apps (softwareTokenMfaConfiguration.enabled): the backend enrols and checks TOTP codes",
        value: ({ pool }) => pool.softwareTokenMfaConfiguration?.enabled ?? false,
        met: (value) => value === true,
    },
    {
        on: "pool",
        requirement: `minimum password length at most ${BACKEND_PASSWORD_LENGTH}: the backend's temporary passwords have ${BACKEND_PASSWORD_LENGTH} characters`,
        value: ({ pool }) => pool.passwordPolicy?.minimumLength,
        met: (value) => typeof value === "number" && value <= BACKEND_PASSWORD_LENGTH,
    },
    {
        on: "client",
        requirement: "ALLOW_USER_PASSWORD_AUTH among the client's explicitAuthFlows: the backend logs in with USER_PASSWORD_AUTH",
        value: ({ client }) => client?.explicitAuthFlows,
        met: (value) => Array.isArray(value) && value.includes("ALLOW_USER_PASSWORD_AUTH"),
    },
    {
        on: "client",
        requirement: "a client secret: the backend signs every call with SECRET_HASH",
        value: ({ hasSecret }) => hasSecret,
        met: (value) => value === true,
    },
];

/**
 * The requirements not met now or after `pulumi up`. After `up`, a setting holds the stack's value;
 * the client keeps its secret unless the client is replaced, then it has one when the stack generates it.
 */
export function unmetRequirements(live: LiveSettings, stack: StackResources, clientReplaced: boolean): UnmetRequirement[] {
    if (!live.client) {
        const onPool = REQUIREMENTS.filter((requirement) => requirement.on === "pool");
        return unmet(onPool, { pool: live.pool }, { pool: { ...live.pool, ...stack.pool.inputs } });
    }
    const afterUp = {
        pool: { ...live.pool, ...stack.pool.inputs },
        client: { ...live.client, ...stack.client.inputs },
        hasSecret: clientReplaced ? stack.client.inputs.generateSecret === true : live.clientHasSecret,
    };
    return unmet(REQUIREMENTS, { pool: live.pool, client: live.client, hasSecret: live.clientHasSecret }, afterUp);
}

function unmet(requirements: Requirement[], now: Parameters<Requirement["value"]>[0], afterUp: Parameters<Requirement["value"]>[0]): UnmetRequirement[] {
    return requirements
        .map((requirement) => ({ requirement, live: requirement.value(now), afterUp: requirement.value(afterUp) }))
        .filter(({ requirement, live, afterUp }) => !requirement.met(live) || !requirement.met(afterUp))
        .map(({ requirement, live, afterUp }) => ({ requirement: requirement.requirement, live, afterUp, metAfterUp: requirement.met(afterUp) }));
}
