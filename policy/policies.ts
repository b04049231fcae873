import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { CREDERE_AUTH_TYPE } from "../components/credere-auth";

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

export const credereBaselinePolicies: ResourceValidationPolicy[] = [
    {
        name: "credere-password-minimum-length",
        description: "Passwords are at least 14 characters long.",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
            const length = pool.passwordPolicy?.minimumLength;
            if (isInCredereAuth(args.urn) && !(typeof length === "number" && length >= 14)) {
                reportViolation(`passwordPolicy.minimumLength is ${length ?? "unset"}; the Credere baseline needs at least 14.`);
            }
        }),
    },
    {
        name: "credere-mfa-required-software-token",
        description: "MFA is required, with authenticator apps (software tokens).",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
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
        validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
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
        validateResource: validateResourceOfType(aws.cognito.UserPool, (pool, args, reportViolation) => {
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
        validateResource: validateResourceOfType(aws.cognito.UserPoolClient, (client, args, reportViolation) => {
            if (isInCredereAuth(args.urn) && client.generateSecret !== true) {
                reportViolation("generateSecret must be true: the Credere backend computes SECRET_HASH with the client secret.");
            }
        }),
    },
    {
        name: "credere-client-user-password-auth",
        description: "The app client allows USER_PASSWORD_AUTH, which the backend logs in with.",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(aws.cognito.UserPoolClient, (client, args, reportViolation) => {
            if (isInCredereAuth(args.urn) && !(client.explicitAuthFlows ?? []).includes("ALLOW_USER_PASSWORD_AUTH")) {
                reportViolation("explicitAuthFlows must include ALLOW_USER_PASSWORD_AUTH: the Credere backend logs in with it.");
            }
        }),
    },
];
