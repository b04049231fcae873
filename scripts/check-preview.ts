// npm run check-preview -- <file>: fails when the `pulumi preview --json` document in <file> would
// replace or delete the user pool, the app client or an admin user, unless the stack's
// credere:allowReplacementOf lists that resource's logical name. A removal that deletes nothing (an admin
// user deployed with retainOnDelete) passes and is reported.
// Exit 0: nothing refused. 1: a refused change. 2: the file is not a preview document.
// 3: the stack's credere:allowReplacementOf is not a list of names.
import { readPreviewDigest } from "./preview-document";
import { describeChange, GuardedChange, guardedChanges, OPT_OUT_KEY, OptOutSettingError } from "./preview-guard";

const EXIT_REFUSED = 1;
const EXIT_UNREADABLE = 2;
const EXIT_BAD_OPT_OUT = 3;

function main(): number {
    const file = process.argv[2];
    if (!file) {
        console.error("usage: npm run check-preview -- <output of pulumi preview --json>");
        return EXIT_UNREADABLE;
    }
    const preview = readPreviewDigest(file);
    if ("problem" in preview) {
        console.error(`check-preview: cannot read ${file} as a pulumi preview --json document: ${preview.problem}`);
        return EXIT_UNREADABLE;
    }
    let changes: GuardedChange[];
    try {
        changes = guardedChanges(preview);
    } catch (error) {
        if (error instanceof OptOutSettingError) {
            console.error(`check-preview: ${error.message}`);
            return EXIT_BAD_OPT_OUT;
        }
        throw error;
    }
    changes.forEach((change) => console.log(describeChange(change)));
    const refused = changes.filter((change) => change.verdict === "refused");
    if (refused.length) {
        console.error(
            `\ncheck-preview: ${refused.length} change(s) would replace or delete what Credere cannot lose. ` +
                `If intended, list the logical name(s) in ${OPT_OUT_KEY} in the stack file, in the same pull request.`,
        );
        return EXIT_REFUSED;
    }
    const beyond = changes.length ? " beyond those allowed or retained" : "";
    console.log(`check-preview: ${file}: no replacement or deletion of the pool, the client or an admin user${beyond}.`);
    return 0;
}

process.exitCode = main();
