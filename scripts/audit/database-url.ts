// The database URL holds a password: only host:port/database is ever shown, and error messages are
// cleaned of the URL and of its credentials before they are printed.

/** `host:port/database` of a postgresql:// URL, or undefined when it is not one. */
export function describeDatabase(databaseUrl: string): string | undefined {
    let url: URL;
    try {
        url = new URL(databaseUrl);
    } catch {
        return undefined;
    }
    if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") return undefined;
    const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
    return `${url.hostname || "(default host)"}:${url.port || "5432"}/${database}`;
}

/** The message with the URL, its password and its user:password pair replaced by `***`. */
export function withoutSecrets(message: string, databaseUrl: string): string {
    const secrets = [databaseUrl];
    try {
        const url = new URL(databaseUrl);
        if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
    } catch {
        // Unparsable: the whole URL is the only secret that can be named.
        secrets.push(...(databaseUrl.match(/:\/\/[^@/]*@/g) ?? []));
    }
    let cleaned = message;
    for (const secret of secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
        cleaned = cleaned.split(secret).join("***");
    }
    return cleaned;
}
