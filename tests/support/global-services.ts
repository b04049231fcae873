import { startSharedServers, stopTestServices } from "./services";
import { removeTranspileCache, startTranspileCache } from "./transpile-cache";

// Mocha's global fixtures run once in the main process, before its parallel workers start and after
// they end (https://mochajs.org/#global-fixtures): one PostgreSQL server and one Cognito endpoint for
// the whole run, instead of one per test file; and one cache of transpiled modules (./transpile-once.js).
export async function mochaGlobalSetup(): Promise<void> {
    startTranspileCache();
    await startSharedServers();
}

export async function mochaGlobalTeardown(): Promise<void> {
    await stopTestServices();
    removeTranspileCache();
}
