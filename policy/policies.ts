import * as cognito from "@pulumi/aws/cognito";
import { Policies, validateResourceOfType } from "@pulumi/policy";
import { CREDERE_AUTH_TYPE } from "../components/credere-auth";
import { BACKEND_PASSWORD_LENGTH } from "../components/credere-auth-args";

// The Credere baseline (baseline.md), enforced on every pool and client that CredereAuth builds, in
// any stack that uses the component. A separate file from the pack's entry point so that tests can
// run each policy without starting the policy server.

/** Whether a resource is a child of CredereAuth: its URN's type chain starts with the component's type. */
function isInCredereAuth(urn: string): boolean {
    return urn.split("::")[2]?.split("$").includes(CREDERE_AUTH_TYPE) ?? false;
}

/** The stack of a URN: `urn:pulumi:<stack>::<project>::...`. */
function stackOf(urn: string): string {
    return urn.split("::")[0].split(":")[2];
}

export interface CredereBaselineConfig {
    /** Stacks that hold real users and must have deletion protection. */
    productionStacks: string[];
}

export const credereBaselinePolicies: Policies = [
    {
        name: "credere-password-minimum-length",
        description: "Passwords are at least 14 characters long, and the policy accepts the backend's 14-character temporary passwords.",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(cognito.UserPool, (pool, args, reportViolation) => {
            const length = pool.passwordPolicy?.minimumLength;
            if (!isInCredereAuth(args.urn)) return;
            if (!(typeof length === "number" && length >= 14)) {
                reportViolation(`passwordPolicy.minimumLength is ${length ?? "unset"}; the Credere baseline needs at least 14.`);
            } else if (length > BACKEND_PASSWORD_LENGTH) {
                reportViolation(
                    `passwordPolicy.minimumLength is ${length}; the Credere backend generates ${BACKEND_PASSWORD_LENGTH}-character temporary passwords ` +
                        "(PASSWORD_LENGTH in credere-backend app/aws.py), which Cognito would refuse, so it cannot create users or reset passwords.",
                );
            }
        }),
    },
    {
        name: "credere-mfa-required-software-token",
        description: "MFA is required, with authenticator apps (software tokens).",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(cognito.UserPool, (pool, args, reportViolation) => {
            if (!isInCredereAuth(args.urn)) return;
            if (pool.mfaConfiguration !== "ON") {
                reportViolation(`mfaConfiguration is ${pool.mfaConfiguration ?? "unset"}; the Credere backend needs ON (MFA required).`);
            }
            if (pool.softwareTokenMfaConfiguration?.enabled !== true) {
                reportViolation("softwareTokenMfaConfiguration.enabled must be true: Credere's MFA is an authenticator app.");
            }
        }),
    },
    {
        name: "credere-admin-only-sign-up",
        description: "Only administrators create users (no self-registration).",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(cognito.UserPool, (pool, args, reportViolation) => {
            if (isInCredereAuth(args.urn) && pool.adminCreateUserConfig?.allowAdminCreateUserOnly !== true) {
                reportViolation("adminCreateUserConfig.allowAdminCreateUserOnly must be true: self-registration is off in Credere.");
            }
        }),
    },
    {
        name: "credere-production-deletion-protection",
        description: "A production stack's pool has deletion protection.",
        enforcementLevel: "mandatory",
        configSchema: {
            properties: { productionStacks: { type: "array", items: { type: "string" }, default: ["production"] } },
        },
        validateResource: validateResourceOfType(cognito.UserPool, (pool, args, reportViolation) => {
            const { productionStacks } = args.getConfig<CredereBaselineConfig>();
            if (isInCredereAuth(args.urn) && productionStacks.includes(stackOf(args.urn)) && pool.deletionProtection !== "ACTIVE") {
                reportViolation(`deletionProtection is ${pool.deletionProtection ?? "unset"} on the ${stackOf(args.urn)} stack; production pools need ACTIVE.`);
            }
        }),
    },
    {
        name: "credere-client-secret",
        description: "The app client has a secret (the backend signs its logins with SECRET_HASH).",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(cognito.UserPoolClient, (client, args, reportViolation) => {
            if (!isInCredereAuth(args.urn) || client.generateSecret === true) return;
            // An adopted client: the AWS provider never reads generateSecret back (terraform-provider-aws#20298), and
            // CredereAuth ignores its changes so that adoption replaces nothing; the engine then hands policies the
            // imported (absent) value. Its real secret is checked on the stack's outputs by credere-client-has-secret.
            const adopted = client.generateSecret === undefined && (args.opts?.ignoreChanges ?? []).includes("generateSecret");
            if (!adopted) {
                reportViolation("generateSecret must be true: the Credere backend computes SECRET_HASH with the client secret.");
            }
        }),
    },
    {
        name: "credere-client-has-secret",
        description: "Every app client CredereAuth manages, adopted ones included, has a client secret (checked on the live client).",
        enforcementLevel: "mandatory",
        // On the stack's final outputs, so it sees what an import read from AWS. A secret not yet known in a preview
        // (a client to be created) makes the policy SDK skip the check instead of failing it.
        validateStack: (args, reportViolation) => {
            for (const resource of args.resources) {
                if (!resource.isType(cognito.UserPoolClient) || !isInCredereAuth(resource.urn)) continue;
                const secret: unknown = resource.props.clientSecret;
                if (typeof secret !== "string" || secret === "") {
                    reportViolation(
                        `the app client ${resource.props.name ?? resource.name} has no client secret: the Credere backend computes SECRET_HASH with it. ` +
                            "An adopted client without one cannot be given one in place: create a new client (generateSecret true) and update the backend's COGNITO_CLIENT_ID and COGNITO_CLIENT_SECRET.",
                        resource.urn,
                    );
                }
            }
        },
    },
    {
        name: "credere-client-user-password-auth",
        description: "The app client allows USER_PASSWORD_AUTH, which the backend logs in with.",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(cognito.UserPoolClient, (client, args, reportViolation) => {
            if (isInCredereAuth(args.urn) && !(client.explicitAuthFlows ?? []).includes("ALLOW_USER_PASSWORD_AUTH")) {
                reportViolation("explicitAuthFlows must include ALLOW_USER_PASSWORD_AUTH: the Credere backend logs in with it.");
            }
        }),
    },
];
