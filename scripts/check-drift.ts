// ts-node scripts/check-drift.ts --refresh <refresh.json> --preview <preview.json>: reads the documents of
// `pulumi refresh --preview-only --json` and `pulumi preview --json` (each run with --target on the user
// pool and the app client) and fails, printing every differing property, when either shows a change.
// Exit 0: no drift. 1: drift. 2: a file is not such a document (or the arguments are wrong).
import { parseArgs } from "util";
import { Comparison, describeDrift, Drift, driftIn, errorsIn } from "./drift-report";
import { readPreviewDigest } from "./preview-document";

const EXIT_DRIFT = 1;
const EXIT_UNREADABLE = 2;
const USAGE = "usage: check-drift --refresh <pulumi refresh --preview-only --json output> --preview <pulumi preview --json output>";

function main(): number {
    let files: Record<Comparison, string | undefined>;
    try {
        const { values } = parseArgs({ options: { refresh: { type: "string" }, preview: { type: "string" } } });
        files = { refresh: values.refresh, preview: values.preview };
    } catch (error) {
        console.error(`check-drift: ${(error as Error).message}\n${USAGE}`);
        return EXIT_UNREADABLE;
    }
    if (!files.refresh || !files.preview) {
        console.error(USAGE);
        return EXIT_UNREADABLE;
    }
    const drifts: Drift[] = [];
    for (const comparison of ["refresh", "preview"] as const) {
        const file = files[comparison]!;
        const digest = readPreviewDigest(file);
        if ("problem" in digest) {
            console.error(`check-drift: cannot read ${file} as the JSON of pulumi ${comparison}: ${digest.problem}`);
            return EXIT_UNREADABLE;
        }
        errorsIn(digest).forEach((error) => console.error(`check-drift: pulumi ${comparison} reported an error: ${error}`));
        drifts.push(...driftIn(digest, comparison));
    }
    drifts.flatMap(describeDrift).forEach((line) => console.log(line));
    if (drifts.length) {
        console.error(
            `\ncheck-drift: ${drifts.length} drifted resource(s). A change made outside Pulumi: adopt it in the stack settings, or put ` +
                `back what the program declares with pulumi up --refresh and the same --target options. A program change not yet ` +
                `deployed: deploy it. (README, "Drift check")`,
        );
        return EXIT_DRIFT;
    }
    console.log(`check-drift: no drift in ${files.refresh} and ${files.preview}.`);
    return 0;
}

process.exitCode = main();
