import { schemas, type Schema } from './sdk-runtime.js';

/** A pinned `@aws-sdk/client-*` package, as a source's `sdk` binding names it. */
export interface SdkPackage {
  readonly load: () => Promise<object>;
  /** The client class's export name (`IAMClient`). */
  readonly client: string;
}

/** One operation of a service, from the schema the SDK package exports for it (`GetAccountSummary$`). */
export interface OperationModel {
  readonly name: string;
  /** `[method, uri pattern, status]`: the http trait REST protocols route by. */
  readonly http?: readonly [string, string, number];
  readonly input: Schema;
  readonly output: Schema;
}

/**
 * What the endpoint knows of a service, all of it read from the pinned SDK
 * package: the protocol and its settings from a client's config, the
 * operations and modelled errors from the schemas the package exports.
 */
export interface ServiceModel {
  /** The package's exports: sources are matched to a service by the package their `sdk.load` gives. */
  readonly sdk: object;
  /** The SDK's service id (`IAM`, `S3 Control`). */
  readonly serviceId: string;
  /** The SigV4 signing name in the credential scope (`iam`, `access-analyzer`, `monitoring`). */
  readonly signingName: string;
  /** The Smithy protocol (`aws.protocols#awsQuery`, `aws.protocols#restJson1`, ...). */
  readonly protocol: string;
  /** The service's Smithy namespace (`com.amazonaws.iam`). */
  readonly namespace: string;
  readonly xmlNamespace?: string;
  /** The API version Query requests carry. */
  readonly version?: string;
  /** The `X-Amz-Target` prefix of JSON RPC requests. */
  readonly serviceTarget?: string;
  /** A JSON service that also answers its old Query error codes (`x-amzn-query-error`). */
  readonly awsQueryCompatible: boolean;
  readonly operations: ReadonlyMap<string, OperationModel>;
  /** The HTTP status the service's model gives an error code (`NoSuchEntity`: 404), when it models it. */
  errorStatus(code: string): number | undefined;
}

/** Schema kinds in the arrays the SDK exports (`[9, namespace, name, traits, input, output]`). */
const OPERATION = 9;
const ERROR = -3;

const loaded = new WeakMap<object, Promise<ServiceModel>>();

/** The service of an SDK package, read once per package. */
export function loadService(sdkPackage: SdkPackage): Promise<ServiceModel> {
  return sdkPackage.load().then((sdk) => {
    let service = loaded.get(sdk);
    if (!service) {
      service = Promise.resolve(readService(sdk, sdkPackage.client));
      loaded.set(sdk, service);
    }
    return service;
  });
}

function readService(sdk: object, clientName: string): ServiceModel {
  const exports = sdk as Record<string, unknown>;
  const Client = exports[clientName] as (new (config: object) => { config: ClientConfig; destroy(): void }) | undefined;
  if (typeof Client !== 'function') throw new Error(`loopback endpoint: the SDK package has no ${clientName}`);
  // Credentials and region only so that the config resolves; the client never sends anything.
  const client = new Client({ region: 'us-east-1', credentials: { accessKeyId: 'loopback', secretAccessKey: 'loopback' } });
  const { protocol, protocolSettings, defaultSigningName, serviceId } = client.config;
  client.destroy();

  const operations = new Map<string, OperationModel>();
  const errors = new Map<string, number>();
  for (const value of Object.values(exports)) {
    if (!Array.isArray(value)) continue;
    if (value[0] === OPERATION) {
      const traits = schemas.translateTraits(value[3]) as { http?: [string, string, number] };
      operations.set(value[2], { name: value[2], http: traits.http, input: schemas.NormalizedSchema.of(value[4]), output: schemas.NormalizedSchema.of(value[5]) });
    } else if (value[0] === ERROR) {
      const traits = schemas.translateTraits(value[3]) as { httpError?: number; awsQueryError?: [string, number] };
      const status = traits.awsQueryError?.[1] ?? traits.httpError;
      if (status === undefined) continue;
      errors.set(value[2], status);
      if (traits.awsQueryError) errors.set(traits.awsQueryError[0], status);
    }
  }
  return {
    sdk,
    serviceId,
    signingName: defaultSigningName,
    protocol: protocol.getShapeId(),
    namespace: protocolSettings.defaultNamespace,
    xmlNamespace: protocolSettings.xmlNamespace,
    version: protocolSettings.version,
    serviceTarget: protocolSettings.serviceTarget,
    awsQueryCompatible: protocol.awsQueryCompatible === true,
    operations,
    errorStatus: (code) => errors.get(code),
  };
}

interface ClientConfig {
  protocol: { getShapeId(): string; awsQueryCompatible?: boolean };
  protocolSettings: { defaultNamespace: string; xmlNamespace?: string; version?: string; serviceTarget?: string };
  defaultSigningName: string;
  serviceId: string;
}
