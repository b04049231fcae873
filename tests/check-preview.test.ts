import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const fixtures = path.join(__dirname, "fixtures", "previews");

/** Runs the guard as the preview workflow does: `npm run check-preview -- <file>`. */
function checkPreview(fixture: string) {
    const result = spawnSync("npm", ["run", "--silent", "check-preview", "--", path.join(fixtures, fixture)], {
        cwd: path.resolve(__dirname, ".."),
        encoding: "utf8",
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm run check-preview: a plan that would replace or delete the pool, the client or an admin fails", () => {
    it("passes a preview with no change", () => {
        const { status, output } = checkPreview("no-change.json");
        assert.strictEqual(status, 0, output);
        assert.match(output, /no replacement or deletion/);
    });

    it("passes an in-place update of the password policy", () => {
        const { status, output } = checkPreview("password-policy-update.json");
        assert.strictEqual(status, 0, output);
        assert.doesNotMatch(output, /REFUSED/);
    });

    it("fails a pool replacement, naming the pool and the changed username attributes", () => {
        const { status, output } = checkPreview("pool-replacement.json");
        assert.strictEqual(status, 1, output);
        assert.match(output, /REFUSED: replace of the user pool credere-user-pool, because of: usernameAttributes/);
    });

    it("fails a client replacement in each of its steps, naming the client secret setting", () => {
        const { status, output } = checkPreview("client-replacement.json");
        assert.strictEqual(status, 1, output);
        for (const operation of ["create-replacement", "replace", "delete-replaced"]) {
            assert.ok(output.includes(`REFUSED: ${operation} of the app client credere-user-pool-client, because of: generateSecret`), output);
        }
    });

    it("fails a deletion of the pool and its client", () => {
        const { status, output } = checkPreview("pool-deletion.json");
        assert.strictEqual(status, 1, output);
        assert.match(output, /REFUSED: delete of the user pool credere-user-pool/);
        assert.match(output, /REFUSED: delete of the app client credere-user-pool-client/);
    });

    it("fails a deletion of an admin user", () => {
        const { status, output } = checkPreview("admin-deletion.json");
        assert.strictEqual(status, 1, output);
        assert.match(output, /REFUSED: delete of the admin user credere-admin-admin@open-contracting\.org/);
    });

    it("passes a replacement that the stack's credere:allowReplacementOf names, and still reports it", () => {
        const { status, output } = checkPreview("client-replacement-allowed.json");
        assert.strictEqual(status, 0, output);
        assert.match(output, /allowed by credere:allowReplacementOf: replace of the app client credere-user-pool-client/);
    });

    it("says so, with its own exit status, when the file is missing or not JSON", () => {
        for (const fixture of ["missing.json", "../consumer/index.ts"]) {
            const { status, output } = checkPreview(fixture);
            assert.strictEqual(status, 2, output);
            assert.match(output, /cannot read .* as a pulumi preview --json document/);
        }
    });
});
