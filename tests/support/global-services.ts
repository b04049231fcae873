import { startSharedServers, stopTestServices } from "./services";

// Mocha's global fixtures run once in the main process, before its parallel workers start and after
// they end (https://mochajs.org/#global-fixtures): one PostgreSQL server and one Cognito endpoint for
// the whole run, instead of one per test file.
export const mochaGlobalSetup = startSharedServers;
export const mochaGlobalTeardown = stopTestServices;
