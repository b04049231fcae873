import { z } from "zod";

// credere:allowReplacementOf, the stack's opt-out from the preview guard: a list of logical resource
// names. One rule for the program (stacks/stack-settings.ts) and the guard (scripts/preview-guard.ts),
// which both receive it as the CLI hands config over: text, a list JSON-encoded.
const names = z.array(z.string().min(1));

/** The names, or undefined when the value is not a list of non-empty names. */
export function parseAllowReplacementOf(raw: string): string[] | undefined {
    const parsed = names.safeParse(parseJson(raw));
    return parsed.success ? parsed.data : undefined;
}

/** JSON's value of `raw`, or `raw` itself when it is not JSON. */
export function parseJson(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}
