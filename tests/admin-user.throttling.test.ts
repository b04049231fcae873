import * as assert from "assert";
import { AdminUserProvider } from "../components/admin-user-provider";
import { beforeEachFreshProvider, CredereFixture, cognitoProxy, withCognitoEndpoint } from "./support/credere-fixtures";

describe("AdminUser when Cognito throttles", () => {
    let fixture: CredereFixture;
    let poolId: string;
    let provider: AdminUserProvider;
    beforeEachFreshProvider((fresh) => ({ fixture, poolId, provider } = fresh));

    it("retries with the SDK's backoff and creates the admin once", async () => {
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
