import * as assert from "assert";
import { CredereFixture, cognitoProxy, withCognitoEndpoint } from "./support/credere-fixtures";
import { testServices } from "./support/services";

describe("AdminUser when Cognito throttles", () => {
    let fixture: CredereFixture;

    before(async () => {
        fixture = new CredereFixture(await testServices());
    });

    it("retries with the SDK's backoff and creates the admin once", async () => {
        await fixture.emptyDatabase();
        const poolId = await fixture.newUserPool();
        const provider = await fixture.provider();
        // The first two AdminCreateUser calls are answered as Cognito throttles; everything else passes through.
        const proxy = await cognitoProxy(fixture.services.cognitoEndpoint, { AdminCreateUser: { throttle: 2 } });
        try {
            const created = await withCognitoEndpoint(proxy.url, () => provider.create(fixture.inputs(poolId)));
            const attempts = proxy.seen.filter((operation) => operation === "AdminCreateUser").length;
            assert.strictEqual(attempts, 3, "two throttled attempts, then the one that went through");
            assert.strictEqual((await fixture.rows())[0].external_id, created.id);
        } finally {
            await proxy.close();
        }
    });
});
