import { stopTestServices } from "./services";

// A dynamic provider that cannot be serialized fails as a promise that never settles; make any
// unhandled rejection fail the run loudly instead of letting a test hang until its timeout.
process.on("unhandledRejection", (reason) => {
    console.error("Unhandled rejection:", reason);
    process.exitCode = 1;
});

export const mochaHooks = {
    // The services start on first use (tests/support/services.ts); whatever started stops here.
    afterAll: stopTestServices,
};
