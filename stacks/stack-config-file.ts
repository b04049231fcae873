import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/*
 * A stack's configuration as the Pulumi CLI builds it before it starts the program: Pulumi.yaml's
 * declarations checked, the project defaults merged into Pulumi.<stack>.yaml, the result validated,
 * and every value handed over as a string with the secret keys listed.
 *
 * Followed from pulumi/pulumi (v3.259.0; the rules below hold from v3.202.0, older than the project's
 * requiredPulumiVersion), so that a reader can re-check each step against a newer Pulumi:
 * - sdk/go/common/workspace/loaders.go, LoadProjectBytes and LoadProjectStackBytes: the order of the steps;
 * - sdk/go/common/workspace/project.go, RewriteShorthandConfigValues, Project.Validate, ValidateConfigValue,
 *   InferFullTypeName, and project.json (ConfigTypeDeclaration): what Pulumi.yaml may declare;
 * - pkg/workspace/config.go, mergeConfig (ValidateStackConfigAndApplyProjectConfig), createConfigValue,
 *   validateStackConfigValue: required keys, defaults, the secret and type checks, and their messages;
 * - sdk/go/common/resource/config/object.go (unmarshalObject, MarshalString) and plaintext.go (marshalText):
 *   how a YAML value becomes the string the program reads (lists and maps as Go's json.Marshal writes them);
 * - pkg/resource/deploy/source_eval.go: the program's secret keys are Config.SecureKeys().
 * Pulumi ESC environments (`environment:` in a stack file) are not modelled: this project uses none.
 */

/** One declaration under Pulumi.yaml's `config:`, after the CLI has rewritten the shorthand forms. */
export interface ConfigDeclaration {
    type?: string;
    items?: ConfigItemsType;
    description?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

export interface ConfigItemsType {
    type: string;
    items?: ConfigItemsType;
}

/** Pulumi.yaml, as far as configuration goes. */
export interface ProjectFile {
    name: string;
    config: Record<string, ConfigDeclaration>;
    requiredPulumiVersion?: string;
}

/** A stored config value as the CLI keeps it (config.Value): its text, whether it is encrypted, whether it is JSON. */
export interface ConfigValue {
    text: string;
    secure: boolean;
    object: boolean;
}

/** Full key (`namespace:name`) to value, as in a stack file's `config:`. */
export type ConfigMap = Map<string, ConfigValue>;

/** Turns ciphertext from a stack file into plaintext (the stack's secrets provider). */
export type Decrypter = (ciphertext: string) => string;

/** The configuration a program receives: `pulumi.runtime.allConfig()` and the keys marked secret. */
export interface ProgramConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

/** What the Pulumi CLI refuses before it starts the program; the message is the CLI's own. */
export class StackConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackConfigError";
    }
}

const SIMPLE_TYPES = ["string", "integer", "boolean", "array", "object"];
const DECLARATION_ATTRIBUTES = ["type", "items", "description", "secret", "default", "value"];

const defaultRoot = path.resolve(__dirname, "..");

