import * as grpc from "@grpc/grpc-js";
import * as os from "os";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { fakeCloud, TEST_REGION } from "./fake-cloud";
import { asSecret, isSerializedSecret } from "./pulumi-mocks";

/** A RegisterResource request as the engine received it. */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** The parent's URN; the stack's for top-level resources, "" for the stack itself. */
    parent: string;
    /** Deserialized with the SDK's own `deserializeProperties` (secrets stay wrapped), as the mocks record them. */
    inputs: Record<string, any>;
    importId?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** The id and outputs this monitor answered with, as a provider would have returned them. */
    id: string;
    outputs: Record<string, any>;
}

/** What the program did against the monitor and engine during one run. */
export interface MonitorRecord {
    registrations: Registration[];
    /** Outputs registered per URN (the stack's are the program's exports), deserialized, secrets wrapped. */
    registeredOutputs: Map<string, Record<string, any>>;
    invokes: string[];
    logs: { severity: string; message: string; urn: string }[];
}

export interface DeploymentContext {
    organization: string;
    project: string;
    stack: string;
    /** `namespace:key` → string value, as the engine holds the stack's config. */
    config: Record<string, string>;
    configSecretKeys: string[];
    dryRun: boolean;
    parallel: number;
}

/** The ResourceMonitor and Engine services of a running deployment, listening on 127.0.0.1. */
export interface ServedDeployment {
    monitorAddress: string;
    engineAddress: string;
    record: MonitorRecord;
    close(): Promise<void>;
}

const STACK_TYPE = "pulumi:pulumi:Stack";
const SEVERITIES = ["debug", "info", "warning", "error"];

/**
 * Serves the two gRPC services a Pulumi program talks to, with the SDK's shipped service definitions.
 * The answers follow the engine (pulumi/pulumi pkg/resource/deploy/source_eval.go, `resmon`); what the
 * providers compute for the Credere resources (ids, ARNs, the client's secret, an admin's sub and
 * credere_user id) and the invokes' answers are those of the mocks (./fake-cloud.ts), so the program's
 * exports can be asserted by value.
 */
