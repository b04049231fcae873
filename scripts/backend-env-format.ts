// The Credere backend's variables written for the two parsers that really read them.
//
// - A local `.env`: the backend's settings (credere-backend app/settings.py, `Settings`, pydantic-settings
//   `SettingsConfigDict(env_file=".env")`) read it through pydantic-settings' `read_env_file`
//   (pydantic_settings/sources.py), which calls python-dotenv's `dotenv_values(path)` with its default
//   `interpolate=True` (credere-backend pins python-dotenv 1.0.0; its parser.py and variables.py are
//   the same in 1.2.2 but for formatting).
// - Production: the backend's image carries no dotfile (credere-backend .dockerignore `**/.*`); its
//   variables come from Docker Compose's `env_file: .env` (open-contracting/deploy
//   salt/docker_apps/files/credere.yaml), a file that Salt writes from the pillar
//   `docker_apps.credere.env`, one `KEY='value'` line per entry (salt/docker_apps/files/.env), and
//   Compose reads with compose-spec/compose-go dotenv/parser.go.
//
// So `dotenv` lines are quoted so that python-dotenv and compose-go both read back the exact value, and
// `pillar` is YAML whose values Salt's template and compose-go's single quotes carry unchanged. A value
// that cannot be carried is refused, never written approximately.

import type { BackendEnvironment } from "../components/credere-auth";

/** The variables the backend reads (app/settings.py), in the order of its .env.example. */
export const BACKEND_VARIABLES = ["AWS_REGION", "AWS_ACCESS_KEY", "AWS_CLIENT_SECRET", "COGNITO_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET"] as const satisfies readonly (keyof BackendEnvironment)[];
export type BackendVariable = (typeof BACKEND_VARIABLES)[number];

/** A value that the target parser would not read back as it is; the message names the variable, never the value. */
export class UnrepresentableValueError extends Error {
    constructor(
        public readonly variable: string,
        reason: string,
    ) {
        super(`${variable}: ${reason}; set it by hand`);
        this.name = "UnrepresentableValueError";
    }
}

// python-dotenv expands `${NAME}` and `${NAME:-default}` in every value, whatever its quotes, and has no
// escape for it (dotenv/variables.py `_posix_variable`, applied by dotenv/main.py `resolve_variables`).
const PYTHON_DOTENV_VARIABLE = /\$\{[^}:]*(?::-[^}]*)?\}/;

/**
 * One value as a dotenv value that python-dotenv (dotenv/parser.py `parse_value`) and compose-go
 * (dotenv/parser.go `extractVarValue`) both read back unchanged:
 *
 * - no backslash and no carriage return: single quotes, `'` written `\'`. python-dotenv decodes only `\\`
 *   and `\'` there (`_single_quote_escapes`); compose-go keeps a single-quoted value literally (no
 *   escapes, no `$` expansion) except `\'`, an escaped quote. Newlines, `#`, `$`, `=`, spaces stay as they are.
 * - otherwise double quotes, with `\\`, `\"`, `\n`, `\r`: decoded alike by python-dotenv
 *   (`_double_quote_escapes`) and compose-go (`expandEscapes`). A carriage return must be escaped since
 *   python-dotenv opens the file with universal newlines. Refused when the value also holds `$` (compose-go
 *   expands `$` in double quotes and python-dotenv has no `\$`), or ends with a backslash (python-dotenv's
 *   `_double_quoted_value` would read `\\"` as an escaped quote and run on into the next lines).
 */
export function dotenvValue(variable: string, value: string): string {
    if (PYTHON_DOTENV_VARIABLE.test(value)) {
        throw new UnrepresentableValueError(variable, "it holds ${…}, which python-dotenv replaces in any .env value");
    }
    if (!value.includes("\\") && !value.includes("\r")) {
        return `'${value.replace(/'/g, "\\'")}'`;
    }
    if (value.includes("$")) {
        throw new UnrepresentableValueError(variable, "it holds both a backslash or carriage return and $, which no quoting keeps alike for python-dotenv and Docker Compose");
    }
    if (value.endsWith("\\")) {
        throw new UnrepresentableValueError(variable, "it ends with a backslash, which python-dotenv's double-quoted values cannot end with");
    }
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
}

/** `KEY=value` lines, one per variable, in BACKEND_VARIABLES order. */
export function formatDotenv(environment: Partial<Record<BackendVariable, string>>): string {
    return BACKEND_VARIABLES.filter((variable) => environment[variable] !== undefined)
        .map((variable) => `${variable}=${dotenvValue(variable, environment[variable]!)}\n`)
        .join("");
}

/**
 * One value for the Salt pillar: a YAML double-quoted scalar (JSON's string syntax is a subset of it, and
 * PyYAML, Salt's YAML renderer, decodes every JSON escape). Salt then writes `KEY='value'`, which compose-go
 * reads literally until the next unescaped `'`: a value holding `'`, or ending with a backslash (which
 * would escape the closing quote), cannot pass through that template.
 */
function pillarValue(variable: string, value: string): string {
    if (value.includes("'")) {
        throw new UnrepresentableValueError(variable, "it holds a single quote, which the deploy repository's .env template (KEY='value') cannot carry");
    }
    if (value.endsWith("\\")) {
        throw new UnrepresentableValueError(variable, "it ends with a backslash, which would escape the closing quote of the deploy repository's KEY='value' line");
    }
    return JSON.stringify(value);
}

/** The variables as the private pillar's `docker_apps.credere.env` (merged by Salt with the public pillar's). */
export function formatPillar(environment: Partial<Record<BackendVariable, string>>): string {
    const lines = BACKEND_VARIABLES.filter((variable) => environment[variable] !== undefined).map(
        (variable) => `      ${variable}: ${pillarValue(variable, environment[variable]!)}\n`,
    );
    return `docker_apps:\n  credere:\n    env:\n${lines.join("")}`;
}
