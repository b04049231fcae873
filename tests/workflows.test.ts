import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { valueOf } from "./support/pulumi-mocks";
import { buildStackComponent } from "./support/stack-component";

const root = path.resolve(__dirname, "..");
const text = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const read = (file: string) => parse(text(file));
const SETUP_ACTION = ".github/actions/setup/action.yml";
const WORKFLOW_FILES = [
    ".github/workflows/pull-request.yml",
    ".github/workflows/deploy.yml",
    ".github/workflows/deploy-stack.yml",
    ".github/workflows/drift.yml",
    SETUP_ACTION,
];

interface Step {
    run?: string;
    shell?: string;
    uses?: string;
    with?: Record<string, unknown>;
}

/** Every step of a job, with the steps of the composite set-up action in place of its `uses`. */
function stepsOf(job: { steps: Step[] }): Step[] {
    return job.steps.flatMap((step) => (step.uses === "./.github/actions/setup" ? [step, ...read(SETUP_ACTION).runs.steps] : [step]));
}

/** Every step of every workflow and of the set-up action. */
const everyStep = (): Step[] =>
    WORKFLOW_FILES.flatMap((file) => {
        const document = read(file);
        return document.runs ? document.runs.steps : Object.values(document.jobs).flatMap((job: any) => job.steps ?? []);
    });

/** A `${{ … }}` template with each expression replaced from `context`, as GitHub evaluates it. */
function expand(template: string, context: Record<string, string | number>): string {
    return template.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
        assert.ok(expression in context, `no value for ${expression} in ${template}`);
        return String(context[expression]);
    });
}

