/**
 * One structured log line per GraphQL request: request id (pino's `reqId`), operation name and type,
 * account, upstream calls, duration, HTTP status and error codes. Nothing else from the request is
 * logged — no headers, query text, variables or response data — so no credential, token or secret
 * can reach the log. With logging off (fastify's default no-op logger) the cost is a WeakMap entry.
 */
import mercurius from 'mercurius';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthError, isAccountSid, type RequestAuth } from './auth.js';
import type { GatewayContext } from './context.js';
import { upstreamCallsOf } from './execution/resolvers.js';

/** What is known about one GraphQL request by the time its response is sent. */
interface RequestFacts {
  operationName?: string;
  operationType?: string;
  context?: GatewayContext;
  errorCodes: string[];
}

type MercuriusRequestContext = { reply?: { request: FastifyRequest } };

/** The request log of one server. */
export interface RequestLog {
  /** mercurius `errorFormatter`: mercurius's own, minus its per-error log lines, recording error codes. */
  errorFormatter(execution: ExecutionResult & { errors: readonly GraphQLError[] }, context: unknown): ReturnType<typeof mercurius.defaultErrorFormatter>;
  /** Registers the hooks that gather facts and write the line (after mercurius is registered). */
  install(app: FastifyInstance): void;
  /**
   * The codes of every error the request's response carries, one per error (the log line lists
   * each once); the metrics count these too. Errors pass through `errorFormatter`, or are
   * {@link RequestLog.recordCodes recorded} by a route that answers without it.
   */
  errorCodes(request: FastifyRequest): readonly string[];
  /** Records error codes of a response sent without the GraphQL error formatter. */
  recordCodes(request: FastifyRequest, codes: readonly string[]): void;
}

/** mercurius's default formatter logs every error with its stack and details; ours logs one line per request instead. */
const QUIET_CONTEXT = { app: { log: { info() {} } } };

/**
 * Creates the request log for the GraphQL route at `path`.
 * @param operationName reads the operation name a request selected (body or query string).
 */
export function createRequestLog(path: string, operationName: (request: FastifyRequest) => string | undefined): RequestLog {
  const facts = new WeakMap<FastifyRequest, RequestFacts>();
  const factsOf = (request: FastifyRequest): RequestFacts => {
    let entry = facts.get(request);
    if (!entry) {
      entry = { errorCodes: [] };
      facts.set(request, entry);
    }
    return entry;
  };

  return {
    errorFormatter(execution, context) {
      const request = (context as MercuriusRequestContext).reply?.request;
      if (request) {
        const entry = factsOf(request);
        entry.context ??= context as GatewayContext;
        entry.operationName ??= operationName(request);
        entry.errorCodes.push(...execution.errors.flatMap(errorCodes));
      }
      return mercurius.defaultErrorFormatter(execution as never, QUIET_CONTEXT as never);
    },
    install(app) {
      app.graphql.addHook('preExecution', (_schema, document, context) => {
        const request = context.reply.request;
        const entry = factsOf(request);
        entry.context = context as unknown as GatewayContext;
        const name = operationName(request);
        const operation = document.definitions.find(
          (d) => d.kind === 'OperationDefinition' && (name === undefined || d.name?.value === name),
        ) as { operation: string; name?: { value: string } } | undefined;
        entry.operationType = operation?.operation;
        entry.operationName = name ?? operation?.name?.value;
      });
      app.addHook('onResponse', async (request, reply) => {
        const entry = facts.get(request);
        if (!entry || request.routeOptions.url !== path) return;
        const auth = entry.context?.auth;
        request.log.info(
          {
            operationName: entry.operationName ?? null,
            operationType: entry.operationType ?? null,
            ...loggedAccounts(auth),
            upstreamCalls: entry.context === undefined ? 0 : upstreamCallsOf(entry.context) + (entry.context.authUpstreamCalls ?? 0),
            durationMs: Math.round(reply.elapsedTime * 10) / 10,
            status: reply.statusCode,
            errors: [...new Set(entry.errorCodes)],
          },
          'graphql request',
        );
      });
    },
    errorCodes: (request) => facts.get(request)?.errorCodes ?? [],
    recordCodes(request, codes) {
      factsOf(request).errorCodes.push(...codes);
    },
  };
}

/**
 * Whose request it was: `accountSid` is the account the credential belongs to (an Auth Token's
 * Account SID; for an API key, whose account the gateway cannot see, the account the request
 * names), which is what Twilio's product APIs act on. `requestedAccountSid` is the account the
 * request named for the 2010 API (X-Twilio-Account-Sid), when that is another one.
 */
function loggedAccounts(auth: RequestAuth | AuthError | undefined): { accountSid: string | null; requestedAccountSid?: string } {
  if (auth === undefined || auth instanceof AuthError) return { accountSid: null };
  const own = isAccountSid(auth.credential.username) ? auth.credential.username : auth.accountSid;
  return own === auth.accountSid ? { accountSid: own } : { accountSid: own, requestedAccountSid: auth.accountSid };
}

/** Error codes of one reported error: `extensions.code`, else a category from its origin. */
function errorCodes(error: GraphQLError): string[] {
  const original = error.originalError as { errors?: unknown; code?: unknown } | undefined;
  // mercurius wraps validation failures: one error carrying the list.
  if (Array.isArray(original?.errors)) {
    return (original.errors as Error[]).map((inner) => codeOf(inner instanceof GraphQLError ? inner : new GraphQLError(inner.message), 'GRAPHQL_VALIDATION_FAILED'));
  }
  return [codeOf(error, typeof original?.code === 'string' ? original.code : 'INTERNAL_SERVER_ERROR')];
}

function codeOf(error: GraphQLError, fallback: string): string {
  const code = error.extensions?.['code'];
  if (typeof code === 'string') return code;
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  return fallback;
}
