// npm run check-preview -- <file>: fails (exit 1) when the `pulumi preview --json` document in <file>
// would replace or delete the user pool, the app client or an admin user, unless the stack's
// credere:allowReplacementOf lists that resource's logical name. Exit 2: the file cannot be read.
import * as fs from "fs";
import { describeChange, guardedChanges, OPT_OUT_KEY, PreviewDocument } from "./preview-guard";

function main(): number {
    const file = process.argv[2];
    if (!file) {
        console.error("usage: npm run check-preview -- <output of pulumi preview --json>");
        return 2;
    }
    let preview: PreviewDocument;
    try {
        preview = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        console.error(`check-preview: cannot read ${file} as a pulumi preview --json document: ${(error as Error).message}`);
        return 2;
    }
    const changes = guardedChanges(preview);
    changes.forEach((change) => console.log(describeChange(change)));
    const refused = changes.filter((change) => !change.allowed);
    if (refused.length) {
        console.error(
            `\ncheck-preview: ${refused.length} change(s) would replace or delete what Credere cannot lose. ` +
                `If intended, list the logical name(s) in ${OPT_OUT_KEY} in the stack file, in the same pull request.`,
        );
        return 1;
    }
    console.log(`check-preview: ${file}: no replacement or deletion of the pool, the client or an admin user${changes.length ? " beyond those allowed" : ""}.`);
    return 0;
}

process.exitCode = main();
