// Transpiles each TypeScript source once per test process. Tests run the program under mocks many
// times, each time loading its modules afresh (./pulumi-mocks.ts), and ts-node transpiles a module on
// every load: most of the suite's time went there. The same text gives the same JavaScript, so the
// first result is kept, keyed by file name and text (an edited file, as some tests write, compiles anew).
// ts-node's require hook calls `compile` on the instance it registers under this symbol (ts-node
// dist/index.js `registerExtension`), so wrapping that method is enough.
import type { Service } from "ts-node";

const service: Service | undefined = (process as any)[Symbol.for("ts-node.register.instance")];
if (!service) {
    throw new Error("tests/support/transpile-once.ts must be required after ts-node/register");
}

const transpile = service.compile.bind(service);
const transpiled = new Map<string, string>();

service.compile = (code: string, fileName: string, lineOffset?: number): string => {
    const key = `${fileName}\0${lineOffset ?? 0}\0${code}`;
    let output = transpiled.get(key);
    if (output === undefined) {
        output = transpile(code, fileName, lineOffset);
        transpiled.set(key, output);
    }
    return output;
};
