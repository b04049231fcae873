import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { parseUrn } from "../../scripts/preview-guard";

/*
 * The policy pack as the Pulumi CLI runs it: its entry point loaded from its own folder
 * (pkg/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer), @pulumi/policy's own gRPC analyzer server
 * (server.js, serve), configured as pkg/engine/update.go does before a preview or update (GetAnalyzerInfo,
 * then ReconcilePolicyPackConfig, then Configure), and asked with the SDK's stubs. The policies thus get
 * their arguments (props, options, getConfig, isType, unknowns) from @pulumi/policy's code, not the test's.
 */

/** A resource as the engine hands it to the analyzer. */
export interface AnalyzedResource {
    type: string;
    urn: string;
    /** Inputs for Analyze, outputs for AnalyzeStack, in the wire form (secrets as Pulumi's signature objects). */
    props: Record<string, unknown>;
    opts?: { protect?: boolean; ignoreChanges?: string[] };
}

/** A violation: the policy that reported it, its message and the resource's URN (empty when none). */
export interface Violation {
    policy: string;
    /** What the policy reported, without the policy's description that @pulumi/policy puts before it (server.js, makeReportViolationFun). */
    message: string;
    urn: string;
}

let served: Promise<AnalyzerClient> | undefined;

/** The policy pack's analyzer, started once per test process (@pulumi/policy serves one pack per process). */
function analyzer(): Promise<AnalyzerClient> {
    served ??= new Promise<AnalyzerClient>((resolve, reject) => {
        // serve() writes the port to stdout, where the CLI reads it.
        const log = console.log;
        console.log = (port: unknown) => {
            console.log = log;
            const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            configure(client).then(() => resolve(client), reject);
        };
        const workingDirectory = process.cwd();
        try {
            process.chdir(path.join(__dirname, "..", "..", "policy"));
            delete require.cache[require.resolve("../../policy/index")];
            require("../../policy/index");
        } catch (error) {
            console.log = log;
            reject(error);
        } finally {
            process.chdir(workingDirectory);
        }
    });
    return served;
}

function call<Request, Response>(method: (request: Request, callback: (error: grpc.ServiceError | null, response: Response) => void) => unknown, request: Request): Promise<Response> {
    return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response))));
}

/**
 * pkg/resource/analyzer/config.go, ReconcilePolicyPackConfig, with no config file: each policy at its own
 * enforcement level with its config schema's defaults. Then Configure.
 */
async function configure(client: AnalyzerClient): Promise<void> {
    const info = await call<Empty, analyzerProto.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
    const request = new analyzerProto.ConfigureAnalyzerRequest();
    for (const policy of info.getPoliciesList()) {
        const schema = (policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, { default?: unknown }>;
        const defaults = Object.fromEntries(Object.entries(schema).flatMap(([key, property]) => (property.default === undefined ? [] : [[key, property.default]])));
        const config = new analyzerProto.PolicyConfig();
        config.setEnforcementlevel(policy.getEnforcementlevel());
        config.setProperties(Struct.fromJavaScript(defaults as Record<string, any>));
        request.getPolicyconfigMap().set(policy.getName(), config);
    }
    await call(client.configure.bind(client), request);
}

/** Properties as the CLI marshals them: absent keys are not sent. */
function toStruct(props: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

/** The fields that AnalyzeRequest (one resource) and AnalyzerResource (one of the stack's) share, filled alike. */
function describeResource<Message extends analyzerProto.AnalyzeRequest | analyzerProto.AnalyzerResource>(message: Message, resource: AnalyzedResource): Message {
    const opts = new analyzerProto.AnalyzerResourceOptions();
    opts.setProtect(resource.opts?.protect ?? false);
    opts.setIgnorechangesList(resource.opts?.ignoreChanges ?? []);
    message.setType(resource.type);
    message.setUrn(resource.urn);
    message.setName(parseUrn(resource.urn).name);
    message.setProperties(toStruct(resource.props));
    message.setOptions(opts);
    return message;
}

function violations(response: analyzerProto.AnalyzeResponse): Violation[] {
    return response.getDiagnosticsList().map((diagnostic) => {
        const described = `${diagnostic.getDescription()}\n`;
        const message = diagnostic.getMessage().startsWith(described) ? diagnostic.getMessage().slice(described.length) : diagnostic.getMessage();
        return { policy: diagnostic.getPolicyname(), message, urn: diagnostic.getUrn() };
    });
}

/** What the pack's analyzer tells the engine about itself (GetAnalyzerInfo): its version and its policies' names, in order. */
export async function analyzerInfo(): Promise<{ version: string; policies: string[] }> {
    const client = await analyzer();
    const info = await call<Empty, analyzerProto.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
    return { version: info.getVersion(), policies: info.getPoliciesList().map((policy) => policy.getName()) };
}

/** The pack's Analyze call on one resource's inputs (what `pulumi preview` asks before each step). */
export async function analyzeResource(resource: AnalyzedResource): Promise<Violation[]> {
    const client = await analyzer();
    const request = describeResource(new analyzerProto.AnalyzeRequest(), resource);
    return violations(await call(client.analyze.bind(client), request));
}

/** The pack's AnalyzeStack call on the stack's resources with their outputs (after the deployment). */
export async function analyzeStack(resources: AnalyzedResource[]): Promise<Violation[]> {
    const client = await analyzer();
    const request = new analyzerProto.AnalyzeStackRequest();
    request.setResourcesList(resources.map((resource) => describeResource(new analyzerProto.AnalyzerResource(), resource)));
    return violations(await call(client.analyzeStack.bind(client), request));
}

/** The violations one policy reported. */
export function reportedBy(policy: string, found: Violation[]): Violation[] {
    return found.filter((violation) => violation.policy === policy);
}
