/** A setting that Cognito or the Credere backend would refuse; the message names each bad setting. */
export class CredereSettingsError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Invalid Credere auth settings:\n  - ${problems.join("\n  - ")}`);
        this.name = "CredereSettingsError";
    }
}
