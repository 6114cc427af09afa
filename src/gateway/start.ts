/**
 * Starts the whole gateway in-process: REST client, executable schema and HTTP server, plus the
 * embedded emulator when asked. The CLI and the end-to-end tests both start the gateway here.
 */
import type { RunningEmulator } from '../emulator/index.js';
import { basicAuthorization, TwilioClient, type Credential, type TwilioClientOptions } from '../twilio/index.js';
import type { ServerCredentials } from './auth.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { loadArtifacts } from './artifacts.js';
import { createExecutableSchema, DEFAULT_MAX_FIRST } from './executable-schema.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, resolveLimits, loadPersistedOperations, type PersistedOperations, type QueryLimits } from './limits/index.js';
import { TwilioFlexTokenVerifier } from './flex-tokens.js';
import { recordAttempt } from './observability/tracing.js';
import { createGatewayServer, GRAPHQL_PATH, type GatewayServerOptions } from './server.js';

/** Where upstream calls go. */
export type UpstreamConfig =
  /** Twilio itself, `https://{product}[.{edge}].{region}.twilio.com` as twilio-node builds hosts. */
  | { kind: 'twilio'; region?: string; edge?: string }
  /** A base URL with products as path prefixes (an emulator started elsewhere, or a proxy). */
  | { kind: 'url'; baseUrl: string }
  /**
   * An emulator started in this process with demo data; its demo credentials become the server's.
   * `port`: where it listens (default 0, a free port).
   */
  | { kind: 'embedded-emulator'; port?: number };

/** Everything {@link startGateway} needs; the CLI builds it from flags and environment. */
export interface GatewayConfig {
  upstream: UpstreamConfig;
  host?: string;
  port?: number;
  /** Ignored for the embedded emulator, whose demo credentials are used instead. */
  serverCredentials?: ServerCredentials;
  defaultAccountSid?: string;
  gatewayToken?: string;
  /** Origins allowed to call the gateway from a browser (CORS); default none. */
  corsOrigins?: readonly string[];
  bodyLimit?: number;
  /** Abuse limits checked before any upstream call; unset ones take `DEFAULT_LIMITS` (limits/config.ts). */
  limits?: Partial<QueryLimits>;
  /** Largest `first` of any connection; default `DEFAULT_MAX_FIRST`. */
  maxFirst?: number;
  /** Deadline for all upstream calls of one GraphQL request, in ms; default `DEFAULT_REQUEST_TIMEOUT_MS`. */
  requestTimeoutMs?: number;
  /** Persisted-operations mode: only these operations run; a map (hash → document) or the path of its JSON file. */
  persistedOperations?: PersistedOperations | string;
  log?: GatewayServerOptions['log'];
  /** Mutations agent-only Flex tokens may run; default `DEFAULT_AGENT_MUTATIONS` (flex-access.ts). */
  agentMutations?: readonly string[];
  /** Serve Prometheus metrics at `/metrics`. Default off. */
  metrics?: boolean;
  /** REST client tuning (retries, limiter, timeouts, circuit); unset ones take the client's defaults. */
  client?: Omit<TwilioClientOptions, 'baseUrl' | 'region' | 'edge' | 'onUpstream'>;
}

/** A started gateway. */
export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** GraphQL endpoint (and GraphiQL for browsers). */
  graphqlUrl: string;
  /** The embedded emulator, when the gateway started one. */
  emulator?: { url: string; accountSid: string };
  /**
   * The `Authorization` value for the embedded emulator's demo account. Set only in emulator mode:
   * real credentials are never echoed anywhere.
   */
  demoAuthorization?: string;
  /** Graceful stop: the server finishes in-flight requests, then the client and emulator close. */
  close(): Promise<void>;
}

