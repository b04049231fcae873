// Compares the inputs the program registers with the live resource in the same shape, input by input,
// for whatever inputs the program registers: a new input is audited without changes here, its effect
// taken from provider-rules.ts (or assumed an in-place update, and said so).
import { Action, actionFor, NOT_SETTINGS, ruleFor, USER_POOL_CLIENT_RULES, USER_POOL_RULES } from "./provider-rules";
import { compareSchemas, SchemaAttribute } from "./schema-attributes";
import { tokenValidityFailure } from "./token-validity";

export type Resource = "pool" | "client";

/** One setting where `pulumi up` would change the live resource, or could not be judged. */
export interface Difference {
    resource: Resource;
    /** The input path, nested blocks joined with "." (`passwordPolicy.minimumLength`). */
    setting: string;
    /** The live value (undefined: none). */
    live: unknown;
    /** The stack's value (undefined: not declared). */
    stack: unknown;
    action: Action | "unknown";
    why?: string;
}

type Settings = Record<string, unknown>;

/**
 * The differences between the registered inputs and the live settings of one resource. Inputs listed
 * in the resource's `ignoreChanges` never differ: the engine keeps their old value (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go, processIgnoreChanges, also after an import).
 */
export function compareSettings(resource: Resource, declared: Settings, live: Settings, notReported: Set<string> = new Set(), ignoreChanges: string[] = []): Difference[] {
    const ignored = (setting: string) => ignoreChanges.some((path) => setting === path || setting.startsWith(`${path}.`) || setting.startsWith(`${path}[`));
    const differences = collectDifferences(resource, declared, live, notReported);
    if (resource === "client") {
        const failure = tokenValidityFailure(declared, live);
        if (failure) differences.splice(0, differences.length, ...differences.filter((d) => !d.setting.startsWith("tokenValidityUnits")), failure);
    }
    return differences.filter((difference) => !ignored(difference.setting));
}

function collectDifferences(resource: Resource, declared: Settings, live: Settings, notReported: Set<string>): Difference[] {
    const differences: Difference[] = [];
    // Live settings the program does not declare matter only where the provider's schema has them as inputs.
    const table = resource === "pool" ? USER_POOL_RULES : USER_POOL_CLIENT_RULES;
    const keys = new Set([...Object.keys(declared), ...Object.keys(live).filter((key) => key in table)]);
    for (const key of [...keys].sort()) {
        if (NOT_SETTINGS.has(key)) continue;
        if (resource === "pool" && key === "schemas") {
            differences.push(...compareSchemas(declared.schemas as SchemaAttribute[] | undefined, (live.schemas ?? []) as SchemaAttribute[]));
            continue;
        }
        compareAt(resource, key, declared[key], live[key], key in declared && declared[key] !== undefined, notReported, differences);
    }
    return differences;
}

function compareAt(resource: Resource, path: string, stack: unknown, live: unknown, declared: boolean, notReported: Set<string>, out: Difference[]): void {
    const rule = ruleFor(resource, path);
    if (!declared) {
        if (rule.default !== undefined) {
            // The provider's Check fills in its default: the plan holds that value.
            compareAt(resource, path, rule.default, live, true, notReported, out);
            return;
        }
        if (rule.whenUndeclared === "kept" || isEmpty(live) || (rule.absentWhen !== undefined && sameValue(live, rule.absentWhen, false))) return;
        // The pool is an SDKv2 resource: a zero number or false in state is no different from unset.
        if (resource === "pool" && (live === 0 || live === false)) return;
        out.push({ resource, setting: path, live, stack: undefined, action: actionFor(rule, false), why: "not declared: the plan removes the live value" });
        return;
    }
    if (notReported.has(path)) {
        out.push({ resource, setting: path, live: undefined, stack, action: "unknown", why: "this endpoint does not return it (every AWS pool or client has a value)" });
        return;
    }
    if (isPlainObject(stack) && (isPlainObject(live) || isEmpty(live))) {
        const liveBlock = (isPlainObject(live) ? live : {}) as Settings;
        const keys = new Set([...Object.keys(stack), ...Object.keys(liveBlock)]);
        for (const key of [...keys].sort()) {
            compareAt(resource, `${path}.${key}`, stack[key], liveBlock[key], stack[key] !== undefined, notReported, out);
        }
        return;
    }
    if (sameValue(stack, live, rule.unordered ?? false)) return;
    out.push({
        resource,
        setting: path,
        live,
        stack,
        action: actionFor(rule, true),
        why: rule.known ? changeWhy(resource, path, rule.onChange) : "an input the audit's table does not list: assumed an update in place",
    });
}

function changeWhy(resource: Resource, path: string, onChange: string): string | undefined {
    if (onChange !== "replace") return undefined;
    if (resource === "client" && path === "generateSecret") {
        return "the import never reads generate_secret back (terraform-provider-aws#20298) and a change replaces the client: new id and secret";
    }
    return resource === "pool" ? "ForceNew: a new, empty pool (every user lost)" : "RequiresReplace: a new client id and secret";
}

function isPlainObject(value: unknown): value is Settings {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What the provider's state holds as "nothing": absent, empty text, empty list, empty block. */
function isEmpty(value: unknown): boolean {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (isPlainObject(value)) return Object.values(value).every((member) => member === undefined);
    return false;
}

/**
 * Equal as the provider's state sees them: the SDK leaves out false booleans and empty lists that the
 * Go types hold as zero values; sets compare regardless of order.
 */
function sameValue(a: unknown, b: unknown, unordered: boolean): boolean {
    if ((a === undefined || a === false) && (b === undefined || b === false)) return true;
    if (isEmpty(a) && isEmpty(b)) return true;
    return canonical(a, unordered) === canonical(b, unordered);
}

function canonical(value: unknown, unordered: boolean): string {
    if (Array.isArray(value)) {
        const items = value.map((item) => canonical(item, false));
        return `[${(unordered ? items.sort() : items).join(",")}]`;
    }
    if (isPlainObject(value)) {
        const keys = Object.keys(value)
            .filter((key) => value[key] !== undefined)
            .sort();
        return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key], false)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}
