import * as assert from "assert";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { BackendAccess, BackendAccessArgs, createBackendAccess } from "../components/backend-access";
import { CREDERE_AUTH_TYPE } from "../components/credere-auth";
import { backendAccessPolicies } from "../policy/backend-access-policies";
import { analyzeResource, analyzerInfo, reportedBy } from "./support/policy-analyzer";
import { runWithMocks, secretValue, TEST_ACCOUNT_ID, TEST_REGION, valueOf } from "./support/pulumi-mocks";

const POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const USER = "aws:iam/user:User";
const ACCESS_KEY = "aws:iam/accessKey:AccessKey";

const POOL_ARN = `arn:aws:cognito-idp:${TEST_REGION}:${TEST_ACCOUNT_ID}:userpool/${TEST_REGION}_BackendPool`;
// What tests/support/pulumi-mocks.ts answers for the policy: AWS's ARN of it, named by its logical name.
const POLICY_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/credere-backend-cognito`;

/** The parent the real wiring gives it: a component of CredereAuth's type. */
class Parent extends pulumi.ComponentResource {
    constructor(name: string) {
        super(CREDERE_AUTH_TYPE, name, {}, {});
    }
}

async function build(args: Omit<BackendAccessArgs, "userPoolArn">) {
    const run = await runWithMocks("dev", {}, () => createBackendAccess("credere", { userPoolArn: POOL_ARN, ...args }, new Parent("credere")));
    return { run, access: run.result };
}

describe("the backend's Cognito access: the managed policy", () => {
    it("grants exactly the six actions of credere-backend docs/aws/iam.rst, on the stack's pool ARN only", async () => {
        const { run } = await build({ existingUserName: "credere-operational" });
        const document = JSON.parse(run.one(POLICY).inputs.policy);
        assert.deepStrictEqual(document, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CredereBackendCognito",
                    Effect: "Allow",
                    Action: [
                        "cognito-idp:AdminCreateUser",
                        "cognito-idp:AdminSetUserPassword",
                        "cognito-idp:AdminResetUserPassword",
                        "cognito-idp:AdminUpdateUserAttributes",
                        "cognito-idp:AdminInitiateAuth",
                        "cognito-idp:AdminUserGlobalSignOut",
                    ],
                    Resource: POOL_ARN,
                },
            ],
        });
    });

    it("is a managed policy (aws.iam.Policy), not an inline one", async () => {
        const { run } = await build({ existingUserName: "credere-operational" });
        assert.deepStrictEqual([run.byType(POLICY).length, run.byType("aws:iam/userPolicy:UserPolicy").length], [1, 0]);
        assert.strictEqual(run.one(POLICY).name, "credere-backend-cognito");
    });
});

describe("the backend's Cognito access for an existing operational user", () => {
    let run: Awaited<ReturnType<typeof build>>["run"];
    let access: BackendAccess;

    before(async () => {
        ({ run, access } = await build({ existingUserName: "credere-operational" }));
    });

    it("attaches the policy to the named user", async () => {
        assert.deepStrictEqual(run.one(ATTACHMENT).inputs, { user: "credere-operational", policyArn: POLICY_ARN });
        assert.strictEqual(await valueOf(access.userName), "credere-operational");
    });

    it("creates no user and no access key: the operational user's key stays outside this program", () => {
        assert.deepStrictEqual([run.byType(USER).length, run.byType(ACCESS_KEY).length], [0, 0]);
        assert.strictEqual(access.keyEnvironment, undefined);
    });
});

describe("the backend's Cognito access with a user of its own (a new development account)", () => {
    let run: Awaited<ReturnType<typeof build>>["run"];
    let access: BackendAccess;
    // What the mocks answer for the created user and key, as AWS would: a generated name, the key's id and secret.
    let userName: string;
    let keyId: string;
    let keySecret: string;

    before(async () => {
        ({ run, access } = await build({}));
        [userName, keyId, keySecret] = await Promise.all([valueOf(access.user!.name), valueOf(access.accessKey!.id), valueOf(access.accessKey!.secret)]);
    });

    it("creates a user, an access key for it, and attaches the policy to it", () => {
        assert.strictEqual(run.byType(USER).length, 1);
        assert.match(userName, /^credere-backend-user-\d+$/, "the name AWS gave the user, not an input");
        assert.deepStrictEqual(run.one(ACCESS_KEY).inputs, { user: userName });
        assert.deepStrictEqual(run.one(ATTACHMENT).inputs, { user: userName, policyArn: POLICY_ARN });
    });

    it("returns the key as AWS_ACCESS_KEY and AWS_CLIENT_SECRET, the names app/settings.py reads", async () => {
        assert.match(keySecret, /^access-key-secret-\d+$/);
        assert.deepStrictEqual(await valueOf(access.keyEnvironment!), { AWS_ACCESS_KEY: keyId, AWS_CLIENT_SECRET: keySecret });
    });

    it("keeps the key's secret secret, and never puts it in plaintext into any resource's inputs", async () => {
        assert.strictEqual(await pulumi.isSecret(access.keyEnvironment!), true);
        for (const resource of run.resources) {
            assert.ok(!JSON.stringify(resource.inputs).includes(keySecret), `${resource.type} ${resource.name} holds the key's secret in plaintext`);
        }
        // The key environment reaches another resource only as a secret (what a stack output or input would get).
        const carrier = new iam.User("carrier", { tags: { key: access.keyEnvironment!.apply((environment) => environment.AWS_CLIENT_SECRET) } });
        await valueOf(carrier.urn);
        const registered = run.resources.find((resource) => resource.name === "carrier")!;
        assert.strictEqual(secretValue(registered.inputs.tags).key, keySecret);
    });
});

