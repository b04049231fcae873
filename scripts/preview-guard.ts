/**
 * Finds the steps of a `pulumi preview --json` document that would replace or delete what Credere
 * cannot lose: the user pool (every user), the app client (the backend's credentials) or an admin user.
 */

/** The resource types the guard protects. */
export const GUARDED_TYPES: Record<string, string> = {
    "aws:cognito/userPool:UserPool": "user pool",
    "aws:cognito/userPoolClient:UserPoolClient": "app client",
    "pulumi-nodejs:dynamic/credere:AdminUser": "admin user",
};

/** Engine operations that tear a resource down (alone, or as part of a replacement). */
export const DESTRUCTIVE_OPERATIONS = new Set([
    "replace",
    "create-replacement",
    "delete-replaced",
    "delete",
    "discard-replaced",
    "import-replacement",
    "read-replacement",
]);

/** The stack setting that lists logical names whose replacement or deletion is intended. */
export const OPT_OUT_KEY = "credere:allowReplacementOf";

export interface PreviewStep {
    op: string;
    urn: string;
    replaceReasons?: string[];
    diffReasons?: string[];
    detailedDiff?: Record<string, { kind: string }> | null;
}

export interface PreviewDocument {
    config?: Record<string, unknown>;
    steps?: PreviewStep[];
}

export interface GuardedChange {
    urn: string;
    name: string;
    kind: string;
    operation: string;
    reasons: string[];
    allowed: boolean;
}

/** Every destructive step on a guarded resource, each marked allowed when the stack opts out for it. */
export function guardedChanges(preview: PreviewDocument): GuardedChange[] {
    const allowed = allowedNames(preview.config ?? {});
    return (preview.steps ?? [])
        .filter((step) => DESTRUCTIVE_OPERATIONS.has(step.op))
        .map((step) => ({ step, ...parseUrn(step.urn) }))
        .filter(({ type }) => type in GUARDED_TYPES)
        .map(({ step, type, name }) => ({
            urn: step.urn,
            name,
            kind: GUARDED_TYPES[type],
            operation: step.op,
            reasons: reasonsOf(step),
            allowed: allowed.has(name),
        }));
}

/** `urn:pulumi:<stack>::<project>::<parent types$>type::<name>` -> its own type and logical name. */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (parts.length < 4) {
        throw new Error(`not a Pulumi URN: ${urn}`);
    }
    const qualifiedType = parts[2];
    return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

function reasonsOf(step: PreviewStep): string[] {
    if (step.replaceReasons?.length) {
        return step.replaceReasons;
    }
    const changedKeys = Object.keys(step.detailedDiff ?? {});
    return changedKeys.length ? changedKeys : step.diffReasons ?? [];
}

// The preview prints config values as strings; a list is JSON-encoded.
function allowedNames(config: Record<string, unknown>): Set<string> {
    const raw = config[OPT_OUT_KEY];
    if (raw === undefined) {
        return new Set();
    }
    const value = typeof raw === "string" ? JSON.parse(raw) : raw;
    if (!Array.isArray(value) || value.some((name) => typeof name !== "string")) {
        throw new Error(`${OPT_OUT_KEY} must be a list of logical resource names, got ${JSON.stringify(raw)}`);
    }
    return new Set(value);
}

/** One line per change, for the check's log. */
export function describeChange(change: GuardedChange): string {
    const reasons = change.reasons.length ? `, because of: ${change.reasons.join(", ")}` : "";
    const verdict = change.allowed ? `allowed by ${OPT_OUT_KEY}` : "REFUSED";
    return `${verdict}: ${change.operation} of the ${change.kind} ${change.name}${reasons} (${change.urn})`;
}