/** Reads and checks Pulumi.yaml as the CLI does when it loads the project. */
export function readProjectFile(root = defaultRoot): ProjectFile {
    return parseProjectFile(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
}

export function parseProjectFile(text: string): ProjectFile {
    const raw = parse(text) as Record<string, unknown> | null;
    if (!raw || typeof raw.name !== "string" || raw.name === "") {
        throw new StackConfigError("project is missing a non-empty string 'name' attribute");
    }
    const name = raw.name;
    const config: Record<string, ConfigDeclaration> = {};
    const declared = raw.config ?? {};
    if (typeof declared !== "object" || Array.isArray(declared)) {
        throw new StackConfigError("#/config: the project's config must be a map of keys to declarations");
    }
    for (const [key, declaration] of Object.entries(declared as Record<string, unknown>)) {
        config[key] = rewriteShorthand(name, key, declaration);
        checkDeclaration(name, key, config[key]);
    }
    const requiredPulumiVersion = raw.requiredPulumiVersion === undefined ? undefined : String(raw.requiredPulumiVersion);
    return { name, config, requiredPulumiVersion };
}

/** project.go RewriteShorthandConfigValues: `key: value` is a default in the project's namespace, a value in another. */
function rewriteShorthand(projectName: string, key: string, declaration: unknown): ConfigDeclaration {
    if (isPrimitive(declaration) || Array.isArray(declaration)) {
        return isProjectKey(projectName, key) ? { default: declaration } : { value: declaration };
    }
    if (declaration === null) {
        return {}; // `key:` alone declares a key with neither default nor value
    }
    if (typeof declaration !== "object") {
        throw new StackConfigError(`#/config/${key}: must be a value or a declaration { type, items, description, secret, default, value }`);
    }
    return declaration as ConfigDeclaration;
}

/** project.json's ConfigTypeDeclaration and project.go Project.Validate. */
function checkDeclaration(projectName: string, key: string, declaration: ConfigDeclaration): void {
    for (const attribute of Object.keys(declaration)) {
        if (!DECLARATION_ATTRIBUTES.includes(attribute)) {
            throw new StackConfigError(`#/config/${key}: '${attribute}' not allowed; the allowed attributes are ${DECLARATION_ATTRIBUTES.map((a) => `'${a}'`).join(", ")}`);
        }
    }
    if (declaration.type !== undefined && !SIMPLE_TYPES.includes(declaration.type)) {
        throw new StackConfigError(`#/config/${key}/type: must be one of ${SIMPLE_TYPES.join(", ")}`);
    }
    if (declaration.default != null && declaration.value != null) {
        throw new StackConfigError(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    }
    if (isProjectKey(projectName, key)) {
        if (declaration.type === "array" && declaration.items === undefined) {
            throw new StackConfigError(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
        }
        if (declaration.type !== undefined && declaration.default != null && !isOfType(declaration.type, declaration.items, declaration.default)) {
            throw new StackConfigError(
                `The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(declaration.type, declaration.items)}'`,
            );
        }
    } else {
        if (declaration.type !== undefined) {
            throw new StackConfigError(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
        }
        if (declaration.default != null) {
            throw new StackConfigError(`Configuration key '${key}' is not namespaced by the project and should not define a default value`);
        }
        if (declaration.value == null) {
            throw new StackConfigError(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
}

/** Reads Pulumi.<stack>.yaml's `config:`; keys without a namespace belong to the project (loaders.go, LoadProjectStackBytes -> stackConfigNamespacedWithProject). */
export function readStackFile(stack: string, projectName: string, root = defaultRoot): ConfigMap {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    const raw = fs.existsSync(file) ? (parse(fs.readFileSync(file, "utf8")) as Record<string, unknown> | null) : null;
    if (raw?.environment !== undefined) {
        throw new StackConfigError(`Pulumi.${stack}.yaml uses an ESC environment, which this reader does not model`);
    }
    const config = new Map<string, ConfigValue>();
    for (const [key, value] of Object.entries((raw?.config ?? {}) as Record<string, unknown>)) {
        config.set(fullKey(projectName, key), configValueFromYaml(value));
    }
    return config;
}

/**
 * A value as written in a stack file, stored the CLI's way (object.go unmarshalObject, MarshalString):
 * text as is; numbers and booleans as their JSON text; `{ secure: … }` as ciphertext; lists and maps as JSON.
 */
export function configValueFromYaml(value: unknown): ConfigValue {
    const ciphertext = secureCiphertext(value);
    if (ciphertext !== undefined) {
        return { text: ciphertext, secure: true, object: false };
    }
    if (typeof value === "string") {
        return { text: value, secure: false, object: false };
    }
    if (typeof value === "number" || typeof value === "boolean") {
        return { text: JSON.stringify(value), secure: false, object: false };
    }
    return { text: goJson(value), secure: containsSecure(value), object: true };
}

/**
 * pkg/workspace/config.go mergeConfig, as ValidateStackConfigAndApplyProjectConfig runs it (`validate`
 * true) or ApplyProjectConfig (false): the project's defaults and values fill in the keys the stack does
 * not set; then a declared key in the project's namespace that is still missing, a value that is not
 * encrypted where the declaration says secret, and a value of the wrong type are refused with the CLI's
 * message. The decrypter is needed only to type-check an encrypted value of a typed key.
 */
export function applyProjectConfig(
    stackName: string,
    project: ProjectFile,
    stackConfig: ConfigMap,
    options: { validate?: boolean; decrypt?: Decrypter } = {},
): ConfigMap {
    const merged = new Map(stackConfig);
    const missing: string[] = [];
    const keys = Object.keys(project.config).sort();
    for (const key of keys) {
        const declaration = project.config[key];
        const full = fullKey(project.name, key);
        const hasDefault = declaration.default != null;
        const hasValue = declaration.value != null;
        if (merged.has(full)) {
            continue;
        }
        if (!hasDefault && !hasValue) {
            if (isProjectKey(project.name, key)) {
                missing.push(key);
            }
            continue;
        }
        merged.set(full, createConfigValue(hasDefault ? declaration.default : declaration.value));
    }
    if (options.validate === false) {
        return merged;
    }
    if (missing.length > 0) {
        throw new StackConfigError(`Stack '${stackName}' is missing configuration ${missing.length > 1 ? "values" : "value"} ${formatMissingKeys(missing)}`);
    }
    for (const key of keys) {
        const declaration = project.config[key];
        const value = merged.get(fullKey(project.name, key));
        if (declaration.type === undefined || value === undefined) {
            continue;
        }
        if (declaration.secret && !value.secure) {
            throw new StackConfigError(`Stack '${stackName}' with configuration key '${key}' must be encrypted as it's secret`);
        }
        if (value.secure && !options.decrypt) {
            continue; // the CLI decrypts first; without the secrets provider only the secret check can run
        }
        const text = plaintext(value, options.decrypt);
        const content = value.object ? JSON.parse(text) : text;
        if (!isOfType(declaration.type, declaration.items, content)) {
            throw new StackConfigError(`Stack '${stackName}' with configuration key '${key}' must be of type '${fullTypeName(declaration.type, declaration.items)}'`);
        }
    }
    return merged;
}

/** What the program receives (config.Map Decrypt and SecureKeys): each value's plaintext, and which keys are secret. */
export function programConfig(config: ConfigMap, decrypt?: Decrypter): ProgramConfig {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of [...config.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (value.secure && !decrypt) {
            throw new StackConfigError(`${key} is encrypted in the stack file: reading it needs the stack's secrets provider`);
        }
        values[key] = plaintext(value, decrypt);
        if (value.secure) {
            secretKeys.push(key);
        }
    }
    return { config: values, secretKeys };
}

/**
 * A stack's configuration as the Pulumi CLI hands it to the program, read from Pulumi.yaml and
 * Pulumi.<stack>.yaml; throws StackConfigError with the CLI's message where the CLI would refuse to run.
 * `decrypt` is needed when the stack file holds encrypted values.
 */
export function loadStackConfig(stack: string, options: { root?: string; decrypt?: Decrypter } = {}): ProgramConfig {
    const project = readProjectFile(options.root);
    const merged = applyProjectConfig(stack, project, readStackFile(stack, project.name, options.root), { decrypt: options.decrypt });
    return programConfig(merged, options.decrypt);
}

/** project.go ValidateConfigValue. */
function isOfType(type: string, items: ConfigItemsType | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return typeof value === "number" ? Number.isInteger(value) : typeof value === "string" && /^[+-]?\d+$/.test(value) && isInt64(value);
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        default:
            return Array.isArray(value) && items !== undefined && value.every((item) => isOfType(items.type, items.items, item));
    }
}

/** project.go InferFullTypeName: `array<string>`. */
function fullTypeName(type: string, items: ConfigItemsType | undefined): string {
    return items ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

/** config.go createConfigValue: strings, integers and booleans as their text; anything else as JSON. */
function createConfigValue(value: unknown): ConfigValue {
    if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isInteger(value))) {
        return { text: String(value), secure: false, object: false };
    }
    return { text: goJson(value), secure: false, object: true };
}

/** A value's plaintext as the program reads it: decrypted whole, or each `secure` inside an object (object.go, object.Decrypt). */
function plaintext(value: ConfigValue, decrypt: Decrypter | undefined): string {
    if (!value.secure) {
        return value.text;
    }
    if (!decrypt) {
        throw new StackConfigError("an encrypted value needs the stack's secrets provider");
    }
    if (!value.object) {
        return decrypt(value.text);
    }
    const decryptInside = (node: unknown): unknown => {
        const ciphertext = secureCiphertext(node);
        if (ciphertext !== undefined) return decrypt(ciphertext);
        if (Array.isArray(node)) return node.map(decryptInside);
        if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, decryptInside(v)]));
        return node;
    };
    return goJson(decryptInside(JSON.parse(value.text)));
}

/** object.go isSecureValue: a map whose only key is `secure`, holding text. */
function secureCiphertext(value: unknown): string | undefined {
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value);
        if (entries.length === 1 && entries[0][0] === "secure" && typeof entries[0][1] === "string") {
            return entries[0][1];
        }
    }
    return undefined;
}

