// Benchmark, not a test: what the AdminUser provider costs over the bare SDK and SQL calls it makes.
// Starts the same local services as the tests (cognito-local, embedded PostgreSQL 15), then, in one
// run and interleaved so that machine noise hits both sides alike, times provider.create against
// AdminCreateUser + INSERT made directly, and provider.read against AdminGetUser + SELECT. Prints the
// medians, their ratio, and the Cognito calls and database round trips of one create.
//
//   npm run bench            (ITERATIONS=40 by default)
import { AdminCreateUserCommand, AdminGetUserCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { Client } from "pg";
import { CredereFixture } from "../tests/support/credere-fixtures";
import { stopTestServices, testServices } from "../tests/support/services";

const ITERATIONS = Number(process.env.ITERATIONS ?? 40);

// Counts every Cognito request and every database round trip (connect, each query) in this process,
// the provider's included: it requires the same modules.
const counts = { cognito: 0, database: 0 };
const originalSend = CognitoIdentityProviderClient.prototype.send;
CognitoIdentityProviderClient.prototype.send = function (this: CognitoIdentityProviderClient, ...args: any[]) {
    counts.cognito++;
    return (originalSend as any).apply(this, args);
} as any;
for (const method of ["connect", "query"] as const) {
    const original = Client.prototype[method] as (...args: any[]) => any;
    (Client.prototype as any)[method] = function (this: Client, ...args: any[]) {
        counts.database++;
        return original.apply(this, args);
    };
}

async function main() {
    const services = await testServices();
    const fixture = new CredereFixture(services);
    const provider = await fixture.provider();
    const poolId = await fixture.newUserPool();

    const directCreate = async (email: string) => {
        const cognito = new CognitoIdentityProviderClient({ region: services.region });
        const db = new Client({ connectionString: services.databaseUrl });
        await db.connect();
        const created = await cognito.send(
            new AdminCreateUserCommand({
                UserPoolId: poolId,
                Username: email,
                UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }],
                MessageAction: "SUPPRESS",
            }),
        );
        const row = await db.query("INSERT INTO public.credere_user (type, language, email, name, external_id) VALUES ($1, $2, $3, $4, $5) RETURNING id", [
            "OCP",
            "es",
            email,
            "Bench",
            created.User!.Username,
        ]);
        await db.end();
        cognito.destroy();
        return { sub: created.User!.Username!, id: row.rows[0].id as number };
    };
    const directRead = async (sub: string, id: number) => {
        const cognito = new CognitoIdentityProviderClient({ region: services.region });
        const db = new Client({ connectionString: services.databaseUrl });
        await db.connect();
        await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: sub }));
        await db.query("SELECT id, external_id, email, name, language, type::text AS type FROM public.credere_user WHERE id = $1", [id]);
        await db.end();
        cognito.destroy();
    };

    const timings = { providerCreate: [] as number[], directCreate: [] as number[], providerRead: [] as number[], directRead: [] as number[] };
    const time = async (into: number[], work: () => Promise<unknown>) => {
        const start = process.hrtime.bigint();
        await work();
        into.push(Number(process.hrtime.bigint() - start) / 1e6);
    };

    const calls = { providerCreate: { ...counts }, directCreate: { ...counts }, providerRead: { ...counts }, directRead: { ...counts } };
    const counted = async (into: keyof typeof calls, work: () => Promise<unknown>) => {
        const before = { ...counts };
        await time(timings[into], work);
        calls[into] = { cognito: counts.cognito - before.cognito, database: counts.database - before.database };
    };
    for (let i = 0; i < ITERATIONS; i++) {
        const providerEmail = `provider-${i}@bench.example.org`;
        const directEmail = `direct-${i}@bench.example.org`;
        let created!: Awaited<ReturnType<typeof provider.create>>;
        let direct!: Awaited<ReturnType<typeof directCreate>>;
        await counted("providerCreate", async () => (created = await provider.create(fixture.inputs(poolId, { email: providerEmail }))));
        await counted("directCreate", async () => (direct = await directCreate(directEmail)));
        await counted("providerRead", () => provider.read(created.id, created.outs));
        await counted("directRead", () => directRead(direct.sub, direct.id));
    }

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const row = (label: string, providerMs: number, directMs: number) =>
        `${label.padEnd(8)} provider ${providerMs.toFixed(1).padStart(7)} ms   direct ${directMs.toFixed(1).padStart(7)} ms   ratio ${(providerMs / directMs).toFixed(2)}`;
    console.log(`AdminUser benchmark: ${ITERATIONS} iterations, medians, one run (cognito-local + embedded PostgreSQL on loopback)`);
    console.log(row("create", median(timings.providerCreate), median(timings.directCreate)));
    console.log(row("read", median(timings.providerRead), median(timings.directRead)));
    const callRow = (label: string, provider: typeof counts, direct: typeof counts) =>
        `per ${label.padEnd(7)} provider ${provider.cognito} Cognito call(s), ${provider.database} database round trips   direct ${direct.cognito} and ${direct.database}`;
    console.log(callRow("create", calls.providerCreate, calls.directCreate));
    console.log(callRow("read", calls.providerRead, calls.directRead));
}

main()
    .catch((error) => {
        console.error(error);
        process.exitCode = 1;
    })
    .finally(stopTestServices);
