import * as pulumi from "@pulumi/pulumi";
import { AdminUserInputs, AdminUserProvider } from "./admin-user-provider";

/** The arguments of one AdminUser resource. */
export interface AdminUserArgs {
    /** The pool the user belongs to. Changing it replaces the resource. */
    userPoolId: pulumi.Input<string>;
    /** The pool's region, where the Cognito API is called. Example: `"us-east-1"`. */
    region: pulumi.Input<string>;
    /** Email address: Cognito username and `credere_user.email`. */
    email: pulumi.Input<string>;
    /** `credere_user.name`. */
    name: pulumi.Input<string>;
    /** `credere_user.language`: `"es"` or `"en"`. */
    language: pulumi.Input<string>;
    /** `credere_user.type`: `"OCP"` or `"FI"`. */
    type: pulumi.Input<string>;
    /** Secret URL of the provisioning role to connect as. Default: the secret config `credere:databaseUrl`. */
    databaseConnection?: pulumi.Input<string>;
}

// One provider instance for every AdminUser: it is serialized once (Pulumi caches by instance).
const provider = new AdminUserProvider();

/**
 * A Credere administrator: a Cognito user (email as username, verified, no invitation) and the
 * `credere_user` row whose `external_id` is that user's `sub`. The provider connects as the provisioning
 * role when the resource has one (`databaseConnection`), else with the secret config `credere:databaseUrl`.
 */
export class AdminUser extends pulumi.dynamic.Resource {
    // `declare`, not `!`: with target ES2022 a class field is defined after `super()` returns and would
    // overwrite, with undefined, the Output the Resource constructor assigned for each output property
    // (pulumi/docs#11639: the outputs of a dynamic resource are declared, never defined).
    /** The Cognito Username/sub, stored in `credere_user.external_id`. */
    declare public readonly sub: pulumi.Output<string>;
    /** `credere_user.id`. */
    declare public readonly credereUserId: pulumi.Output<number | null>;
    declare public readonly email: pulumi.Output<string>;
    /** Whether the Cognito user was created by this resource, or by an earlier run it took over (a crashed run, a renamed resource); false: adopted. */
    declare public readonly cognitoUserCreated: pulumi.Output<boolean>;
    /** Whether the row was inserted by this resource or by an earlier run it took over; false: an existing row was linked. */
    declare public readonly credereUserCreated: pulumi.Output<boolean>;

    constructor(name: string, args: AdminUserArgs, opts?: pulumi.CustomResourceOptions) {
        const inputs: Record<keyof AdminUserInputs | "sub" | "credereUserId" | "cognitoUserCreated" | "credereUserCreated", unknown> = {
            ...args,
            databaseConnection: args.databaseConnection,
            sub: undefined,
            credereUserId: undefined,
            cognitoUserCreated: undefined,
            credereUserCreated: undefined,
        };
        // The role's URL stays secret in the state, as output as well as input.
        super(provider, name, inputs, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["databaseConnection"] }), "credere", "AdminUser");
    }
}