describe("the GitHub Actions workflows", () => {
    for (const file of WORKFLOW_FILES) {
        it(`${file} passes action-validator`, () => {
            const result = spawnSync(process.execPath, [require.resolve("@action-validator/cli/cli.mjs"), path.join(root, file)], { encoding: "utf8" });
            assert.strictEqual(result.status, 0, `${result.stdout}${result.stderr}`);
        });
    }

    it("set up Node.js 24 wherever they install Node.js", () => {
        const setups = everyStep().filter((step) => step.uses?.startsWith("actions/setup-node@"));
        assert.ok(setups.length >= 2);
        assert.deepStrictEqual([...new Set(setups.map((step) => step.with?.["node-version"]))], [24]);
    });

    describe("the Pulumi CLI", () => {
        const pulumiSteps = everyStep().filter((step) => step.uses?.startsWith("pulumi/actions@"));

        it("comes from pulumi/actions v7 (the current major), pinned on every use to the release of the @pulumi/pulumi SDK", () => {
            const sdkVersion: string = require("@pulumi/pulumi/package.json").version;
            assert.strictEqual(sdkVersion, "3.276.0");
            assert.strictEqual(pulumiSteps.length, 3); // the set-up action's install, the pull request's preview, the deploy's up
            for (const step of pulumiSteps) {
                assert.strictEqual(step.uses, "pulumi/actions@v7");
                assert.strictEqual(step.with?.["pulumi-version"], sdkVersion, JSON.stringify(step));
            }
        });

        it("is at least the version Pulumi.yaml requires, and the set-up action says why it is pinned", () => {
            const required = String(read("Pulumi.yaml").requiredPulumiVersion);
            const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(required);
            assert.ok(floor, `requiredPulumiVersion ${required}: this test reads only ">=x.y.z"`);
            const pinned = String(pulumiSteps[0].with?.["pulumi-version"]).split(".").map(Number);
            const minimum = floor.slice(1).map(Number);
            const compare = pinned.map((part, index) => part - minimum[index]).find((difference) => difference !== 0) ?? 0;
            assert.ok(compare >= 0, `pinned ${pinned.join(".")} is older than ${required}`);
            for (const reason of ["3.139.0", "3.174.0", "pulumi/pulumi#19339", "3.252.0", "pulumi/pulumi#23834"]) {
                assert.ok(text(SETUP_ACTION).includes(reason), `the set-up action's comment does not give ${reason}`);
            }
        });
    });

    describe("concurrency", () => {
        const deployJob = read(".github/workflows/deploy-stack.yml").jobs.up;
        const pullRequest = read(".github/workflows/pull-request.yml");
        const driftJob = read(".github/workflows/drift.yml").jobs.drift;
        const stacks = ["dev", "production"];
        const deployGroups = stacks.map((stack) => expand(deployJob.concurrency.group, { "inputs.stack": stack }));

        it("runs one deploy per stack at a time, never cancelling one in progress", () => {
            assert.deepStrictEqual(deployGroups, ["pulumi-dev", "pulumi-production"]);
            assert.strictEqual(deployJob.concurrency["cancel-in-progress"], false);
        });

        it("keeps pull-request runs out of the deploys' groups (GitHub cancels the older pending job of a group), one run per pull request", () => {
            assert.strictEqual(pullRequest.jobs.preview.concurrency, undefined);
            assert.strictEqual(pullRequest.jobs.test.concurrency, undefined);
            assert.strictEqual(pullRequest.concurrency["cancel-in-progress"], true);
            const groups = [1, 2].map((number) => expand(pullRequest.concurrency.group, { "github.event.pull_request.number": number }));
            assert.deepStrictEqual(groups, ["pull-request-1", "pull-request-2"]);
            assert.deepStrictEqual(groups.filter((group) => deployGroups.includes(group)), []);
        });

        it("keeps the drift check out of the deploys' groups, one per stack", () => {
            const groups = stacks.map((stack) => expand(driftJob.concurrency.group, { "matrix.stack": stack }));
            assert.deepStrictEqual(groups, ["drift-dev", "drift-production"]);
            assert.deepStrictEqual(groups.filter((group) => deployGroups.includes(group)), []);
        });
    });

    describe("on a pull request", () => {
        const workflow = read(".github/workflows/pull-request.yml");

        it("runs on pull requests to main, with OIDC and permission to comment", () => {
            assert.deepStrictEqual(workflow.on.pull_request.branches, ["main"]);
            assert.deepStrictEqual(workflow.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        });

        it("installs and runs npm test before previewing, through .ci/run as CI does", () => {
            const runs = workflow.jobs.test.steps.map((step: Step) => step.run).filter(Boolean);
            assert.deepStrictEqual(runs, ["bash .ci/run"]);
            const ciCommands = fs.readFileSync(path.join(__dirname, "..", ".ci", "run"), "utf8").trim().split("\n").slice(-2);
            assert.deepStrictEqual(ciCommands, ["npm ci", "npm test"]);
            assert.strictEqual(workflow.jobs.preview.needs, "test");
        });

        it("previews dev and production, posting the result with the policy pack", () => {
            const preview = workflow.jobs.preview;
            assert.deepStrictEqual(preview.strategy.matrix.stack, ["dev", "production"]);
            const action = stepsOf(preview).find((step) => step.with?.command === "preview")!;
            assert.strictEqual(action.with!["comment-on-pr"], true);
            assert.strictEqual(action.with!.policyPacks, "policy");
        });

        it("fails when the preview would replace or delete the pool, the client or an admin user", () => {
            const guard = stepsOf(workflow.jobs.preview).find((step) => step.run?.includes("check-preview"))!;
            assert.match(guard.run!, /pulumi preview --stack "\$STACK" --json > "preview-\$\{\{ matrix.stack \}\}.json"/);
            assert.match(guard.run!, /npm run check-preview -- "preview-\$\{\{ matrix.stack \}\}.json"/);
            // The step's status is the guard's: GitHub's default shell is `bash -e {0}` (workflow syntax,
            // jobs.<job_id>.steps[*].shell), and the guard is its last command, with nothing after it to mask its exit.
            assert.strictEqual(guard.shell, undefined);
            assert.doesNotMatch(guard.run!, /set \+e|\|\| true/);
            assert.match(guard.run!.trim().split("\n").at(-1)!, /^npm run check-preview -- /);
        });

        it("assumes an AWS role through OIDC and takes the Pulumi token from secrets", () => {
            const credentials = stepsOf(workflow.jobs.preview).find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials"))!;
            assert.strictEqual(credentials.with!["role-to-assume"], "${{ inputs.aws-role-arn }}");
            assert.deepStrictEqual(workflow.jobs.preview.steps[1].with, { "aws-role-arn": "${{ vars.AWS_PREVIEW_ROLE_ARN }}" });
            assert.strictEqual(workflow.jobs.preview.env.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
        });
    });

    describe("on a push to main", () => {
        const deploy = read(".github/workflows/deploy.yml");
        const stackJob = read(".github/workflows/deploy-stack.yml").jobs.up;

        it("deploys dev, then production after it", () => {
            assert.deepStrictEqual(deploy.on.push.branches, ["main"]);
            assert.strictEqual(deploy.jobs.dev.with.stack, "dev");
            assert.strictEqual(deploy.jobs.production.with.stack, "production");
            assert.strictEqual(deploy.jobs.production.needs, "dev");
        });

        it("runs each stack in the GitHub environment of its name (production's has required reviewers)", () => {
            assert.strictEqual(stackJob.environment, "${{ inputs.stack }}");
        });

        it("runs the guard before pulumi up, a refusal failing the job before up, and up with the policy pack", () => {
            const steps = stepsOf(stackJob);
            const guardIndex = steps.findIndex((step) => step.run?.includes("npm run check-preview"));
            const upIndex = steps.findIndex((step) => step.with?.command === "up");
            assert.ok(guardIndex >= 0 && upIndex > guardIndex);
            assert.strictEqual(steps[upIndex].with!.policyPacks, "policy");
            // A refusal stops the job before up: the guard's exit is its step's (default shell bash -e, last command).
            const guard = steps[guardIndex];
            assert.strictEqual(guard.shell, undefined);
            assert.doesNotMatch(guard.run!, /set \+e|\|\| true/);
            assert.match(guard.run!.trim().split("\n").at(-1)!, /^npm run check-preview -- /);
            assert.ok(steps.slice(guardIndex, upIndex).every((step) => !("if" in step) && !("continue-on-error" in step)));
        });
    });

    describe("the daily drift check", () => {
        const workflow = read(".github/workflows/drift.yml");
        const job = workflow.jobs.drift;
        const check = stepsOf(job).find((step) => step.run?.includes("check-drift"))!;
        const commands = check.run!.replace(/\\\n\s*/g, "").split("\n").map((line) => line.trim());
        const command = (prefix: string) => commands.find((line) => line.startsWith(prefix))!;

        it("runs every day and on demand, for dev and production, with read-only AWS credentials", () => {
            assert.deepStrictEqual(workflow.on.schedule, [{ cron: "23 5 * * *" }]);
            assert.deepStrictEqual(workflow.on.workflow_dispatch, {});
            assert.deepStrictEqual(job.strategy.matrix.stack, ["dev", "production"]);
            assert.deepStrictEqual(workflow.permissions, { contents: "read", "id-token": "write" });
            assert.deepStrictEqual(job.steps[1].with, { "aws-role-arn": "${{ vars.AWS_PREVIEW_ROLE_ARN }}" });
        });

        it("targets exactly the URNs the program gives the user pool and the app client", async () => {
            const { run, auth } = await buildStackComponent("production");
            assert.strictEqual(run.one("aws:cognito/userPool:UserPool").name, "credere-user-pool");
            assert.strictEqual(run.one("aws:cognito/userPoolClient:UserPoolClient").name, "credere-user-pool-client");
            // The SDK's own URN construction (a child's type is qualified by its parent's).
            const poolUrn = await valueOf(pulumi.createUrn("credere-user-pool", "aws:cognito/userPool:UserPool", auth));
            const clientUrn = await valueOf(pulumi.createUrn("credere-user-pool-client", "aws:cognito/userPoolClient:UserPoolClient", auth));
            assert.strictEqual(expand(job.env.POOL_URN, { "matrix.stack": "production" }), poolUrn);
            assert.strictEqual(expand(job.env.CLIENT_URN, { "matrix.stack": "production" }), clientUrn);
            assert.strictEqual(poolUrn, "urn:pulumi:production::credere::credere:index:CredereAuth$aws:cognito/userPool:UserPool::credere-user-pool");
        });

        // pulumi/pulumi pkg/cmd/pulumi/operations/refresh.go (newRefreshCmd: --preview-only runs without --yes in a
        // non-interactive shell; --target; --expect-no-changes; --json) and preview.go (--target, --expect-no-changes,
        // --json). Without --run-program, refresh does not run the program (refresh.go, RefreshProgram: runProgram).
        it("refreshes without writing state and previews, both restricted to the pool and the client, as JSON", () => {
            const targets = '--target "$POOL_URN" --target "$CLIENT_URN"';
            assert.strictEqual(
                command("pulumi refresh"),
                `pulumi refresh --stack "$STACK" --preview-only --expect-no-changes --json ${targets} > "drift-refresh-\${{ matrix.stack }}.json"`,
            );
            assert.strictEqual(command("pulumi preview"), `pulumi preview --stack "$STACK" --expect-no-changes --json ${targets} > "drift-preview-\${{ matrix.stack }}.json"`);
            assert.doesNotMatch(check.run!, /--yes|--skip-preview|--run-program|pulumi up/);
        });

        it("fails with the differing properties in its log (check-drift), and on the CLI's own verdict", () => {
            assert.strictEqual(
                command("npm run check-drift"),
                'npm run check-drift -- --refresh "drift-refresh-${{ matrix.stack }}.json" --preview "drift-preview-${{ matrix.stack }}.json"',
            );
            assert.strictEqual(require("../package.json").scripts["check-drift"], "ts-node --transpile-only scripts/check-drift.ts");
            // Present, and in this order: errors tolerated for refresh and preview, so that check-drift still runs.
            const [tolerant, refresh, strict, checkDrift] = ["set +e", command("pulumi refresh"), "set -e", command("npm run check-drift")].map((line) => commands.indexOf(line));
            assert.ok(tolerant >= 0 && strict >= 0, commands.join("\n"));
            assert.ok(tolerant < refresh && refresh < strict && strict < checkDrift, commands.join("\n"));
            assert.match(check.run!, /if \[ "\$refresh_status" -ne 0 \] \|\| \[ "\$preview_status" -ne 0 \]; then[\s\S]*exit 1/);
        });
    });
});
