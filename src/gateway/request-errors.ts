/**
 * Requests that fail before GraphQL sees them — a body of the wrong media type, malformed JSON, no
 * query at all, a mutation over GET — are reported by fastify and mercurius with their own internal
 * codes and terse messages ("Unsupported Media Type", "Unknown query"). Here they become GraphQL
 * errors with an `extensions.code` clients can act on and a message saying what to send instead;
 * the request log and the metrics record the same codes.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';

/** A request the gateway refuses at the HTTP level; thrown from a route or hook, it becomes a GraphQL error. */
export class HttpRequestError extends Error {
  override readonly name = 'HttpRequestError';
  readonly extensions: { code: string };

  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
  ) {
    super(message);
    this.extensions = { code };
  }
}

/** Media types a GraphQL request body may have. */
const ACCEPTED_MEDIA_TYPES = 'application/json, or application/graphql with the query alone as the body';

/** The message for a request without a query; `graphiql` says whether a browser would get GraphiQL here. */
export function missingQueryMessage(graphiql: boolean): string {
  return `Missing "query" (send a GraphQL document in "query"${graphiql ? ', or open this URL in a browser for GraphiQL' : ''}).`;
}

/** What fastify and mercurius report, keyed by their error codes, as the gateway reports it. */
const KNOWN: Readonly<Record<string, (error: Error & { statusCode?: number }) => HttpRequestError>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new HttpRequestError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported media type: send the request body as ${ACCEPTED_MEDIA_TYPES}.`),
  FST_ERR_CTP_INVALID_JSON_BODY: (error) => new HttpRequestError(400, 'BAD_REQUEST', error.message),
  FST_ERR_CTP_EMPTY_JSON_BODY: (error) => new HttpRequestError(400, 'BAD_REQUEST', error.message),
  // mercurius checks the GET method only (HEAD never gets here: it is answered 405 by the server).
  MER_ERR_METHOD_NOT_ALLOWED: () =>
    new HttpRequestError(405, 'METHOD_NOT_ALLOWED', 'Only queries can be sent with GET; send mutations with POST.'),
};

/**
 * `execution` with fastify's and mercurius's request errors replaced by {@link HttpRequestError}s
 * (unchanged when there are none, which is every GraphQL result).
 */
export function withRequestErrors<T extends ExecutionResult>(execution: T): T {
  const errors = execution.errors;
  if (errors === undefined || 'data' in execution) return execution;
  let changed = false;
  const replaced = errors.map((error) => {
    const original = error.originalError as (Error & { code?: unknown; statusCode?: number; errors?: unknown }) | undefined;
    const known = typeof original?.code === 'string' ? KNOWN[original.code] : undefined;
    if (known !== undefined) {
      changed = true;
      return asGraphQLError(known(original!));
    }
    if (original?.code === 'MER_ERR_GQL_VALIDATION') {
      // A query-string parameter that is not JSON (GET), reported with the parser's bare message.
      if (original.errors === undefined) {
        changed = true;
        return asGraphQLError(new HttpRequestError(400, 'BAD_REQUEST', `"variables" or "extensions" in the query string is not valid JSON: ${original.message}`));
      }
      // The request's shape ("body must be object", "body/query must be string"), checked by
      // mercurius's JSON schema; the same wrapper carries graphql-js's validation errors, left as they are.
      const inner = Array.isArray(original.errors) ? (original.errors as unknown[]) : [];
      if (inner.length > 0 && inner.every((e) => e instanceof Error && !(e instanceof GraphQLError))) {
        changed = true;
        return inner.map((e) => asGraphQLError(new HttpRequestError(400, 'BAD_REQUEST', (e as Error).message)));
      }
    }
    return error;
  });
  return changed ? { ...execution, errors: replaced.flat() } : execution;
}

function asGraphQLError(error: HttpRequestError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: error.extensions });
}
