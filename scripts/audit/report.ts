// The audit's printed lines and its exit status.
import type { UnmetRequirement } from "./backend-requirements";
import type { Difference } from "./compare-settings";
import { isProblem, LinkFinding } from "./user-links";

export const EXIT = {
    /** Adoption neither replaces nor fails, and nothing else needs attention. */
    ok: 0,
    /** Adoption would replace the pool or the client, or fail. */
    replaceOrFail: 1,
    /** The audit could not run (arguments, credentials, an unreadable pool or database). */
    error: 2,
    /** Adoption is safe, but the backend's needs would stay unmet or users and rows are not linked right. */
    attention: 3,
} as const;

function formatValue(value: unknown, absent: string): string {
    return value === undefined ? absent : JSON.stringify(value);
}

/** `<action>: <resource> <setting>: live <value>; stack <value> (<why>)` */
export function differenceLine(difference: Difference): string {
    const live =
        difference.resource === "client" && difference.setting === "generateSecret" && difference.live === undefined
            ? "(never read on import)"
            : formatValue(difference.live, difference.action === "unknown" ? "(not reported)" : "(none)");
    const line = `${difference.action}: ${difference.resource} ${difference.setting}: live ${live}; stack ${formatValue(difference.stack, "(not declared)")}`;
    return difference.why ? `${line} (${difference.why})` : line;
}

export function requirementLine(unmet: UnmetRequirement): string {
    const state = unmet.metAfterUp ? "met after pulumi up" : "NOT met after pulumi up";
    return `backend: ${unmet.requirement}: live ${formatValue(unmet.live, "(none)")}; after pulumi up ${formatValue(unmet.afterUp, "(none)")}: ${state}`;
}

export function linkLine(finding: LinkFinding): string {
    switch (finding.kind) {
        case "linked":
            return `link ok: credere_user ${finding.rowId} (${finding.email}) is Cognito user ${finding.sub}`;
        case "email differs in case":
            return `link ok, email differs in case: credere_user ${finding.rowId} (${finding.rowEmail}) is Cognito user ${finding.sub} (${finding.cognitoEmail})`;
        case "email differs":
            return `link broken: credere_user ${finding.rowId} (${finding.rowEmail}) points at Cognito user ${finding.sub}, whose email is ${finding.cognitoEmail ?? "(none)"}`;
        case "row without a user":
            return finding.externalId
                ? `link broken: credere_user ${finding.rowId} (${finding.email}): external_id ${finding.externalId} is no user of this pool`
                : `link broken: credere_user ${finding.rowId} (${finding.email}): external_id is empty`;
        case "user without a row":
            return `no row: Cognito user ${finding.sub} (${finding.email ?? "no email"}, ${finding.status ?? "unknown status"}) has no credere_user row`;
    }
}

/** The exit status and the closing line. */
export function verdict(differences: Difference[], unmet: UnmetRequirement[], links: LinkFinding[] | undefined): { exitCode: number; line: string } {
    const blocking = differences.filter((d) => d.action === "replace" || d.action === "fail");
    if (blocking.length) {
        // pulumi/pulumi pkg/resource/deploy/step_generator.go: "previously-imported resources that still specify an ID
        // may not be replaced" and "unable to replace resource ... marked for protection" stop `up` (a preview warns).
        const settings = blocking.map((d) => `${d.action} ${d.resource} ${d.setting}`).join(", ");
        const consequences = [
            ...(blocking.some((d) => d.action === "replace") ? ["the engine refuses to replace an imported or protected resource, so pulumi up stops there"] : []),
            ...(blocking.some((d) => d.action === "fail") ? ["the update fails"] : []),
        ];
        return { exitCode: EXIT.replaceOrFail, line: `adoption: NOT safe: ${settings} (${consequences.join("; ")})` };
    }
    const changes = differences.filter((d) => d.action !== "unknown").length;
    const unknown = differences.length - changes;
    const attention = [
        ...unmet.filter((u) => !u.metAfterUp).map(() => "a backend requirement"),
        ...(links ?? []).filter(isProblem).map(() => "a user link"),
    ];
    const summary = `adoption: no replacement and no failure; ${changes} in-place change(s) to review${unknown ? `, ${unknown} setting(s) this endpoint does not report` : ""}`;
    if (attention.length) {
        return { exitCode: EXIT.attention, line: `${summary}; ${attention.length} problem(s) need attention (backend requirements, user links)` };
    }
    return { exitCode: EXIT.ok, line: summary };
}
