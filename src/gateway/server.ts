/**
 * The gateway's HTTP server: GraphQL over HTTP at `/graphql` (fastify + mercurius with graphql-jit),
 * GraphiQL for browsers, `/healthz`, per-request auth, graceful close. It takes the schema as input
 * and knows nothing of Twilio: resolvers find the request's credential in `context.auth`.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { Kind, type GraphQLSchema } from 'graphql';
import { AuthError, authenticate, type AuthPolicy, type ServerCredentials } from './auth.js';
import type { GatewayContext } from './context.js';
import {
  bodyLimitHook,
  installLimits,
  persistedOperationsProvider,
  withDeadlineLimit,
  withoutSchemaHints,
  type CostModel,
  type PersistedOperations,
  type QueryLimits,
} from './limits/index.js';
import { createRequestLog } from './request-log.js';
import { requestErrorResponse } from './error-response.js';
import { HttpRequestError, missingQueryMessage, withRequestErrors } from './request-errors.js';
import { agentMutationSet, assertFlexAccess, DEFAULT_AGENT_MUTATIONS, type FlexPolicy } from './flex-access.js';
import type { FlexTokenVerifier } from './flex-tokens.js';
import { installCors } from './cors.js';
import { graphiqlPage } from './graphiql.js';
import { isLoopbackAddress } from './loopback.js';
import { negotiate } from './media-type.js';
import { installTracing } from './observability/tracing.js';
import { indexAccounts } from './preflight/accounts.js';
import { indexCredentials } from './preflight/credentials.js';
import { OperationFactsCache } from './preflight/facts.js';
import { assertInputsValid } from './preflight/inputs.js';

/** Path of the GraphQL endpoint. */
export const GRAPHQL_PATH = '/graphql';

/** Default request body limit: generous for any real operation, small enough to refuse floods. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Levels at which the one-line-per-request log (request-log.ts, written at `info`) is written. */
const REQUEST_LOG_LEVELS: ReadonlySet<LogLevel> = new Set(['info', 'debug', 'trace']);

/** pino log levels, most to least severe, plus `silent`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Configuration of {@link createGatewayServer}. */
export interface GatewayServerOptions {
  schema: GraphQLSchema;
  /** Interface to bind; default 127.0.0.1. Loopback-only listeners may lend the server's credentials. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 4000. */
  port?: number;
  /** Credentials for requests without `Authorization` (see auth.ts for when they apply). */
  serverCredentials?: ServerCredentials;
  /** Account for API-key requests without `X-Twilio-Account-Sid`. */
  defaultAccountSid?: string;
  /** Token that unlocks `serverCredentials` for requests presenting it in `X-Gateway-Token`. */
  gatewayToken?: string;
  /** Validates `Authorization: Bearer <Flex token>` for `serverCredentials`' account; absent: Bearer is refused. */
  flexTokens?: FlexTokenVerifier;
  /** Mutations agent-only Flex tokens may run; default {@link DEFAULT_AGENT_MUTATIONS}. */
  agentMutations?: readonly string[];
  /** Origins allowed to call the gateway from a browser (CORS); default none (CORS off). See cors.ts. */
  corsOrigins?: readonly string[];
  /** Largest accepted request body in bytes; default {@link DEFAULT_BODY_LIMIT}. Larger bodies get 413. */
  bodyLimit?: number;
  /**
   * Abuse limits checked before execution (src/gateway/limits); `cost` (the operation map) enables the
   * static cost and `first` checks and the argument checks of src/gateway/preflight;
   * `requestTimeoutMs` (the resolvers' per-request deadline) names that limit in deadline errors.
   * Default: none.
   */
  limits?: { limits: QueryLimits; cost?: CostModel; requestTimeoutMs?: number };
  /** Persisted-operations mode: only these operations (hash → document) run; query text is refused. */
  persistedOperations?: PersistedOperations;
  /** GraphiQL page settings; `false` disables GraphiQL. Default: enabled, empty headers. */
  graphiql?: false | { defaultHeaders?: Readonly<Record<string, string>>; defaultQuery?: string };
  /** Structured logging (fastify's pino): one JSON line per GraphQL request (see request-log.ts); default off. */
  log?: { level: LogLevel; stream?: { write(line: string): void } };
}

