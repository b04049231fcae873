import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import { randomBytes, randomUUID } from "crypto";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { asSecret } from "./pulumi-mocks";
import { parseUrn } from "../../scripts/preview-guard";

/**
 * Pulumi's own Node.js dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`), started as a
 * child process the way the CLI starts `pulumi-resource-pulumi-nodejs`, and driven over gRPC with the
 * SDK's shipped stubs, encoding what it sends the way the engine encodes it. Each rule below names the
 * pulumi/pulumi file and function it follows, so it can be re-checked against a newer Pulumi.
 */

/**
 * The engine's placeholder for a value not known during a preview (sdk/go/common/resource/plugin/rpc.go,
 * `UnknownStringValue`), taken from the SDK, which reads it with the same value (sdk/nodejs/runtime/rpc.ts).
 */
export const UNKNOWN: string = unknownValue;

/** The provider type whose default instance runs every Node.js dynamic resource (pkg/resource/plugin/provider_plugin.go, `nodejsDynamicProviderType`). */
const DYNAMIC_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

export type Properties = Record<string, unknown>;

/** One stack config value as the engine holds it: the CLI's string form, and whether it is secret. */
export interface ConfigValue {
    value: string;
    secret?: boolean;
}

export interface PluginOptions {
    /** The program's directory: the CLI runs plugins there (pkg/resource/plugin/plugin.go, `execPlugin`: `cmd.Dir = pwd`). */
    programDir: string;
    project: string;
    stack: string;
    /** Pulumi.yaml's `runtime.options`, passed as PULUMI_RUNTIME_<NAME> (provider_plugin.go, `NewProvider`). */
    runtimeOptions?: Record<string, unknown>;
    /** The engine's own environment, which the plugin inherits (plugin.go, `execPlugin`: `os.Environ()`). */
    env?: NodeJS.ProcessEnv;
}

export interface CheckResult {
    inputs: Properties;
    failures: Array<{ property: string; reason: string }>;
}

export interface DiffResult {
    changes: "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
    replaces: string[];
    deleteBeforeReplace: boolean;
}


/**
 * A minimal Engine service: the address the CLI passes every plugin as its argument, and where a plugin
 * may send its log lines (pulumi/pulumi proto/pulumi/engine.proto). Records what it receives.
 */
class EngineServer {
    readonly logs: string[] = [];
    private readonly server = new grpc.Server();

    async start(): Promise<string> {
        const implementation: Partial<engineRpc.IEngineServer> = {
            log: (call, callback) => {
                this.logs.push(call.request.getMessage());
                callback(null, new Empty());
            },
            getRootResource: (_call, callback) => callback(null, new engineProto.GetRootResourceResponse()),
            setRootResource: (_call, callback) => callback(null, new engineProto.SetRootResourceResponse()),
        };
        this.server.addService(engineRpc.EngineService, implementation as engineRpc.IEngineServer);
        const port = await new Promise<number>((resolve, reject) =>
            this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
        );
        return `127.0.0.1:${port}`;
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
    }
}

