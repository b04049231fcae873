/**
 * Finds the steps of a `pulumi preview --json` document that would replace or delete what Credere
 * cannot lose: the user pool (every user), the app client (the backend's credentials) or an admin user.
 *
 * The document is the CLI's preview digest, read by ./preview-document (as the drift check reads it):
 * the guard looks at its `config` and at each step's `op`, `urn`, `oldState.retainOnDelete`,
 * `replaceReasons`, `diffReasons` and `detailedDiff`.
 */
import { parseAllowReplacementOf, parseJson } from "../stacks/allow-replacement-of";
import { PreviewDigest, PreviewStep } from "./preview-document";

/** The resource types the guard protects, by the type a URN ends with (never by logical name). */
const GUARDED_TYPES: Record<string, string> = {
    "aws:cognito/userPool:UserPool": "user pool",
    "aws:cognito/userPoolClient:UserPoolClient": "app client",
    "pulumi-nodejs:dynamic/credere:AdminUser": "admin user",
};

/**
 * Engine operations that tear a resource down, alone or as part of a replacement (pulumi/pulumi
 * pkg/resource/deploy/step.go, the Op* constants). A default `pulumi preview --json` prints a
 * replacement as the one logical `replace` step; the others appear with `--show-replacement-steps`
 * (pkg/backend/display/display.go, shouldShow: non-logical replacement steps are hidden from JSON).
 * `discard` is not here: it drops a resource that was only read (`.get`) from the state and never
 * calls the provider (step.go, DeleteStep.Apply: "Deleting an External resource is a no-op").
 * `discard-replaced` is that same no-op for the read resource, but only ever comes with the
 * `create-replacement` of a managed one in its place: refused with it, so that the log names both.
 */
const DESTRUCTIVE_OPERATIONS = new Set([
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
/** The stack setting that puts retainOnDelete on admin users. */
const RETAIN_ADMINS_KEY = "credere:retainAdminUsersOnDelete";

/**
 * refused: the change would destroy something and the stack does not opt out for it.
 * allowed: the stack's credere:allowReplacementOf names it.
 * retained: a `delete` of a resource with retainOnDelete, which deletes nothing.
 */
export type Verdict = "refused" | "allowed" | "retained";

export interface GuardedChange {
    urn: string;
    name: string;
    kind: string;
    operation: string;
    reasons: string[];
    verdict: Verdict;
    /** Why a refused change may surprise the reader, and what to do. */
    hint?: string;
}

/** credere:allowReplacementOf, in the preview's config, is not a list of names. */
export class OptOutSettingError extends Error {}

/** Every destructive step on a guarded resource, with the guard's verdict on it. */
export function guardedChanges(preview: PreviewDigest): GuardedChange[] {
    const config = preview.config ?? {};
    const allowed = allowedNames(config);
    return preview.steps
        .filter((step) => DESTRUCTIVE_OPERATIONS.has(step.op))
        .map((step) => ({ step, ...parseUrn(step.urn) }))
        .filter(({ type }) => type in GUARDED_TYPES)
        .map(({ step, type, name }) => {
            const change: GuardedChange = {
                urn: step.urn,
                name,
                kind: GUARDED_TYPES[type],
                operation: step.op,
                reasons: reasonsOf(step),
                verdict: verdictOn(step, allowed.has(name)),
            };
            const hint = change.verdict === "refused" ? hintFor(change, step, config) : undefined;
            return hint ? { ...change, hint } : change;
        });
}

/**
 * A `delete` whose last deployed state carries retainOnDelete deletes nothing: the engine drops the
 * resource from the stack without calling the provider (pulumi/pulumi pkg/resource/deploy/step.go,
 * DeleteStep.Apply: `else if s.old.RetainOnDelete`), and the display marks it `[retain]`
 * (pkg/backend/display/object_diff.go, addRetainStatusFlag). The engine reads the flag from the state,
 * not from the program or the config, so the guard does too: `oldState.retainOnDelete`, which the
 * JSON document carries (pkg/backend/display/json.go, stateForJSONOutput). A replacement is refused
 * even so: it still creates a new resource in place of the one the stack had.
 */
function verdictOn(step: PreviewStep, optedOut: boolean): Verdict {
    if (step.op === "delete" && step.oldState?.retainOnDelete === true) {
        return "retained";
    }
    return optedOut ? "allowed" : "refused";
}

function hintFor(change: GuardedChange, step: PreviewStep, config: Record<string, string>): string | undefined {
    if (change.kind === "admin user" && step.op === "delete" && config[RETAIN_ADMINS_KEY] === "true") {
        return (
            `${RETAIN_ADMINS_KEY} is true, but this admin was last deployed without retainOnDelete and the engine ` +
            `follows the deployed state: deploy the setting first, then remove the admin in a later change`
        );
    }
    return undefined;
}

/**
 * `urn:pulumi:<stack>::<project>::<parent types joined by $>$<type>::<name>` -> its own type and
 * logical name, as pulumi/pulumi sdk/go/common/resource/urn/urn.go reads them: URN.Type() is what
 * follows the last `$` of the qualified type, URN.Name() everything after the third `::`.
 */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (!urn.startsWith("urn:pulumi:") || parts.length < 4) {
        throw new Error(`not a Pulumi URN: ${urn}`);
    }
    const qualifiedType = parts[2];
    return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

/** What forces the replacement (replaceReasons); for other steps, the changed properties. */
function reasonsOf(step: PreviewStep): string[] {
    if (step.replaceReasons?.length) {
        return step.replaceReasons;
    }
    const changedKeys = Object.keys(step.detailedDiff ?? {});
    return changedKeys.length ? changedKeys : step.diffReasons ?? [];
}

/** The preview prints every config value as a string; a list set in the stack file is JSON-encoded. */
function allowedNames(config: Record<string, string>): Set<string> {
    const raw = config[OPT_OUT_KEY];
    if (raw === undefined) {
        return new Set();
    }
    const expected = `a list of logical resource names, e.g. ["credere-user-pool-client"] (in the stack file: a YAML list)`;
    const names = parseAllowReplacementOf(raw);
    if (names === undefined) {
        const shown = parseJson(raw) === raw ? `${JSON.stringify(raw)}, which is not a list` : raw;
        throw new OptOutSettingError(`${OPT_OUT_KEY} must be ${expected}; the preview's config holds ${shown}`);
    }
    return new Set(names);
}

const VERDICT_LABELS: Record<Verdict, string> = {
    refused: "REFUSED",
    allowed: `allowed by ${OPT_OUT_KEY}`,
    retained: "retained, nothing is deleted (retainOnDelete)",
};

/** One line per change, for the check's log. */
export function describeChange(change: GuardedChange): string {
    const reasons = change.reasons.length ? `, because of: ${change.reasons.join(", ")}` : "";
    const hint = change.hint ? `\n    ${change.hint}` : "";
    return `${VERDICT_LABELS[change.verdict]}: ${change.operation} of the ${change.kind} ${change.name}${reasons} (${change.urn})${hint}`;
}
