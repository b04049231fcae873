// The app client's token lifetimes after `pulumi up`. The provider keeps the live validities when the
// program does not declare them (Optional + Computed), but removes an undeclared token_validity_units
// block and then sends the default units, hours/hours/days (terraform-provider-aws
// internal/service/cognitoidp/user_pool_client.go, Update: "If removing `token_validity_units`, reset to
// defaults"). A console-made client counts its access and ID tokens in minutes (60): read as hours they
// leave the range Cognito accepts, and UpdateUserPoolClient fails.
import type { Difference } from "./compare-settings";

type Settings = Record<string, unknown>;
type Units = { accessToken: string; idToken: string; refreshToken: string };

const DEFAULT_UNITS: Units = { accessToken: "hours", idToken: "hours", refreshToken: "days" };
const SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Cognito's ranges (API reference, UserPoolClientType; the provider's validators), in seconds. */
const RANGES: Array<{ validity: string; unit: keyof Units; token: string; min: number; max: number; range: string }> = [
    { validity: "accessTokenValidity", unit: "accessToken", token: "access token", min: 300, max: 86400, range: "5 minutes to 1 day" },
    { validity: "idTokenValidity", unit: "idToken", token: "ID token", min: 300, max: 86400, range: "5 minutes to 1 day" },
    { validity: "refreshTokenValidity", unit: "refreshToken", token: "refresh token", min: 3600, max: 315360000, range: "60 minutes to 10 years" },
];

/** A `fail` difference when a lifetime after `pulumi up` is outside Cognito's range, else undefined. */
export function tokenValidityFailure(declared: Settings, live: Settings): Difference | undefined {
    const liveUnits = { ...DEFAULT_UNITS, ...(live.tokenValidityUnits as Partial<Units> | undefined) };
    const declaredUnits = declared.tokenValidityUnits as Partial<Units> | undefined;
    const unitsAfterUp: Units = declaredUnits ? { ...DEFAULT_UNITS, ...declaredUnits } : DEFAULT_UNITS;
    const problems = RANGES.flatMap(({ validity, unit, token, min, max, range }) => {
        const value = (declared[validity] ?? live[validity]) as number | undefined;
        if (typeof value !== "number") return [];
        const seconds = value * SECONDS[unitsAfterUp[unit]];
        return seconds < min || seconds > max ? [`the ${token} would be valid ${value} ${unitsAfterUp[unit]} (was ${value} ${liveUnits[unit]}); Cognito accepts ${range}`] : [];
    });
    if (!problems.length) return undefined;
    return {
        resource: "client",
        setting: "tokenValidityUnits",
        live: live.tokenValidityUnits,
        stack: declaredUnits,
        action: "fail",
        why: `${problems.join("; ")}: UpdateUserPoolClient is refused (undeclared units are reset to hours/hours/days, user_pool_client.go Update)`,
    };
}