/** A gateway server, built but not yet listening. */
export interface GatewayServer {
  /** The fastify instance, for adding routes or hooks (e.g. limits) before `listen`. */
  readonly app: FastifyInstance;
  /** Starts listening; resolves to the base URL, e.g. `http://127.0.0.1:4000`. */
  listen(): Promise<string>;
  /** Stops accepting connections, lets in-flight requests finish, then closes. */
  close(): Promise<void>;
  /** The `extensions.code` of each error a GraphQL request's response carried (what its log line lists). */
  errorCodes(request: FastifyRequest): readonly string[];
}

/**
 * Builds the gateway server around `options.schema`. Resolvers receive a {@link GatewayContext};
 * operations selecting anything but introspection are refused with UNAUTHENTICATED before execution
 * when the request has no usable credential.
 */
export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 4000;
  // An operator's list is checked against the schema (a typo would silently refuse everything); the
  // default names fields of the generated schema and is taken as is.
  const agentMutations =
    options.agentMutations === undefined ? new Set(DEFAULT_AGENT_MUTATIONS) : agentMutationSet(options.schema, options.agentMutations);
  const policy: AuthPolicy = {
    ...(options.serverCredentials === undefined ? {} : { serverCredentials: options.serverCredentials }),
    ...(options.defaultAccountSid === undefined ? {} : { defaultAccountSid: options.defaultAccountSid }),
    ...(options.gatewayToken === undefined ? {} : { gatewayToken: options.gatewayToken }),
    ...(options.flexTokens === undefined ? {} : { flexTokens: options.flexTokens }),
    // Unknown until bound; false is the safe answer for requests injected before then.
    loopbackListener: false,
  };

  const app = Fastify({
    logger:
      options.log === undefined
        ? false
        : {
            level: options.log.level,
            ...(options.log.stream === undefined ? {} : { stream: options.log.stream }),
            // Defence in depth: the default serializers log no headers, but a custom one later might.
            redact: ['req.headers.authorization', 'req.headers["x-gateway-token"]'],
          },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // fastify's own request/response lines would log URLs (GET query text); request-log.ts writes one safe line instead.
    logController: new LogController({ disableRequestLogging: true }),
    // On close: idle keep-alive sockets are dropped, busy ones finish their request, new requests get 503.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  // In persisted-operations mode GraphiQL could run nothing it lets you type: it is not served.
  const page =
    options.graphiql === false || options.persistedOperations !== undefined ? undefined : graphiqlPage({ endpoint: GRAPHQL_PATH, ...options.graphiql });
  const corsOrigins = options.corsOrigins ?? [];
  if (corsOrigins.length > 0) await installCors(app, corsOrigins);
  // GraphQL travels as JSON (or application/graphql); fastify's built-in text/plain parser would
  // accept what no GraphQL client sends, and what a cross-site form can. Without it: HTTP 415.
  app.removeContentTypeParser('text/plain');

  const requestLog = createRequestLog(GRAPHQL_PATH, operationNameOf);
  const hideSchema = options.limits?.limits.introspection === false;
  const timeoutMs = options.limits?.requestTimeoutMs;
  await app.register(mercurius, {
    schema: options.schema,
    path: GRAPHQL_PATH,
    // Compile an operation with graphql-jit from its second run; parsed documents are LRU-cached.
    jit: 1,
    cache: true,
    // mercurius's GraphiQL loads from a CDN; ours is served offline by the GET preHandler below.
    graphiql: false,
    errorFormatter: (result, context) => {
      const execution = withRequestErrors(result);
      let formatted = requestErrorResponse(execution, requestLog.errorFormatter(execution, context));
      if (hideSchema) formatted = withoutSchemaHints(formatted);
      const reply = (context as { reply?: FastifyReply }).reply;
      return timeoutMs === undefined || reply === undefined ? formatted : withDeadlineLimit(formatted, reply.elapsedTime, timeoutMs);
    },
    ...(options.persistedOperations === undefined ? {} : { persistedQueryProvider: persistedOperationsProvider(options.persistedOperations) }),
    // Authentication waits for the preExecution hook below: only then is it known whether the
    // operation needs credentials at all, so a request that fails earlier, or asks only for
    // introspection, never costs a Flex token validation.
    context: (): GatewayContext => ({ auth: NOT_AUTHENTICATED }),
    additionalRouteOptions: {
      // fastify would answer HEAD with the GET handler, which runs the operation (a mutation too:
      // mercurius refuses GET mutations only by the method name "GET"); HEAD gets the 405 below.
      exposeHeadRoute: false,
      // mercurius's response schema types error `path` items as strings, so its compiled
      // serializer turns list indices into "0"; the GraphQL spec wants integers there.
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
      // A browser's GET gets GraphiQL; any other request must carry a query (or, persisted, a hash).
      preHandler: [...(page === undefined ? [] : [serveGraphiql(page)]), ...(options.persistedOperations === undefined ? [requireQuery(page !== undefined)] : [])],
      onSend: setGraphqlMediaType,
    },
  });
  // Installed before the hooks below, so the request's trace context is set when authentication
  // runs (a Flex token validation is a traced upstream call of the request).
  installTracing(app, GRAPHQL_PATH);
  // The request line is logged at `info`: below that level (the CLI's default `warn`) its hooks would
  // only gather facts nobody writes. Installed before any hook that can refuse the operation, so
  // the line of a refused request names its operation too.
  if (options.log !== undefined && REQUEST_LOG_LEVELS.has(options.log.level)) requestLog.install(app);
  // The limits come before authentication: a request they refuse costs no Flex token validation.
  if (options.limits !== undefined) installLimits(app, { ...options.limits, operationName: operationNameOf });
  app.graphql.addHook('preValidation', async (_schema, document) => {
    // mercurius falls back to JSON.parse for sources that are not GraphQL (`"query": "5"`), which
    // can yield a non-document that crashes execution; refuse it as the bad request it is.
    if ((document as { kind?: unknown } | null)?.kind !== Kind.DOCUMENT) throw new NotADocumentError();
  });
  const cost = options.limits?.cost;
  const flexPolicy: FlexPolicy = { agentMutations, ...(cost === undefined ? {} : { accounts: indexAccounts(cost.map) }) };
  const operationFacts = new OperationFactsCache({
    schema: options.schema,
    credentials: indexCredentials(options.schema),
    ...(cost === undefined ? {} : { operations: cost }),
  });
  // Everything else that can refuse an operation outright runs here, before the first upstream call:
  // every argument that goes into a path or header (first, since it needs no credentials: a refused
  // request costs no Flex token validation), authentication (one request-level error beats one per
  // root field; introspection needs none) and what a Flex token may do.
  app.graphql.addHook('preExecution', async (_schema, document, context, variables) => {
    const gateway = context as unknown as GatewayContext;
    const request = context.reply.request;
    const facts = operationFacts.of(document, operationNameOf(request));
    if (facts !== null && cost !== undefined) assertInputsValid(facts, variables, cost.map);
    const needsCredentials = facts !== null && !facts.introspectionOnly;
    const auth = await authenticate(request.headers, policy, {
      validateFlexTokens: needsCredentials,
      flex: {
        ...(gateway.traceContext === undefined ? {} : { traceContext: gateway.traceContext }),
        onUpstreamCall: () => void (gateway.authUpstreamCalls = (gateway.authUpstreamCalls ?? 0) + 1),
      },
    });
    gateway.auth = auth;
    // An unknown or ambiguous operation name fails in execution with graphql's own message, before any call.
    if (facts === null) return;
    if (needsCredentials && auth instanceof AuthError) throw auth;
    assertFlexAccess(auth, facts, variables, flexPolicy);
  });

  // fastify drops idle keep-alive sockets when closing, but a socket busy at that moment would idle
  // on for the keep-alive timeout afterwards and hold the close up; answer in-flight requests with
  // `Connection: close` instead so each socket ends with its response.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('preParsing', bodyLimitHook(options.bodyLimit ?? DEFAULT_BODY_LIMIT));

  // Methods GraphQL over HTTP does not use get 405 with the ones it does, not a 404. HEAD is one of
  // them: a response without a body has no use for a GraphQL result, and must never run an operation.
  const allowed = corsOrigins.length > 0 ? 'GET, POST, OPTIONS' : 'GET, POST';
  app.route({
    method: corsOrigins.length > 0 ? ['HEAD', 'PUT', 'PATCH', 'DELETE'] : ['HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: GRAPHQL_PATH,
    handler: async (request, reply) => {
      // This route answers without the GraphQL error formatter, so it records its code for the log and metrics.
      requestLog.recordCodes(request, ['METHOD_NOT_ALLOWED']);
      return reply
        .code(405)
        .header('allow', allowed)
        .send({ errors: [{ message: `Method ${request.method} is not allowed on ${GRAPHQL_PATH}; use GET (queries) or POST.`, extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    },
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  if (page !== undefined) app.get('/', async (_request, reply) => reply.redirect(GRAPHQL_PATH));

  return {
    app,
    async listen() {
      await app.listen({ host, port });
      // Strings are pipe paths; the gateway only listens on TCP.
      const addresses = app.addresses().filter((address) => typeof address !== 'string');
      policy.loopbackListener = addresses.length > 0 && addresses.every((address) => isLoopbackAddress(address.address));
      const first = addresses[0];
      if (first === undefined) throw new Error('The gateway listener has no TCP address.');
      return baseUrl(host, first.port);
    },
    close: () => app.close(),
    errorCodes: (request) => requestLog.errorCodes(request),
  };
}

/** The context's credential until the preExecution hook has authenticated the request; never shown. */
const NOT_AUTHENTICATED = new AuthError('The request has not been authenticated.');

/** A `query` that is neither GraphQL nor a GraphQL AST; mercurius reports it with status 400. */
class NotADocumentError extends HttpRequestError {
  constructor() {
    super(400, 'BAD_REQUEST', '"query" is not a GraphQL document.');
  }
}

/**
 * Refuses a request without a query (mercurius would answer "Unknown query"). Runs after GraphiQL's
 * handler, so a browser opening the URL still gets the page.
 */
function requireQuery(graphiql: boolean) {
  return async (request: FastifyRequest) => {
    // A request of the wrong shape (a JSON array, `query` not a string) is mercurius's to report.
    if (request.validationError !== undefined) return;
    const source = (request.method === 'GET' ? request.query : request.body) as { query?: unknown } | null | undefined;
    const query = source?.query;
    if (query === undefined || query === null || query === '') throw new HttpRequestError(400, 'BAD_REQUEST', missingQueryMessage(graphiql));
  };
}

/** GET `/graphql` from a browser (Accept prefers `text/html`) gets GraphiQL instead of a GraphQL result. */
function serveGraphiql(page: () => Promise<Buffer>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || negotiate(request.headers.accept) !== 'text/html') return;
    // no-store: in emulator mode the page carries the demo Authorization header.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await page());
  };
}

/**
 * mercurius always answers `application/json`; GraphQL-over-HTTP clients asking for
 * `application/graphql-response+json` get that media type (same body, same status rules).
 */
async function setGraphqlMediaType(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  // Appended: CORS has already set `Vary: Origin` when it is on.
  const vary = reply.getHeader('vary');
  reply.header('vary', typeof vary === 'string' && vary !== '' ? `${vary}, Accept` : 'Accept');
  // A mutation sent over GET (mercurius answers 405): GraphQL over HTTP says to use POST.
  if (request.method === 'GET' && reply.statusCode === 405) reply.header('allow', 'POST');
  const type = reply.getHeader('content-type');
  if (typeof type === 'string' && type.startsWith('application/json')) {
    if (negotiate(request.headers.accept) === 'application/graphql-response+json') {
      reply.header('content-type', 'application/graphql-response+json; charset=utf-8');
    }
  }
  return payload;
}

/** The operation name a GET (query string) or POST (body) request selected, if any. */
function operationNameOf(request: FastifyRequest): string | undefined {
  const source = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown } | undefined;
  const name = source?.operationName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** A URL clients on this machine can use: unspecified bind addresses are reached through loopback. */
function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