export class DynamicProviderPlugin {
    /** What the plugin printed after its port line, on stdout and stderr: the CLI shows it to the user (plugin.go, `newPlugin`). */
    output = "";

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: providerRpc.ResourceProviderClient,
        private readonly engine: EngineServer,
        private readonly options: PluginOptions,
    ) {
        child.stderr!.on("data", (chunk) => (this.output += chunk));
    }

    /** Log lines the plugin sent to the engine. */
    get engineLogs(): string[] {
        return this.engine.logs;
    }

    /**
     * Starts the plugin as the CLI does. `pulumi-resource-pulumi-nodejs` (pulumi/pulumi
     * sdk/nodejs/dist/pulumi-resource-pulumi-nodejs) resolves `@pulumi/pulumi/cmd/dynamic-provider` from
     * the working directory with `node -e require.resolve(...)` and runs `node <script> "$@"`. The CLI
     * runs it in the program's directory with one argument, the engine's address, and adds
     * PULUMI_RUNTIME_<option>, PULUMI_NODEJS_PROJECT, PULUMI_PROJECT and PULUMI_CONFIG (the config of the
     * `pulumi-nodejs` namespace, as JSON) to its environment (pkg/resource/plugin/provider_plugin.go,
     * `NewProvider`; pkg/host/host.go, `defaultHost.Provider`). The plugin prints its port as the first
     * line of stdout (plugin.go, `newPlugin`).
     */
    static async start(options: PluginOptions): Promise<DynamicProviderPlugin> {
        const engine = new EngineServer();
        const engineAddress = await engine.start();
        const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [options.programDir] });
        const runtimeOptions = Object.fromEntries(
            Object.entries(options.runtimeOptions ?? {}).map(([name, value]) => [`PULUMI_RUNTIME_${name.toUpperCase()}`, String(value)]),
        );
        const child = spawn(process.execPath, [script, engineAddress], {
            cwd: options.programDir,
            env: {
                ...(options.env ?? process.env),
                ...runtimeOptions,
                PULUMI_NODEJS_PROJECT: options.project,
                PULUMI_PROJECT: options.project,
                PULUMI_CONFIG: "{}",
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await readPortLine(child);
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const plugin = new DynamicProviderPlugin(child, client, engine, options);
        child.stdout!.on("data", (chunk) => (plugin.output += chunk));
        return plugin;
    }

    /**
     * What the engine sends a freshly loaded provider before any resource operation: Handshake (the
     * dynamic provider answers UNIMPLEMENTED, which the engine accepts: provider_plugin.go, `handshake`),
     * GetPluginInfo (pkg/host/host.go, `defaultHost.Provider`), then, for a provider the program
     * registers, CheckConfig (UNIMPLEMENTED, read as "the config is fine": provider_plugin.go,
     * `CheckConfig`; called by pkg/resource/deploy/providers/registry.go, `Registry.Check`) and Configure
     * (`Registry.Create`). A provider loaded from the state for `refresh` or `destroy` gets no CheckConfig
     * (`Registry.Same`): pass `fromState`.
     */
    async load(config: Record<string, ConfigValue>, { fromState = false } = {}): Promise<{ handshake: grpc.status; checkConfig?: grpc.status; version: string; configure: providerProto.ConfigureResponse }> {
        const handshake = await this.statusOf(() => this.unary("handshake", new providerProto.ProviderHandshakeRequest()));
        const info = await this.unary<any>("getPluginInfo", new Empty());
        const checkConfig = fromState ? undefined : await this.statusOf(() => this.unary("checkConfig", new providerProto.CheckRequest()));
        const configure = await this.configure(config);
        return { handshake, checkConfig, version: info.getVersion(), configure };
    }

    /**
     * Configure as the engine sends it to a Node.js dynamic provider: the whole stack config, each key
     * with its namespace (pkg/resource/deploy/target.go, `Target.GetPackageConfig`: "For dynamic
     * providers, we always pass the full configuration"; CHANGELOG 3.139.0, "Allow accessing configuration
     * in Node.js dynamic providers"), as `args` with secrets marked
     * (provider_plugin.go, `provider.Configure`: `KeepSecrets: true`) and as the deprecated `variables`,
     * keyed `pulumi-nodejs:config:<key>`, secrets in plain text.
     */
    async configure(config: Record<string, ConfigValue>): Promise<providerProto.ConfigureResponse> {
        const request = new providerProto.ConfigureRequest();
        const urn = `urn:pulumi:${this.options.stack}::${this.options.project}::${DYNAMIC_PROVIDER_TYPE}::default`;
        request.setUrn(urn).setName("default").setType(DYNAMIC_PROVIDER_TYPE).setId(randomUUID());
        request.setAcceptsecrets(true).setAcceptresources(true).setSendsOldInputs(true).setSendsOldInputsToDelete(true);
        const variables = request.getVariablesMap();
        const args: Properties = {};
        for (const [key, { value, secret: isSecret }] of Object.entries(config)) {
            variables.set(`pulumi-nodejs:config:${key}`, value);
            // As the engine sends a secret config value to Configure, which keeps secrets: sdk/go/common/resource/properties.go
            // `SigKey`/`SecretSig`, rpc.go `MarshalPropertyValue` (the SDK's specialSigKey/specialSecretSig hold the same values).
            args[key] = isSecret ? asSecret(value) : value;
        }
        request.setArgs(Struct.fromJavaScript(args as any));
        return this.unary("configure", request);
    }

    /**
     * Check, as provider_plugin.go `provider.Check` sends it: olds `{}` for a create, unknowns kept only
     * in a preview, secrets sent in plain text (the dynamic provider's ConfigureResponse does not accept
     * secrets), and a random seed. Failures come back in the response, not as an error.
     */
    async check(urn: string, olds: Properties, news: Properties): Promise<CheckResult> {
        const request = new providerProto.CheckRequest();
        request.setUrn(urn).setName(parseUrn(urn).name).setType(parseUrn(urn).type).setRandomseed(randomBytes(32));
        request.setOlds(toStruct(olds)).setNews(toStruct(news));
        const response = await this.unary<providerProto.CheckResponse>("check", request);
        return {
            inputs: response.getInputs()?.toJavaScript() ?? {},
            failures: response.getFailuresList().map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
        };
    }

    /** Diff: old inputs, old outputs (`olds`) and the checked new inputs (provider_plugin.go, `provider.Diff`). */
    async diff(urn: string, id: string, oldInputs: Properties, oldOutputs: Properties, news: Properties): Promise<DiffResult> {
        const request = new providerProto.DiffRequest();
        request.setUrn(urn).setName(parseUrn(urn).name).setType(parseUrn(urn).type).setId(id);
        request.setOldInputs(toStruct(oldInputs)).setOlds(toStruct(oldOutputs)).setNews(toStruct(news));
        const response = await this.unary<providerProto.DiffResponse>("diff", request);
        const names = ["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"] as const;
        return { changes: names[response.getChanges()], replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
    }

    /** Create with the checked inputs; never called in a preview for a provider without preview support (provider_plugin.go, `provider.Create`). */
    async create(urn: string, properties: Properties): Promise<{ id: string; properties: Properties }> {
        const request = new providerProto.CreateRequest();
        request.setUrn(urn).setName(parseUrn(urn).name).setType(parseUrn(urn).type).setProperties(toStruct(properties)).setTimeout(0).setPreview(false);
        const response = await this.unary<providerProto.CreateResponse>("create", request);
        return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
    }

    /** Read as `pulumi refresh` sends it: the id, the state's outputs as `properties`, its inputs (provider_plugin.go, `provider.Read`). */
    async read(urn: string, id: string, outputs: Properties, inputs: Properties): Promise<{ id: string; properties: Properties; inputs?: Properties }> {
        const request = new providerProto.ReadRequest();
        request.setUrn(urn).setName(parseUrn(urn).name).setType(parseUrn(urn).type).setId(id).setProperties(toStruct(outputs)).setInputs(toStruct(inputs));
        const response = await this.unary<providerProto.ReadResponse>("read", request);
        return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {}, inputs: response.getInputs()?.toJavaScript() };
    }

    /** Update: old outputs (`olds`), new inputs, old inputs (provider_plugin.go, `provider.Update`). */
    async update(urn: string, id: string, oldInputs: Properties, oldOutputs: Properties, news: Properties): Promise<Properties> {
        const request = new providerProto.UpdateRequest();
        request.setUrn(urn).setName(parseUrn(urn).name).setType(parseUrn(urn).type).setId(id);
        request.setOlds(toStruct(oldOutputs)).setNews(toStruct(news)).setOldInputs(toStruct(oldInputs)).setTimeout(0).setPreview(false);
        const response = await this.unary<providerProto.UpdateResponse>("update", request);
        return response.getProperties()?.toJavaScript() ?? {};
    }

    /** Delete: the state's outputs as `properties` and its inputs (provider_plugin.go, `provider.Delete`). */
    async delete(urn: string, id: string, inputs: Properties, outputs: Properties): Promise<void> {
        const request = new providerProto.DeleteRequest();
        request.setUrn(urn).setName(parseUrn(urn).name).setType(parseUrn(urn).type).setId(id).setProperties(toStruct(outputs)).setOldInputs(toStruct(inputs)).setTimeout(0);
        await this.unary("delete", request);
    }

    /**
     * Stops the plugin as the engine's `Kill` does at the end of a command: an interrupt, then a forced
     * kill after 5 seconds (pkg/resource/plugin/plugin.go, `execPlugin`).
     */
    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill("SIGINT");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
            await exited;
            clearTimeout(timer);
        }
        await this.engine.stop();
    }

    private unary<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) =>
            (this.client as any)[method](request, (error: grpc.ServiceError | null, response: T) => (error ? reject(error) : resolve(response))),
        );
    }

    /** The gRPC status a call ends with: OK, or the error's code. */
    private async statusOf(call: () => Promise<unknown>): Promise<grpc.status> {
        try {
            await call();
            return grpc.status.OK;
        } catch (error) {
            return (error as grpc.ServiceError).code;
        }
    }
}

