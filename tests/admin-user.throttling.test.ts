import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { CredereFixture } from "./support/credere-fixtures";
import { testServices } from "./support/services";

/**
 * A proxy in front of the Cognito emulator that answers the first `throttled` calls of one operation
 * the way Cognito throttles (400, TooManyRequestsException) and passes everything else through.
 */
async function throttlingProxy(target: string, operation: string, throttled: number) {
    let attempts = 0;
    const server = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk) => chunks.push(chunk));
        request.on("end", () => {
            const body = Buffer.concat(chunks);
            if (String(request.headers["x-amz-target"]).endsWith(`.${operation}`) && attempts++ < throttled) {
                response.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "TooManyRequestsException" });
                response.end(JSON.stringify({ __type: "TooManyRequestsException", message: "Rate exceeded" }));
                return;
            }
            const forward = http.request(new URL(request.url!, target), { method: request.method, headers: request.headers }, (upstream) => {
                response.writeHead(upstream.statusCode!, upstream.headers);
                upstream.pipe(response);
            });
            forward.end(body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        attempts: () => attempts,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

describe("AdminUser when Cognito throttles", () => {
    let fixture: CredereFixture;

    before(async () => {
        fixture = new CredereFixture(await testServices());
    });

    it("retries with the SDK's backoff and creates the admin once", async () => {
        await fixture.emptyDatabase();
        const poolId = await fixture.newUserPool();
        const provider = await fixture.provider();
        const proxy = await throttlingProxy(fixture.services.cognitoEndpoint, "AdminCreateUser", 2);
        const endpoint = process.env.AWS_ENDPOINT_URL;
        process.env.AWS_ENDPOINT_URL = proxy.url; // the provider's client takes the endpoint from the environment
        try {
            const created = await provider.create(fixture.inputs(poolId));
            assert.strictEqual(proxy.attempts(), 3, "two throttled attempts, then the one that went through");
            assert.strictEqual((await fixture.rows())[0].external_id, created.id);
        } finally {
            process.env.AWS_ENDPOINT_URL = endpoint;
            await proxy.close();
        }
    });
});
