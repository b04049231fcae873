import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..");

/** Pulumi.yaml, parsed. */
export function projectFile(): { name: string; config: Record<string, { type?: string; default?: unknown; secret?: boolean }> } {
    return parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
}

/**
 * A stack's configuration as the Pulumi CLI hands it to the program: the project's declared defaults,
 * overlaid by Pulumi.<stack>.yaml, every value a string (objects and lists JSON-encoded).
 */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const project = projectFile();
    const values: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(project.config)) {
        if (declaration.default !== undefined) {
            values[`${project.name}:${key}`] = declaration.default;
        }
    }
    const stackFile = parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8"));
    Object.assign(values, stackFile.config, overrides);
    return Object.fromEntries(
        Object.entries(values)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
    );
}
