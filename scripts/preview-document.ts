/**
 * The JSON document that `pulumi preview --json` and `pulumi refresh --preview-only --json` print: the CLI's
 * preview digest (pulumi/pulumi pkg/backend/display/json.go, ShowPreviewDigest), validated against the part
 * of its shape (pkg/display/json.go, PreviewDigest, PreviewStep, PropertyDiff, PreviewDiagnostic; a state is
 * sdk/go/common/apitype/core.go, ResourceV3) that the preview guard and the drift check read. Anything else
 * the CLI prints is kept and ignored.
 */
import * as fs from "fs";
import { z } from "zod";

/** A step's oldState or newState, its secrets printed as "[secret]" (json.go, stateForJSONOutput). */
const stateSchema = z.looseObject({
    type: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
    retainOnDelete: z.boolean().optional(),
});

const previewStepSchema = z.looseObject({
    op: z.string(),
    urn: z.string(),
    oldState: stateSchema.optional(),
    newState: stateSchema.optional(),
    replaceReasons: z.array(z.string()).optional(),
    diffReasons: z.array(z.string()).optional(),
    // PropertyDiff holds a kind, never a value.
    detailedDiff: z.record(z.string(), z.looseObject({ kind: z.string(), inputDiff: z.boolean().optional() })).nullable().optional(),
});

/**
 * `steps` is required: a preview prints at least the root stack's step (json.go, ShowPreviewDigest:
 * isRootStack), and `refresh --preview-only --target` one `refresh` step per target (step_generator.go, GenerateRefreshes). `config` is the stack's config merged with the project's defaults, secrets as "[secret]"
 * (pkg/engine/events.go, preludeEvent).
 */
const previewDigestSchema = z.looseObject({
    config: z.record(z.string(), z.string()).optional(),
    steps: z.array(previewStepSchema),
    diagnostics: z.array(z.looseObject({ urn: z.string().optional(), message: z.string().optional(), severity: z.string().optional() })).optional(),
});

export type PreviewDigest = z.infer<typeof previewDigestSchema>;
export type PreviewStep = z.infer<typeof previewStepSchema>;
export type ResourceState = z.infer<typeof stateSchema>;

/** The document in `file`, or why it is not one (unreadable, not JSON, not shaped like a preview digest). */
export function readPreviewDigest(file: string): PreviewDigest | { problem: string } {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        return { problem: (error as Error).message };
    }
    const parsed = previewDigestSchema.safeParse(json);
    return parsed.success
        ? parsed.data
        : { problem: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(document)"}: ${issue.message}`).join("; ") };
}