export async function serveDeployment(context: DeploymentContext): Promise<ServedDeployment> {
    const record: MonitorRecord = { registrations: [], registeredOutputs: new Map(), invokes: [], logs: [] };
    const cloud = fakeCloud(context.config["aws:region"] ?? TEST_REGION);
    let rootUrn = "";
    const server = new grpc.Server();

    server.addService(ResourceMonitorService, unary({
        // source_eval.go `supportedMonitorFeatures` and `GetDeploymentInfo`.
        getDeploymentInfo: () => {
            const info = new resourceProto.DeploymentInfo();
            info.setProject(context.project);
            info.setStack(context.stack);
            info.setOrganization(context.organization);
            for (const [key, value] of Object.entries(context.config)) {
                info.getConfigMap().set(key, value);
            }
            info.setConfigsecretkeysList(context.configSecretKeys);
            info.setDryrun(context.dryRun);
            info.setParallel(context.parallel);
            info.setSupportedfeaturesList(SUPPORTED_FEATURES);
            return info;
        },
        // source_eval.go `supportsFeatureID`: every legacy feature id the engine answers true for.
        supportsFeature: (request: resourceProto.SupportsFeatureRequest) => {
            const response = new resourceProto.SupportsFeatureResponse();
            response.setHassupport(LEGACY_FEATURE_IDS.includes(request.getId()));
            return response;
        },
        invoke: async (request: resourceProto.ResourceInvokeRequest) => {
            record.invokes.push(request.getTok());
            const answer = await cloud.call({ token: request.getTok(), inputs: {}, provider: request.getProvider() });
            const response = new resourceProto.ResourceInvokeResponse();
            response.setReturn(Struct.fromJavaScript(answer as WireObject));
            return response;
        },
        registerResource: async (request: resourceProto.RegisterResourceRequest) => {
            const parentType = request.getParent() ? qualifiedTypeOf(request.getParent()) : "";
            const urn = newUrn(context, parentType, request.getType(), request.getName());
            // A provider creates (or imports) a custom resource and answers its inputs (wire form) plus what the
            // cloud computes; a component's registration reaches no provider: no id, no outputs.
            const answer = request.getCustom() ? await providerAnswer(cloud, request) : { id: "", outputs: {} };
            markAdditionalSecretOutputs(answer.outputs, request.getAdditionalsecretoutputsList());
            record.registrations.push({
                urn,
                type: request.getType(),
                name: request.getName(),
                custom: request.getCustom(),
                parent: request.getParent(),
                inputs: deserializeProperties(request.getObject() ?? new Struct()),
                importId: request.getImportid() || undefined,
                protect: request.hasProtect() ? request.getProtect() : undefined,
                retainOnDelete: request.hasRetainondelete() ? request.getRetainondelete() : undefined,
                id: answer.id,
                outputs: answer.outputs,
            });
            const response = new resourceProto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(answer.id);
            response.setObject(Struct.fromJavaScript(answer.outputs as WireObject));
            response.setResult(resourceProto.Result.SUCCESS);
            return response;
        },
        registerResourceOutputs: (request: resourceProto.RegisterResourceOutputsRequest) => {
            record.registeredOutputs.set(request.getUrn(), deserializeProperties(request.getOutputs() ?? new Struct()));
            return new Empty();
        },
        // Every step of this deployment finished when the registration was answered.
        signalAndWaitForShutdown: () => new Empty(),
    }));

    server.addService(EngineService, unary({
        log: (request: engineProto.LogRequest) => {
            record.logs.push({ severity: SEVERITIES[request.getSeverity()], message: request.getMessage(), urn: request.getUrn() });
            return new Empty();
        },
        getRootResource: () => new engineProto.GetRootResourceResponse().setUrn(rootUrn),
        setRootResource: (request: engineProto.SetRootResourceRequest) => {
            rootUrn = request.getUrn();
            return new engineProto.SetRootResourceResponse();
        },
    }));

    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const address = `127.0.0.1:${port}`;
    return {
        monitorAddress: address,
        engineAddress: address,
        record,
        close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}

/** The default `--parallel` of `pulumi up`: four per CPU (pkg/cmd/pulumi/operations/up.go, `defaultParallel`). */
export function defaultParallel(): number {
    return os.availableParallelism() * 4;
}

const LEGACY_FEATURE_IDS = [
    "secrets",
    "resourceReferences",
    "outputValues",
    "aliasSpecs",
    "replacementTrigger",
    "deletedWith",
    "replaceWith",
    "transforms",
    "invokeTransforms",
    "parameterization",
    "resourceHooks",
    "errorHooks",
    "sendsOptionsToHooks",
];

const feature = resourceProto.ResourceMonitorFeature;
const SUPPORTED_FEATURES = [
    feature.RESOURCE_MONITOR_FEATURE_SECRETS,
    feature.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
    feature.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES,
    feature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS,
    feature.RESOURCE_MONITOR_FEATURE_REPLACEMENT_TRIGGER,
    feature.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
    feature.RESOURCE_MONITOR_FEATURE_REPLACE_WITH,
    feature.RESOURCE_MONITOR_FEATURE_TRANSFORMS,
    feature.RESOURCE_MONITOR_FEATURE_INVOKE_TRANSFORMS,
    feature.RESOURCE_MONITOR_FEATURE_PARAMETERIZATION,
    feature.RESOURCE_MONITOR_FEATURE_RESOURCE_HOOKS,
    feature.RESOURCE_MONITOR_FEATURE_ERROR_HOOKS,
    feature.RESOURCE_MONITOR_FEATURE_SENDS_OPTIONS_TO_HOOKS,
    feature.RESOURCE_MONITOR_FEATURE_BYTE_STRING,
    feature.RESOURCE_MONITOR_FEATURE_INVOKE_DEPENDS_ON,
    feature.RESOURCE_MONITOR_FEATURE_INVOKE_PARENT,
];

/**
 * A resource's URN as the engine builds it (sdk/go/common/resource/urn/urn.go, `New`): the parent's
 * qualified type prefixes the type, except for the stack itself.
 */
function newUrn(context: DeploymentContext, parentType: string, type: string, name: string): string {
    const qualifiedType = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${context.stack}::${context.project}::${qualifiedType}::${name}`;
}

function qualifiedTypeOf(urn: string): string {
    return urn.split("::")[2];
}

/**
 * The engine makes each output the program listed in additionalSecretOutputs a secret, except the id
 * (pulumi/pulumi pkg/resource/deploy/step_executor.go, `continueExecuteStep`: resource.MakeSecret on each of
 * `newState.AdditionalSecretOutputs` present in the outputs).
 */
function markAdditionalSecretOutputs(outputs: Record<string, unknown>, keys: string[]): void {
    for (const key of keys) {
        if (key !== "id" && key in outputs && !isSerializedSecret(outputs[key])) {
            outputs[key] = asSecret(outputs[key]);
        }
    }
}

async function providerAnswer(cloud: ReturnType<typeof fakeCloud>, request: resourceProto.RegisterResourceRequest): Promise<{ id: string; outputs: Record<string, any> }> {
    const { id, state } = await cloud.newResource({
        type: request.getType(),
        name: request.getName(),
        inputs: request.getObject()?.toJavaScript() ?? {},
        provider: request.getProvider(),
        custom: true,
        id: request.getImportid(),
    });
    return { id: id ?? "", outputs: state };
}

type Handler = (request: any) => unknown;
/** A property map in the engine's wire form (google.protobuf.Struct). */
type WireObject = Parameters<typeof Struct.fromJavaScript>[0];

/** Wraps request → response functions (or promises of responses) as grpc-js unary handlers; an error becomes the call's error. */
function unary(handlers: Record<string, Handler>): grpc.UntypedServiceImplementation {
    return Object.fromEntries(
        Object.entries(handlers).map(([method, handler]) => [
            method,
            (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
                Promise.resolve()
                    .then(() => handler(call.request))
                    .then(
                        (response) => callback(null, response),
                        (error) => callback({ code: grpc.status.UNKNOWN, details: (error as Error).message } as grpc.ServiceError, null),
                    );
            },
        ]),
    );
}
