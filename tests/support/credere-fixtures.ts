import {
    AdminCreateUserCommand,
    AdminDeleteUserCommand,
    AdminGetUserCommand,
    AdminUpdateUserAttributesCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Client } from "pg";
import { AdminUserInputs, AdminUserProvider } from "../../components/admin-user-provider";
import { TestServices } from "./services";

/** Handles on the real services for one test: its own user pool, the shared database. */
export class CredereFixture {
    readonly cognito: CognitoIdentityProviderClient;

    constructor(readonly services: TestServices) {
        this.cognito = new CognitoIdentityProviderClient({ region: services.region });
    }

    /** A provider configured as the engine configures it, with the secret database URL. */
    async provider(databaseUrl = this.services.databaseUrl): Promise<AdminUserProvider> {
        const provider = new AdminUserProvider();
        const config = { "credere:databaseUrl": databaseUrl } as Record<string, string | undefined>;
        await provider.configure({
            config: { get: (key: string) => config[key], require: (key: string) => config[key]! },
        });
        return provider;
    }

    /** A new pool that signs in by email, as CredereAuth creates it. */
    async newUserPool(): Promise<string> {
        const response = await this.cognito.send(
            new CreateUserPoolCommand({ PoolName: `test-${Date.now()}-${Math.random()}`, UsernameAttributes: ["email"], AutoVerifiedAttributes: ["email"] }),
        );
        return response.UserPool!.Id!;
    }

    inputs(userPoolId: string, overrides: Partial<AdminUserInputs> = {}): AdminUserInputs {
        return { userPoolId, region: this.services.region, email: "admin@example.org", name: "Admin User", language: "es", type: "OCP", ...overrides };
    }

    /** The Cognito user with this username, email or sub, or undefined. */
    async cognitoUser(userPoolId: string, username: string) {
        try {
            const user = await this.cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
            const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
            return { username: user.Username!, sub: attribute("sub"), email: attribute("email"), emailVerified: attribute("email_verified"), status: user.UserStatus };
        } catch (error) {
            if ((error as Error).name === "UserNotFoundException") return undefined;
            throw error;
        }
    }

    /** Creates a Cognito user by hand, as an operator did in the console. */
    async createCognitoUserByHand(userPoolId: string, email: string): Promise<string> {
        const response = await this.cognito.send(
            new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: email, UserAttributes: [{ Name: "email", Value: email }], MessageAction: "SUPPRESS" }),
        );
        return response.User!.Username!;
    }

    async changeCognitoEmailByHand(userPoolId: string, username: string, email: string): Promise<void> {
        await this.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: username, UserAttributes: [{ Name: "email", Value: email }] }));
    }

    async deleteCognitoUserByHand(userPoolId: string, username: string): Promise<void> {
        await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
    }

    /** Runs SQL against the Credere database, as an operator or the backend would. */
    async sql<T extends Record<string, any> = Record<string, any>>(text: string, values: unknown[] = []): Promise<T[]> {
        const client = new Client({ connectionString: this.services.databaseUrl });
        await client.connect();
        try {
            return (await client.query<T>(text, values)).rows;
        } finally {
            await client.end();
        }
    }

    async rows(email?: string) {
        return email === undefined
            ? this.sql("SELECT id, type::text AS type, language, email, name, external_id FROM credere_user ORDER BY id")
            : this.sql("SELECT id, type::text AS type, language, email, name, external_id FROM credere_user WHERE email = $1", [email]);
    }

    async emptyDatabase(): Promise<void> {
        await this.sql("TRUNCATE application_action, credere_user, lender RESTART IDENTITY CASCADE");
    }
}