/** Starts emulator (if configured), client, schema and server; cleans up whatever started if a later step fails. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  // Imported only when used: a gateway in front of Twilio does not load the emulator.
  const emulator =
    config.upstream.kind === 'embedded-emulator'
      ? await (await import('../emulator/index.js')).startEmulator({ port: config.upstream.port ?? 0, seed: 'demo' })
      : undefined;
  // prom-client is imported only when metrics are on: it is a fifth of the gateway's start-up modules.
  const metrics = config.metrics === true ? new (await import('./observability/metrics.js')).GatewayMetrics() : undefined;
  const onUpstream: TwilioClientOptions['onUpstream'] = (event) => {
    metrics?.observeUpstream(event);
    recordAttempt(event);
  };
  const client = new TwilioClient({ ...config.client, ...clientOptions(config.upstream, emulator), onUpstream });
  // twilio-flex-token-validator calls iam[.<region>].twilio.com, never an edge host; with an edge
  // configured, token validation gets a client of its own that follows that rule.
  const iamClient =
    config.upstream.kind === 'twilio' && config.upstream.edge !== undefined
      ? new TwilioClient({ ...config.client, ...(config.upstream.region === undefined ? {} : { region: config.upstream.region }), onUpstream })
      : client;
  const closeClients = async (): Promise<void> => {
    await client.close();
    if (iamClient !== client) await iamClient.close();
  };
  const demoCredential: Credential | undefined =
    emulator === undefined
      ? undefined
      : { kind: 'basic', username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid };
  const demoAuthorization = demoCredential === undefined ? undefined : basicAuthorization(demoCredential);
  const serverCredentials: ServerCredentials | undefined =
    demoCredential === undefined ? config.serverCredentials : { credential: demoCredential, accountSid: demoCredential.accountSid };
  try {
    const persistedOperations =
      typeof config.persistedOperations === 'string' ? loadPersistedOperations(config.persistedOperations) : config.persistedOperations;
    const artifacts = loadArtifacts();
    const maxFirst = config.maxFirst ?? DEFAULT_MAX_FIRST;
    const requestTimeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const server = await createGatewayServer({
      schema: createExecutableSchema({ client, artifacts, maxFirst, requestTimeoutMs }),
      limits: { limits: resolveLimits(config.limits), cost: { map: artifacts.map, maxFirst }, requestTimeoutMs },
      ...(persistedOperations === undefined ? {} : { persistedOperations }),
      ...(config.host === undefined ? {} : { host: config.host }),
      ...(config.port === undefined ? {} : { port: config.port }),
      ...(serverCredentials === undefined ? {} : { serverCredentials }),
      ...(config.defaultAccountSid === undefined ? {} : { defaultAccountSid: config.defaultAccountSid }),
      ...(config.gatewayToken === undefined ? {} : { gatewayToken: config.gatewayToken }),
      // Flex tokens are validated with (and then act on) the server's account, so they need its credentials.
      ...(serverCredentials === undefined ? {} : { flexTokens: new TwilioFlexTokenVerifier({ client: iamClient, server: serverCredentials }) }),
      ...(config.agentMutations === undefined ? {} : { agentMutations: config.agentMutations }),
      ...(config.corsOrigins === undefined ? {} : { corsOrigins: config.corsOrigins }),
      ...(config.bodyLimit === undefined ? {} : { bodyLimit: config.bodyLimit }),
      ...(config.log === undefined ? {} : { log: config.log }),
      // Pre-filling is for the demo account only: the page is served to anyone who reaches the gateway.
      graphiql:
        demoAuthorization === undefined ? {} : { defaultHeaders: { Authorization: demoAuthorization }, defaultQuery: EXAMPLE_QUERY },
    });
    metrics?.install(server.app, GRAPHQL_PATH, (request) => server.errorCodes(request));
    const url = await server.listen().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    return {
      url,
      graphqlUrl: url + GRAPHQL_PATH,
      ...(emulator === undefined ? {} : { emulator: { url: emulator.url, accountSid: emulator.accountSid } }),
      ...(demoAuthorization === undefined ? {} : { demoAuthorization }),
      async close() {
        await server.close();
        await closeClients();
        await emulator?.close();
      },
    };
  } catch (error) {
    await closeClients();
    await emulator?.close();
    throw error;
  }
}

function clientOptions(upstream: UpstreamConfig, emulator: RunningEmulator | undefined): TwilioClientOptions {
  if (emulator !== undefined) return { baseUrl: emulator.url };
  if (upstream.kind === 'url') return { baseUrl: upstream.baseUrl };
  if (upstream.kind === 'twilio') {
    return {
      ...(upstream.region === undefined ? {} : { region: upstream.region }),
      ...(upstream.edge === undefined ? {} : { edge: upstream.edge }),
    };
  }
  return {};
}
