import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..");
const read = (file: string) => parse(fs.readFileSync(path.join(root, file), "utf8"));
const WORKFLOW_FILES = [
    ".github/workflows/pull-request.yml",
    ".github/workflows/deploy.yml",
    ".github/workflows/deploy-stack.yml",
    ".github/actions/setup/action.yml",
];

/** Every `run:` and `uses:` of a job, its composite set-up action included. */
function stepsOf(job: { steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }) {
    return job.steps.flatMap((step) => (step.uses === "./.github/actions/setup" ? [step, ...read(".github/actions/setup/action.yml").runs.steps] : [step]));
}

describe("the GitHub Actions workflows", () => {
    for (const file of WORKFLOW_FILES) {
        it(`${file} passes action-validator`, () => {
            const result = spawnSync(process.execPath, [require.resolve("@action-validator/cli/cli.mjs"), path.join(root, file)], { encoding: "utf8" });
            assert.strictEqual(result.status, 0, `${result.stdout}${result.stderr}`);
        });
    }

    describe("on a pull request", () => {
        const workflow = read(".github/workflows/pull-request.yml");

        it("runs on pull requests to main, with OIDC and permission to comment", () => {
            assert.deepStrictEqual(workflow.on.pull_request.branches, ["main"]);
            assert.deepStrictEqual(workflow.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        });

        it("installs and runs npm test before previewing", () => {
            const runs = workflow.jobs.test.steps.map((step: { run?: string }) => step.run).filter(Boolean);
            assert.deepStrictEqual(runs, ["npm ci", "npm test"]);
            assert.strictEqual(workflow.jobs.preview.needs, "test");
        });

        it("previews dev and production, each in its own concurrency group, posting the result with the policy pack", () => {
            const preview = workflow.jobs.preview;
            assert.deepStrictEqual(preview.strategy.matrix.stack, ["dev", "production"]);
            assert.strictEqual(preview.concurrency.group, "pulumi-${{ matrix.stack }}");
            const action = stepsOf(preview).find((step) => step.with?.command === "preview")!;
            assert.match(action.uses!, /^pulumi\/actions@v7$/);
            assert.strictEqual(action.with!["comment-on-pr"], true);
            assert.strictEqual(action.with!.policyPacks, "policy");
        });

        it("fails when the preview would replace or delete the pool, the client or an admin user", () => {
            const guard = stepsOf(workflow.jobs.preview).find((step) => step.run?.includes("check-preview"))!;
            assert.match(guard.run!, /pulumi preview --stack "\$STACK" --json > "preview-\$\{\{ matrix.stack \}\}.json"/);
            assert.match(guard.run!, /npm run check-preview -- "preview-\$\{\{ matrix.stack \}\}.json"/);
        });

        it("assumes an AWS role through OIDC and takes the Pulumi token from secrets", () => {
            const credentials = stepsOf(workflow.jobs.preview).find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials"))!;
            assert.ok(credentials.with!["role-to-assume"]);
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

        it("runs each stack in the GitHub environment of its name (production's has required reviewers) and its own concurrency group", () => {
            assert.strictEqual(stackJob.environment, "${{ inputs.stack }}");
            assert.deepStrictEqual(stackJob.concurrency, { group: "pulumi-${{ inputs.stack }}", "cancel-in-progress": false });
        });

        it("checks the guard before pulumi up, with the policy pack", () => {
            const steps = stepsOf(stackJob);
            const guardIndex = steps.findIndex((step) => step.run?.includes("npm run check-preview"));
            const upIndex = steps.findIndex((step) => step.with?.command === "up");
            assert.ok(guardIndex >= 0 && upIndex > guardIndex);
            assert.strictEqual(steps[upIndex].with!.policyPacks, "policy");
        });
    });
});
