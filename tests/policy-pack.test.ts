import * as assert from "assert";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { credereBaselinePolicies } from "../policy/policies";
import { valueOf } from "./support/pulumi-mocks";
import { buildStackComponent } from "./support/stack-component";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

interface Candidate {
    type: string;
    urn: string;
    props: Record<string, any>;
}

/** The pool and client the program registers for a stack, as the policy engine would see them. */
async function registeredPoolAndClient(stack: string): Promise<{ pool: Candidate; client: Candidate }> {
    const { run } = await buildStackComponent(stack);
    return {
        pool: { type: POOL, urn: await valueOf(run.result.userPool.urn), props: run.one(POOL).inputs },
        client: { type: CLIENT, urn: await valueOf(run.result.userPoolClient.urn), props: run.one(CLIENT).inputs },
    };
}

/** Runs one policy on one resource the way the policy engine does; returns its violations. */
async function violations(policy: ResourceValidationPolicy, resource: Candidate): Promise<string[]> {
    const reported: string[] = [];
    const args: ResourceValidationArgs = {
        type: resource.type,
        props: resource.props,
        urn: resource.urn,
        name: resource.urn.split("::").pop()!,
        opts: {} as ResourceValidationArgs["opts"],
        stackTags: new Map(),
        isType: (resourceClass: any) => resourceClass.__pulumiType === resource.type,
        asType: ((resourceClass: any) => (resourceClass.__pulumiType === resource.type ? resource.props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: (() => ({ productionStacks: ["production"] })) as ResourceValidationArgs["getConfig"],
        notApplicable: () => undefined as never,
    };
    const validations = [policy.validateResource ?? []].flat();
    for (const validate of validations) {
        await validate(args, (message: string) => reported.push(message));
    }
    return reported;
}

const policy = (name: string) => credereBaselinePolicies.find((candidate) => candidate.name === name)!;
const withProps = (resource: Candidate, changes: Record<string, unknown>): Candidate => ({ ...resource, props: { ...resource.props, ...changes } });

for (const stack of ["dev", "production"]) {
    describe(`the Credere baseline policies on the ${stack} stack`, () => {
        it("pass every resource the program registers", async () => {
            const { pool, client } = await registeredPoolAndClient(stack);
            for (const rule of credereBaselinePolicies) {
                assert.deepStrictEqual([rule.name, await violations(rule, pool), await violations(rule, client)], [rule.name, [], []]);
            }
        });
    });
}

describe("the Credere baseline policies refuse what breaks the baseline", () => {
    let production: { pool: Candidate; client: Candidate };

    before(async () => {
        production = await registeredPoolAndClient("production");
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
