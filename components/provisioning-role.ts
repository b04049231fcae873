import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** Where the provisioning role logs in: the Credere database, as the AdminUser provider reaches it. */
export interface ProvisioningRoleArgs {
    /** Database host. Example: `"credere.abc123.us-east-1.rds.amazonaws.com"`. Required. */
    host: string;
    /** Database port. Default: `5432`. */
    port?: number;
    /** The Credere database (the one holding `credere_user`). Example: `"credere"`. Required. */
    database: string;
    /** libpq `sslmode` for the role's connections: `disable`, `require`, `verify-ca` or `verify-full`. Default: `"require"`. */
    sslMode?: string;
    /** The login role's name. Default: `"credere_admin_provisioner"`. */
    name?: string;
}

/**
 * Exactly what the AdminUser provider needs, and nothing else: reach the database and schema, read
 * and write `credere_user` (SELECT … FOR UPDATE needs UPDATE), and draw its ids from the sequence.
 */
export const PROVISIONING_GRANTS = [
    { key: "database", objectType: "database", privileges: ["CONNECT"] },
    { key: "schema", objectType: "schema", schema: "public", privileges: ["USAGE"] },
    { key: "credere-user", objectType: "table", schema: "public", objects: ["credere_user"], privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { key: "credere-user-id-seq", objectType: "sequence", schema: "public", objects: ["credere_user_id_seq"], privileges: ["USAGE"] },
] as const;

/** PROVISIONING_GRANTS as SQL, for granting the same privileges by hand (and for the tests). */
export function provisioningGrantStatements(role: string, database: string): string[] {
    const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
    return PROVISIONING_GRANTS.map((grant) => {
        const on =
            grant.objectType === "database"
                ? `DATABASE ${quote(database)}`
                : grant.objectType === "schema"
                  ? `SCHEMA ${quote(grant.schema)}`
                  : `${grant.objectType === "sequence" ? "SEQUENCE " : ""}${grant.objects.map((object) => `${quote(grant.schema)}.${quote(object)}`).join(", ")}`;
        return `GRANT ${grant.privileges.join(", ")} ON ${on} TO ${quote(role)}`;
    });
}

/** The role, its generated password and its grants; AdminUsers connect through `connectionString` after `grants`. */
export interface ProvisioningRole {
    role: postgresql.Role;
    grants: postgresql.Grant[];
    /** Secret: a PostgreSQL URL that logs in as the role. */
    connectionString: pulumi.Output<string>;
}

/**
 * Creates the least-privileged login role with the `postgresql` provider (whose configuration holds
 * administrative credentials), a generated password kept secret (`@pulumi/random`), and its grants.
 */
export function createProvisioningRole(name: string, args: Required<ProvisioningRoleArgs>, parent: pulumi.Resource): ProvisioningRole {
    // Letters and digits only: the password goes into a URL unescaped and into no shell.
    const password = new random.RandomPassword(`${name}-provisioner-password`, { length: 32, special: false }, { parent });
    const role = new postgresql.Role(`${name}-provisioner`, { name: args.name, login: true, password: password.result }, { parent });
    const grants = PROVISIONING_GRANTS.map(
        ({ key, ...grant }) =>
            new postgresql.Grant(
                `${name}-provisioner-${key}`,
                { ...grant, privileges: [...grant.privileges], objects: "objects" in grant ? [...grant.objects] : undefined, database: args.database, role: role.name },
                { parent },
            ),
    );
    // uselibpqcompat: `sslmode` means what libpq says (node-postgres otherwise treats `require` as `verify-full`).
    const connectionString = pulumi.secret(
        pulumi.interpolate`postgresql://${role.name}:${password.result}@${args.host}:${args.port}/${args.database}?sslmode=${args.sslMode}&uselibpqcompat=true`,
    );
    return { role, grants, connectionString };
}
