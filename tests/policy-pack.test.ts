import * as assert from "assert";
import { PolicyResourceOptions } from "@pulumi/policy";
import { credereBaselinePolicies } from "../policy/policies";
import { analyzeResource, analyzeStack, reportedBy } from "./support/policy-analyzer";
import { asSecret, valueOf } from "./support/pulumi-mocks";
import { buildStackComponent } from "./support/stack-component";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

interface Candidate {
    type: string;
    urn: string;
    /** Inputs, as resource policies see them. */
    props: Record<string, any>;
    /** Outputs, as stack policies see them. */
    outputs: Record<string, any>;
    opts: Partial<PolicyResourceOptions>;
}

const IMPORT_IDS = { "credere:importUserPoolId": "us-east-1_AbCdEf123", "credere:importUserPoolClientId": "3ho4ek12345678909nh3fmhpko" };

/** The pool and client the program registers for a stack, with their options and outputs, as the policy engine would see them. */
async function registeredPoolAndClient(stack: string, overrides: Record<string, unknown> = {}): Promise<{ pool: Candidate; client: Candidate }> {
    const { run, optionsByType, auth } = await buildStackComponent(stack, overrides);
    const candidate = async (type: string, resource: { urn: any }, outputs: Record<string, any>): Promise<Candidate> => ({
        type,
        urn: await valueOf(resource.urn),
        props: run.one(type).inputs,
        outputs,
        opts: { ignoreChanges: optionsByType.get(type)?.ignoreChanges ?? [], protect: optionsByType.get(type)?.protect ?? false },
    });
    return {
        pool: await candidate(POOL, auth.userPool, run.one(POOL).inputs),
        // The client secret is a secret output, which the CLI sends as one (analyzer_plugin.go, AnalyzeStack: KeepSecrets).
        client: await candidate(CLIENT, auth.userPoolClient, { ...run.one(CLIENT).inputs, clientSecret: asSecret(await valueOf(auth.userPoolClientSecret)) }),
    };
}

/** One policy's violations when the served policy pack analyzes this resource's inputs (Analyze). */
async function violations(policy: { name: string }, resource: Candidate): Promise<string[]> {
    const found = await analyzeResource({ type: resource.type, urn: resource.urn, props: resource.props, opts: resource.opts });
    return reportedBy(policy.name, found).map((violation) => violation.message);
}

/** One policy's violations when the served policy pack analyzes the stack's resources with their outputs (AnalyzeStack). */
async function stackViolations(policy: { name: string }, resources: Candidate[]): Promise<{ message: string; urn?: string }[]> {
    const found = await analyzeStack(resources.map((resource) => ({ type: resource.type, urn: resource.urn, props: resource.outputs, opts: resource.opts })));
    return reportedBy(policy.name, found).map(({ message, urn }) => ({ message, urn: urn || undefined }));
}

const policy = (name: string) => credereBaselinePolicies.find((candidate) => candidate.name === name)!;
const withProps = (resource: Candidate, changes: Record<string, unknown>): Candidate => ({ ...resource, props: { ...resource.props, ...changes } });

for (const stack of ["dev", "production"]) {
    describe(`the Credere baseline policies on the ${stack} stack`, () => {
        it("pass every resource the program registers", async () => {
            const { pool, client } = await registeredPoolAndClient(stack);
            for (const rule of credereBaselinePolicies) {
                assert.deepStrictEqual([rule.name, await violations(rule, pool), await violations(rule, client)], [rule.name, [], []]);
                assert.deepStrictEqual([rule.name, await stackViolations(rule, [pool, client])], [rule.name, []]);
            }
        });

        it("pass the pool and client the program adopts, with their live secret", async () => {
            const { pool, client } = await registeredPoolAndClient(stack, IMPORT_IDS);
            // What the engine hands policies after the import: the provider never read generateSecret back.
            const imported = { ...client, props: { ...client.props, generateSecret: undefined } };
            for (const rule of credereBaselinePolicies) {
                assert.deepStrictEqual([rule.name, await violations(rule, pool), await violations(rule, imported)], [rule.name, [], []]);
                assert.deepStrictEqual([rule.name, await stackViolations(rule, [pool, imported])], [rule.name, []]);
            }
        });
    });
}