/** Whether an object value holds a `secure` anywhere, which makes the whole value secure (object.go, object.Secure). */
function containsSecure(value: unknown): boolean {
    if (secureCiphertext(value) !== undefined) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsSecure);
    return false;
}

/** JSON as Go's encoding/json writes it: map keys sorted, no spaces, <, > and & escaped. */
function goJson(value: unknown): string {
    const sortKeys = (node: unknown): unknown => {
        if (Array.isArray(node)) return node.map(sortKeys);
        if (node && typeof node === "object") {
            return Object.fromEntries(
                Object.keys(node)
                    .sort()
                    .map((key) => [key, sortKeys((node as Record<string, unknown>)[key])]),
            );
        }
        return node === undefined ? null : node;
    };
    return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** config.go formatMissingKeys: 'a', 'b' and 'c', sorted. */
function formatMissingKeys(keys: string[]): string {
    if (keys.length === 1) {
        return `'${keys[0]}'`;
    }
    const quoted = [...keys].sort().map((key) => `'${key}'`);
    return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** config.go parseConfigKey: a key without a namespace is the project's. */
function fullKey(projectName: string, key: string): string {
    return key.includes(":") ? key : `${projectName}:${key}`;
}

/** project.go configKeyIsNamespacedByProject. */
function isProjectKey(projectName: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${projectName}:`);
}

/** config.go and project.go isPrimitiveValue: string, int or bool (a YAML whole number decodes as int). */
function isPrimitive(value: unknown): boolean {
    return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isInteger(value));
}

function isInt64(digits: string): boolean {
    const n = BigInt(digits.replace(/^\+/, ""));
    return n >= -(2n ** 63n) && n < 2n ** 63n;
}