/** A Struct of `properties`, leaving out what is undefined (the engine has no undefined: a missing key). */
function toStruct(properties: Properties): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(properties)));
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`: the name is the last part, the type the last of the qualified type. */
/** Reads the first line of the plugin's stdout, its port, as the engine does; fails with what it printed if it exits first. */
function readPortLine(child: ChildProcess): Promise<number> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        const onStderr = (chunk: Buffer) => (stderr += chunk);
        const onData = (chunk: Buffer) => {
            stdout += chunk;
            const newline = stdout.indexOf("\n");
            if (newline >= 0) {
                cleanUp();
                const port = Number(stdout.slice(0, newline).trim());
                if (Number.isInteger(port) && port > 0 && port <= 65535) resolve(port);
                else reject(new Error(`the dynamic-provider plugin wrote an invalid port to stdout: ${JSON.stringify(stdout)}`));
            }
        };
        const onExit = (code: number | null) => {
            cleanUp();
            reject(new Error(`the dynamic-provider plugin exited (${code}) before printing its port: ${stdout}${stderr}`));
        };
        const cleanUp = () => {
            child.stdout!.off("data", onData);
            child.stderr!.off("data", onStderr);
            child.off("exit", onExit);
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onStderr);
        child.once("exit", onExit);
    });
}
