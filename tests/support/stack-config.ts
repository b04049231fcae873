import {
    ConfigMap,
    ProgramConfig,
    applyProjectConfig,
    configValueFromYaml,
    programConfig,
    readProjectFile,
    readStackFile,
} from "../../stacks/stack-config-file";

/**
 * A stack's configuration as the Pulumi CLI hands it to the program: the project's declared defaults,
 * overlaid by Pulumi.<stack>.yaml with `overrides` written into it (a value of `undefined` removes the
 * key), every value a string (objects and lists JSON-encoded). Not validated, so that tests can hand the
 * program what the CLI would let through only without a declaration (see tests/cli-config.test.ts for
 * the CLI's own checks).
 */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const project = readProjectFile();
    return programConfig(applyProjectConfig(stack, project, editedStackFile(stack, project.name, overrides), { validate: false })).config;
}

/** Pulumi.<stack>.yaml's config with `edits` written into the file as YAML; a value of `undefined` removes the key. */
function editedStackFile(stack: string, projectName: string, edits: Record<string, unknown>): ConfigMap {
    const config = readStackFile(stack, projectName);
    for (const [key, value] of Object.entries(edits)) {
        if (value === undefined) {
            config.delete(key);
        } else {
            config.set(key, configValueFromYaml(value));
        }
    }
    return config;
}

/**
 * Pulumi's test crypter (pulumi/pulumi sdk/go/common/resource/config/crypt.go, Base64Crypter): stands in
 * for the stack's secrets provider, so that a stack file can hold `secure:` values here as it would there.
 */
export const base64Crypter = {
    encrypt: (plaintext: string) => Buffer.from(plaintext, "utf8").toString("base64"),
    decrypt: (ciphertext: string) => Buffer.from(ciphertext, "base64").toString("utf8"),
};

/**
 * `pulumi config set [--secret] <key> <value>` on a stack's config (pulumi/pulumi
 * pkg/cmd/pulumi/config/config.go, configSetCmd.Run): a key without a namespace is the project's; the
 * value is stored as text ("Top level entries are always treated as strings"), encrypted with --secret.
 */
export function configSet(config: ConfigMap, projectName: string, key: string, value: string, options: { secret?: boolean } = {}): void {
    const fullKey = key.includes(":") ? key : `${projectName}:${key}`;
    config.set(fullKey, options.secret ? { text: base64Crypter.encrypt(value), secure: true, object: false } : { text: value, secure: false, object: false });
}

/**
 * The config the program receives for `stack` once `fileEdits` are written into Pulumi.<stack>.yaml (as
 * YAML: how lists are set) and `commands` have run on it, validated as the CLI does before it starts the
 * program; throws StackConfigError with the CLI's message where the CLI refuses to run.
 */
export function stackConfigAfter(stack: string, commands: ConfigSetCommand[] = [], fileEdits: Record<string, unknown> = {}, project = readProjectFile()): ProgramConfig {
    const config = editedStackFile(stack, project.name, fileEdits);
    for (const command of commands) {
        configSet(config, project.name, command.key, command.value, { secret: command.secret });
    }
    return programConfig(applyProjectConfig(stack, project, config, { decrypt: base64Crypter.decrypt }), base64Crypter.decrypt);
}

/** One `pulumi config set` an operator runs. */
export interface ConfigSetCommand {
    key: string;
    value: string;
    secret?: boolean;
}

/** One admin, as a stack file lists it under credere:adminUsers. */
export const EXAMPLE_ADMINS = [{ email: "admin@example.org", name: "Admin User" }];

/** The postgresql provider's configuration (administrative credentials) that makes the component provision through its role. */
export const EXAMPLE_POSTGRESQL_PROVIDER = {
    "postgresql:host": "credere-db.example.org",
    "postgresql:database": "credere",
    "postgresql:username": "postgres",
    "postgresql:password": "administrative-password",
};
