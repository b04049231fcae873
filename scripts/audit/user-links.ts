// The links between Cognito users and `credere_user` rows, as the backend needs them: each row's
// external_id is the sub (= Username, in a pool that signs in by email) of a user of this pool whose
// email is the row's email, compared case-insensitively (Cognito emails are case-insensitive here).
import { CognitoIdentityProviderClient, paginateListUsers } from "@aws-sdk/client-cognito-identity-provider";
import { Client } from "pg";

export type LinkFinding =
    | { kind: "linked"; rowId: number; email: string; sub: string }
    | { kind: "email differs in case"; rowId: number; rowEmail: string; cognitoEmail: string; sub: string }
    | { kind: "email differs"; rowId: number; rowEmail: string; cognitoEmail: string | undefined; sub: string }
    | { kind: "row without a user"; rowId: number; email: string; externalId: string | null }
    | { kind: "user without a row"; sub: string; email: string | undefined; status: string | undefined };

/** Findings that need an operator: everything but a correct link (a case-only difference is one). */
export function isProblem(finding: LinkFinding): boolean {
    return finding.kind !== "linked" && finding.kind !== "email differs in case";
}

interface CognitoUser {
    username: string;
    sub: string;
    email: string | undefined;
    status: string | undefined;
}

interface CredereUserRow {
    id: number;
    email: string;
    external_id: string | null;
}

/** Every user of the pool, with the SDK's paginator. */
export async function listPoolUsers(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<CognitoUser[]> {
    const users: CognitoUser[] = [];
    for await (const page of paginateListUsers({ client: cognito }, { UserPoolId: userPoolId })) {
        for (const user of page.Users ?? []) {
            const attribute = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
            users.push({ username: user.Username ?? "", sub: attribute("sub") ?? user.Username ?? "", email: attribute("email"), status: user.UserStatus });
        }
    }
    return users;
}

/** Every `credere_user` row's id, email and external_id, read in one query. */
export async function readCredereUsers(databaseUrl: string): Promise<CredereUserRow[]> {
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
        const { rows } = await client.query<CredereUserRow>("SELECT id, email, external_id FROM public.credere_user ORDER BY id");
        return rows;
    } finally {
        await client.end();
    }
}

/** Compares rows with users: one finding per row, then one per user no row points at. */
export function linkFindings(rows: CredereUserRow[], users: CognitoUser[]): LinkFinding[] {
    const findings: LinkFinding[] = [];
    const linkedSubs = new Set<string>();
    for (const row of rows) {
        const user = row.external_id ? users.find((u) => u.sub === row.external_id || u.username === row.external_id) : undefined;
        if (!user) {
            findings.push({ kind: "row without a user", rowId: row.id, email: row.email, externalId: row.external_id });
            continue;
        }
        linkedSubs.add(user.sub);
        if (user.email === row.email) {
            findings.push({ kind: "linked", rowId: row.id, email: row.email, sub: user.sub });
        } else if (user.email !== undefined && user.email.toLowerCase() === row.email.toLowerCase()) {
            findings.push({ kind: "email differs in case", rowId: row.id, rowEmail: row.email, cognitoEmail: user.email, sub: user.sub });
        } else {
            findings.push({ kind: "email differs", rowId: row.id, rowEmail: row.email, cognitoEmail: user.email, sub: user.sub });
        }
    }
    for (const user of users.filter((u) => !linkedSubs.has(u.sub))) {
        findings.push({ kind: "user without a row", sub: user.sub, email: user.email, status: user.status });
    }
    return findings;
}