// The settings' refusals (a user name outside IAM's pattern or over 64 characters, both a named user and one
// of its own) are CredereAuth's schema's: tests/settings-validation.test.ts, "the backend's IAM user settings".

interface Candidate {
    type: string;
    urn: string;
    name: string;
    props: Record<string, any>;
}

/** One policy's violations when the served policy pack analyzes this resource (tests/support/policy-analyzer.ts); the name is the URN's. */
async function violations(policy: { name: string }, resource: Candidate): Promise<string[]> {
    assert.strictEqual(resource.urn.split("::").pop(), resource.name, "the engine names a resource by its URN");
    const found = await analyzeResource({ type: resource.type, urn: resource.urn, props: resource.props });
    return reportedBy(policy.name, found).map((violation) => violation.message);
}

describe("the policy pack refuses a wildcard in the backend's IAM policy", () => {
    const rule = backendAccessPolicies.find((candidate) => candidate.name === "credere-backend-iam-no-wildcards")!;
    let registered: Candidate;

    /** The registered policy with its one statement changed. */
    const withStatement = (changes: Record<string, unknown>): Candidate => {
        const document = JSON.parse(registered.props.policy);
        return { ...registered, props: { ...registered.props, policy: JSON.stringify({ ...document, Statement: [{ ...document.Statement[0], ...changes }] }) } };
    };

    before(async () => {
        const { run, access } = await build({ existingUserName: "credere-operational" });
        const policy = run.one(POLICY);
        registered = { type: POLICY, urn: await valueOf(access.policy.urn), name: policy.name, props: policy.inputs };
    });

    it("passes the policy that createBackendAccess registers", async () => {
        assert.deepStrictEqual(await violations(rule, registered), []);
    });

    const actions: Array<[string, string[] | string]> = [
        ["*", "*"],
        ["cognito-idp:*", ["cognito-idp:AdminCreateUser", "cognito-idp:*"]],
        ["cognito-idp:Admin*", ["cognito-idp:Admin*"]],
        ["cognito-idp:AdminCreateUse?", ["cognito-idp:AdminCreateUse?"]],
    ];
    for (const [wildcard, action] of actions) {
        it(`the action ${wildcard}, naming it`, async () => {
            assert.deepStrictEqual(await violations(rule, withStatement({ Action: action })), [
                `Statement[0] allows the wildcard action(s) ${wildcard}; name each Cognito action (credere-backend docs/aws/iam.rst).`,
            ]);
        });
    }

    const resources: Array<[string, string | string[]]> = [
        ["*", "*"],
        [`arn:aws:cognito-idp:${TEST_REGION}:${TEST_ACCOUNT_ID}:userpool/*`, [POOL_ARN, `arn:aws:cognito-idp:${TEST_REGION}:${TEST_ACCOUNT_ID}:userpool/*`]],
        [`arn:aws:cognito-idp:*:${TEST_ACCOUNT_ID}:userpool/${TEST_REGION}_BackendPool`, `arn:aws:cognito-idp:*:${TEST_ACCOUNT_ID}:userpool/${TEST_REGION}_BackendPool`],
    ];
    for (const [wildcard, resource] of resources) {
        it(`the resource ${wildcard}, naming it`, async () => {
            assert.deepStrictEqual(await violations(rule, withStatement({ Resource: resource })), [
                `Statement[0] allows the wildcard resource(s) ${wildcard}; name this stack's user pool ARN.`,
            ]);
        });
    }

    it("NotAction and NotResource, which allow everything but what they list", async () => {
        const { Action, Resource, ...rest } = JSON.parse(registered.props.policy).Statement[0];
        const inverted = { ...registered, props: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ ...rest, NotAction: Action, NotResource: Resource }] }) } };
        assert.deepStrictEqual(await violations(rule, inverted), [
            "Statement[0] uses NotAction: it allows every action but those listed; name the actions instead.",
            "Statement[0] uses NotResource: it allows every resource but those listed; name the pool's ARN instead.",
        ]);
    });

    it("a second statement with a wildcard, as an object document too", async () => {
        const document = JSON.parse(registered.props.policy);
        document.Statement.push({ Effect: "Allow", Action: "cognito-idp:*", Resource: "*" });
        assert.strictEqual((await violations(rule, { ...registered, props: { policy: document } })).length, 2);
    });

    it("but not a Deny statement with a wildcard, which only takes rights away", async () => {
        const document = JSON.parse(registered.props.policy);
        document.Statement.push({ Effect: "Deny", Action: "cognito-idp:*", Resource: "*" });
        assert.deepStrictEqual(await violations(rule, { ...registered, props: { policy: JSON.stringify(document) } }), []);
    });

    it("and leaves other IAM policies of the stack alone", async () => {
        const other = { ...registered, name: "deploy-role-policy", urn: registered.urn.replace(/::[^:]+$/, "::deploy-role-policy") };
        assert.deepStrictEqual(await violations(rule, { ...other, props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) } }), []);
    });
});

describe("the policy pack's entry point", () => {
    it("registers the backend's wildcard policy after the credere baseline policies, at the folder's package.json version", async () => {
        // Asked of the pack's own analyzer server, as the engine asks it (GetAnalyzerInfo).
        const info = await analyzerInfo();
        assert.strictEqual(info.version, require("../policy/package.json").version);
        assert.deepStrictEqual(info.policies, [
            "credere-password-minimum-length",
            "credere-mfa-required-software-token",
            "credere-admin-only-sign-up",
            "credere-production-deletion-protection",
            "credere-client-secret",
            "credere-client-has-secret",
            "credere-client-user-password-auth",
            "credere-backend-iam-no-wildcards",
        ]);
    });
});
