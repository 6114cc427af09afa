/** Turns REST client failures into GraphQL errors with Twilio's details in `extensions`. */
import { GraphQLError } from 'graphql';
import { TwilioApiError, UpstreamUnavailableError } from '../../twilio/index.js';

/**
 * `extensions.code` is a GraphQL-style category (`UNAUTHENTICATED`, `NOT_FOUND`,
 * `BAD_USER_INPUT`, `RATE_LIMITED`, `UPSTREAM_ERROR`, `UPSTREAM_UNAVAILABLE`);
 * `twilioCode`, `status`, `moreInfo` and `retryAfter` (seconds, from `Retry-After`) are Twilio's own. For a mutation (`options.mutation`) that
 * got no usable answer, `extensions.outcome` says whether it may have taken effect: `"unknown"` when
 * the request was sent (it is never retried, so check before sending it again) or `"not-sent"`.
 */
export function toGraphQLError(error: unknown, options: { mutation?: boolean } = {}): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof TwilioApiError) {
    const extensions: Record<string, unknown> = { code: categoryOf(error), status: error.status };
    if (error.code !== undefined) extensions['twilioCode'] = error.code;
    if (error.moreInfo !== undefined) extensions['moreInfo'] = error.moreInfo;
    // Seconds, as Twilio's header says it: when to try again.
    if (error.retryAfterMs !== undefined) extensions['retryAfter'] = error.retryAfterMs / 1000;
    return new GraphQLError(`Twilio: ${error.message}`, { extensions, originalError: error });
  }
  if (error instanceof UpstreamUnavailableError) {
    const extensions: Record<string, unknown> = { code: 'UPSTREAM_UNAVAILABLE', host: error.host, reason: error.reason, sent: error.sent };
    if (options.mutation !== true) return new GraphQLError(error.message, { extensions, originalError: error });
    extensions['outcome'] = error.sent ? 'unknown' : 'not-sent';
    const outcome = error.sent
      ? 'The mutation was sent but no answer came back, so its outcome is unknown: it may have taken effect. It was not retried; check before sending it again.'
      : 'The mutation was not sent, so it had no effect; it is safe to retry.';
    return new GraphQLError(`${error.message}. ${outcome}`, { extensions, originalError: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' }, ...(error instanceof Error ? { originalError: error } : {}) });
}

function categoryOf(error: TwilioApiError): string {
  if (error.status === 401 || error.code === 20003) return 'UNAUTHENTICATED';
  if (error.status === 404) return 'NOT_FOUND';
  if (error.status === 429) return 'RATE_LIMITED';
  if (error.status >= 400 && error.status < 500) return 'BAD_USER_INPUT';
  return 'UPSTREAM_ERROR';
}

/** A user error raised before any upstream call, naming the offending argument. */
export function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}
