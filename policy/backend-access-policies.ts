import * as iam from "@pulumi/aws/iam";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { BACKEND_POLICY_SUFFIX } from "../components/backend-access";

// The backend's IAM policy grants named Cognito actions on one pool (components/backend-access.ts).
// A wildcard would hand the backend's key every user pool of the account, or every Cognito action
// (DeleteUserPool among them): refuse it in any preview or update.

/** IAM matches `*` and `?` in actions and resources (IAM User Guide, "IAM JSON policy elements: Action/Resource"). */
const WILDCARD = /[*?]/;

/** Whether a policy is the backend's Cognito policy: the logical name that createBackendAccess gives it. */
function isBackendCognitoPolicy(name: string): boolean {
    return name.endsWith(BACKEND_POLICY_SUFFIX);
}

type Statement = { Effect?: string; Action?: string | string[]; NotAction?: unknown; Resource?: string | string[]; NotResource?: unknown };

/** The violations of one policy document (a JSON string or an object, as `aws.iam.Policy.policy` accepts). */
function wildcardViolations(document: unknown): string[] {
    let parsed: { Statement?: Statement | Statement[] };
    try {
        parsed = typeof document === "string" ? JSON.parse(document) : (document as typeof parsed);
    } catch {
        return ["the policy document is not JSON, so its actions and resources cannot be checked."];
    }
    const statements = [parsed?.Statement ?? []].flat();
    const found: string[] = [];
    statements.forEach((statement, index) => {
        if (statement.Effect !== "Allow") return; // a Deny with a wildcard only takes rights away
        const where = `Statement[${index}]`;
        if (statement.NotAction !== undefined) found.push(`${where} uses NotAction: it allows every action but those listed; name the actions instead.`);
        if (statement.NotResource !== undefined) found.push(`${where} uses NotResource: it allows every resource but those listed; name the pool's ARN instead.`);
        const actions = [statement.Action ?? []].flat().filter((action) => WILDCARD.test(action));
        if (actions.length) found.push(`${where} allows the wildcard action(s) ${actions.join(", ")}; name each Cognito action (credere-backend docs/aws/iam.rst).`);
        const resources = [statement.Resource ?? []].flat().filter((resource) => WILDCARD.test(resource));
        if (resources.length) found.push(`${where} allows the wildcard resource(s) ${resources.join(", ")}; name this stack's user pool ARN.`);
    });
    return found;
}

export const backendAccessPolicies: ResourceValidationPolicy[] = [
    {
        name: "credere-backend-iam-no-wildcards",
        description: "The Credere backend's IAM policy names its Cognito actions and its user pool: no wildcard action or resource.",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(iam.Policy, (policy, args, reportViolation) => {
            // In a preview of a new stack the document waits for the pool's ARN: reading it then throws the
            // SDK's UnknownValueError, which @pulumi/policy (server.js) reports as advisory; `up` checks it.
            if (!isBackendCognitoPolicy(args.name) || policy.policy === undefined) return;
            for (const violation of wildcardViolations(policy.policy)) {
                reportViolation(violation);
            }
        }),
    },
];
