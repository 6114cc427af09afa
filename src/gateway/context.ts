/** The GraphQL context the gateway gives resolvers. */
import type { Context } from '@opentelemetry/api';
import { AuthError, type RequestAuth } from './auth.js';

/** What every resolver receives as `context` (mercurius adds `reply`, `app` and friends). */
export interface GatewayContext {
  /** The request's credential, or why it has none. */
  auth: RequestAuth | AuthError;
  /** Trace context of the request's span (observability/tracing.ts); upstream spans are its children. */
  traceContext?: Context;
  /** Flex token validation calls this request made while authenticating (counted in its log line). */
  authUpstreamCalls?: number;
}

/**
 * The request's credential for an upstream call. Operations that select anything but introspection
 * are refused before execution when the request has none (server.ts), so this throws only if a
 * resolver is reached some other way.
 */
export function requireAuth(context: GatewayContext): RequestAuth {
  if (context.auth instanceof AuthError) throw context.auth;
  return context.auth;
}
