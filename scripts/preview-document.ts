/**
 * Reads the JSON document that `pulumi preview --json` (or `pulumi refresh --preview-only --json`) prints:
 * the CLI's preview digest (pulumi/pulumi pkg/backend/display/json.go, ShowPreviewDigest), validated
 * against the part of its shape (pkg/display/json.go, PreviewDigest) that the caller reads.
 */
import * as fs from "fs";
import { z } from "zod";

/** The document in `file`, or why it is not one (unreadable, not JSON, not shaped like `schema`). */
export function readPreviewDocument<Schema extends z.ZodType>(file: string, schema: Schema): z.infer<Schema> | { problem: string } {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        return { problem: (error as Error).message };
    }
    const parsed = schema.safeParse(json);
    return parsed.success
        ? parsed.data
        : { problem: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(document)"}: ${issue.message}`).join("; ") };
}
