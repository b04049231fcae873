/**
 * What drifted, from the two documents the scheduled drift workflow (.github/workflows/drift.yml) writes
 * for a stack's user pool and app client:
 * - `pulumi refresh --preview-only --json --target …`: the live resource against the last deployment. A
 *   resource whose refresh found a difference is printed as `update` with the differing property paths in
 *   `detailedDiff`, the deployed state in `oldState` and the live one in `newState`, or as `delete` when it
 *   no longer exists; one that did not change keeps its `refresh` step (pulumi/pulumi
 *   pkg/backend/display/json.go, ShowPreviewDigest, the ResourceOutputsEvent case; the diff is the
 *   provider's, inverted to read deployed -> live: pkg/resource/deploy/step.go, RefreshStep.Apply).
 * - `pulumi preview --json --target …`: the program against the last deployment (a change merged but not
 *   deployed, or a deployment that failed): `oldState` deployed, `newState` what the program declares.
 */
import { PreviewDigest, PreviewStep, ResourceState } from "./preview-document";

/**
 * What the document holds in place of a value known only after `pulumi up` (pulumi/pulumi
 * pkg/resource/stack/deployment.go, SerializePropertyValue: computedValuePlaceholder).
 */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/**
 * What the document holds in place of a secret: the CLI masks every secret in a step's states and never
 * prints one (pkg/backend/display/json.go, getPreviewMetadataStep: stateForJSONOutput -> MassageSecrets, then
 * SerializeResource with showSecrets false); detailedDiff holds kinds, not values. So the drift check only
 * ever prints this mask for a secret, and for anything inside one.
 */
const SECRET = "[secret]";

/**
 * Steps that change nothing: pkg/engine/update.go, HasChanges, counts every operation but these; `refresh`
 * is the step a refresh leaves printed when the resource did not change (see above).
 */
const UNCHANGED_OPERATIONS = new Set(["same", "read", "discard", "read-replacement", "refresh"]);

/** Which comparison a document holds, and what its `newState` is. */
export type Comparison = "refresh" | "preview";
const NEW_SIDE: Record<Comparison, string> = { refresh: "live", preview: "program" };
const HEADINGS: Record<Comparison, string> = {
    refresh: "changed outside Pulumi since the last deployment (pulumi refresh --preview-only)",
    preview: "the program differs from the last deployment (pulumi preview)",
};

export interface Drift {
    comparison: Comparison;
    urn: string;
    operation: string;
    /** One line per differing property: its path, the deployed value and the live or program value. */
    properties: string[];
}

/** Every step of `digest` that changes something, with its differing properties. */
export function driftIn(digest: PreviewDigest, comparison: Comparison): Drift[] {
    return digest.steps
        .filter((step) => !UNCHANGED_OPERATIONS.has(step.op))
        .map((step) => ({ comparison, urn: step.urn, operation: step.op, properties: differingProperties(step, comparison) }));
}

function differingProperties(step: PreviewStep, comparison: Comparison): string[] {
    if (step.op === "delete" && comparison === "refresh") {
        return ["the resource no longer exists"];
    }
    const paths = Object.entries(step.detailedDiff ?? {});
    if (paths.length === 0) {
        const keys = step.diffReasons?.length ? `: ${step.diffReasons.join(", ")}` : "";
        return [`no property detail in the document${keys} (run the same command with --diff to see it)`];
    }
    return paths.map(([propertyPath, { kind, inputDiff }]) => {
        const deployed = valueAt(step.oldState, propertyPath, inputDiff);
        const other = valueAt(step.newState, propertyPath, inputDiff);
        return `${propertyPath} (${kind}): deployed ${deployed}, ${NEW_SIDE[comparison]} ${other}`;
    });
}

/** The value at a property path, from the inputs when the diff is of inputs, else the outputs (then the other side). */
function valueAt(state: ResourceState | undefined, propertyPath: string, inputDiff = false): string {
    const sides = inputDiff ? [state?.inputs, state?.outputs] : [state?.outputs, state?.inputs];
    for (const side of sides) {
        const value = lookUp(side, parsePropertyPath(propertyPath));
        if (value === SECRET) {
            return "[secret]";
        }
        if (value !== undefined) {
            return value === UNKNOWN ? "(known after pulumi up)" : JSON.stringify(value);
        }
    }
    return "(absent)";
}

/**
 * `a.b[0]["c.d"]` -> ["a", "b", 0, "c.d"], as pulumi/pulumi sdk/go/common/resource/properties_path.go,
 * parsePropertyPath, reads a path: a bare name runs to the next `.` or `[`; `[n]` is an index; `["…"]` a
 * quoted key with `\"` escapes.
 */
export function parsePropertyPath(propertyPath: string): Array<string | number> {
    const elements: Array<string | number> = [];
    const element = /\.?(?:\["((?:\\"|[^"])*)"\]|\[(\d+|\*)\]|([^.[]+))/y;
    while (element.lastIndex < propertyPath.length) {
        const match = element.exec(propertyPath);
        if (!match) {
            throw new Error(`not a property path: ${propertyPath}`);
        }
        const [, quoted, index, name] = match;
        elements.push(quoted !== undefined ? quoted.replace(/\\"/g, '"') : index !== undefined ? (index === "*" ? "*" : Number(index)) : name);
    }
    return elements;
}

/** The value at `path`; a secret or unknown value met on the way stands for every part of it. */
function lookUp(value: unknown, path: Array<string | number>): unknown {
    let current = value;
    for (const key of path) {
        if (current === SECRET || current === UNKNOWN) {
            return current;
        }
        current = current !== null && typeof current === "object" ? (current as Record<string | number, unknown>)[key] : undefined;
    }
    return current;
}

/** The check's log: one heading per drifted resource, one line per differing property. */
export function describeDrift(drift: Drift): string[] {
    return [`DRIFT: ${drift.operation} of ${drift.urn}: ${HEADINGS[drift.comparison]}`, ...drift.properties.map((line) => `    ${line}`)];
}

/** The errors the CLI reported in the document (a refresh that could not read a resource, say). */
export function errorsIn(digest: PreviewDigest): string[] {
    return (digest.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === "error").map((diagnostic) => `${diagnostic.urn ?? "(stack)"}: ${diagnostic.message?.trim()}`);
}