describe("the Credere baseline policies refuse what breaks the baseline", () => {
    let production: { pool: Candidate; client: Candidate };

    before(async () => {
        production = await registeredPoolAndClient("production");
    });

    it("a password minimum length above 14, which the backend's temporary passwords would fail", async () => {
        const found = await violations(policy("credere-password-minimum-length"), withProps(production.pool, { passwordPolicy: { minimumLength: 15 } }));
        assert.deepStrictEqual(found, [
            "passwordPolicy.minimumLength is 15; the Credere backend generates 14-character temporary passwords (PASSWORD_LENGTH in credere-backend app/aws.py), which Cognito would refuse, so it cannot create users or reset passwords.",
        ]);
    });

    it("a password minimum length under 14", async () => {
        const found = await violations(policy("credere-password-minimum-length"), withProps(production.pool, { passwordPolicy: { minimumLength: 8 } }));
        assert.deepStrictEqual(found, ["passwordPolicy.minimumLength is 8; the Credere baseline needs at least 14."]);
    });

    it("MFA that is optional, or without software tokens", async () => {
        const found = await violations(
            policy("credere-mfa-required-software-token"),
            withProps(production.pool, { mfaConfiguration: "OPTIONAL", softwareTokenMfaConfiguration: { enabled: false } }),
        );
        assert.strictEqual(found.length, 2);
        assert.match(found[0], /mfaConfiguration is OPTIONAL/);
        assert.match(found[1], /softwareTokenMfaConfiguration\.enabled/);
    });

    it("self-registration", async () => {
        const found = await violations(policy("credere-admin-only-sign-up"), withProps(production.pool, { adminCreateUserConfig: { allowAdminCreateUserOnly: false } }));
        assert.match(found.join(), /allowAdminCreateUserOnly must be true/);
    });

    it("a client without a secret", async () => {
        const found = await violations(policy("credere-client-secret"), withProps(production.client, { generateSecret: false }));
        assert.match(found.join(), /generateSecret must be true/);
    });

    it("a client that does not declare a secret and does not ignore its changes (not an adoption)", async () => {
        const undeclared = { ...withProps(production.client, { generateSecret: undefined }), opts: { ignoreChanges: [] } };
        assert.deepStrictEqual(await violations(policy("credere-client-secret"), undeclared), [
            "generateSecret must be true: the Credere backend computes SECRET_HASH with the client secret.",
        ]);
    });

    it("an adopted client declared without a secret, even though its changes are ignored", async () => {
        const adopted = await registeredPoolAndClient("production", IMPORT_IDS);
        assert.deepStrictEqual(adopted.client.opts.ignoreChanges, ["generateSecret"]);
        const found = await violations(policy("credere-client-secret"), withProps(adopted.client, { generateSecret: false }));
        assert.match(found.join(), /generateSecret must be true/);
    });

    it("an adopted client whose live secret is missing, naming the client and not any secret", async () => {
        const adopted = await registeredPoolAndClient("production", IMPORT_IDS);
        const rule = policy("credere-client-has-secret");
        for (const clientSecret of ["", undefined]) {
            const withoutSecret = { ...adopted.client, outputs: { ...adopted.client.outputs, clientSecret } };
            const found = await stackViolations(rule, [adopted.pool, withoutSecret]);
            assert.strictEqual(found.length, 1);
            assert.strictEqual(found[0].urn, adopted.client.urn);
            assert.match(found[0].message, /^the app client credere-production has no client secret: the Credere backend computes SECRET_HASH with it\./);
        }
        const elsewhere = { ...adopted.client, urn: "urn:pulumi:production::other::aws:cognito/userPoolClient:UserPoolClient::other", outputs: { name: "other" } };
        assert.deepStrictEqual(await stackViolations(rule, [elsewhere]), []);
    });

    it("a client without USER_PASSWORD_AUTH", async () => {
        const found = await violations(policy("credere-client-user-password-auth"), withProps(production.client, { explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"] }));
        assert.match(found.join(), /must include ALLOW_USER_PASSWORD_AUTH/);
    });

    it("a production pool without deletion protection, but not a dev pool", async () => {
        const rule = policy("credere-production-deletion-protection");
        assert.match((await violations(rule, withProps(production.pool, { deletionProtection: "INACTIVE" }))).join(), /INACTIVE on the production stack/);
        const dev = await registeredPoolAndClient("dev");
        assert.strictEqual(dev.pool.props.deletionProtection, "INACTIVE");
        assert.deepStrictEqual(await violations(rule, dev.pool), []);
    });

    it("leaves pools that are not CredereAuth's alone", async () => {
        const elsewhere = { ...production.pool, urn: "urn:pulumi:production::other::aws:cognito/userPool:UserPool::other-pool", props: { passwordPolicy: { minimumLength: 6 } } };
        assert.deepStrictEqual(await violations(policy("credere-password-minimum-length"), elsewhere), []);
    });
});
