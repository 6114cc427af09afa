/**
 * The GraphQL context the gateway gives resolvers, and the gate that refuses unauthenticated
 * operations before execution.
 */
import type { Context } from '@opentelemetry/api';
import { getOperationAST, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { AuthError, type RequestAuth } from './auth.js';

/** What every resolver receives as `context` (mercurius adds `reply`, `app` and friends). */
export interface GatewayContext {
  /** The request's credential, or why it has none. */
  auth: RequestAuth | AuthError;
  /** Trace context of the request's span (observability/tracing.ts); upstream spans are its children. */
  traceContext?: Context;
}

/**
 * The request's credential for an upstream call. Operations that select anything but introspection
 * are gated before execution (see {@link assertAuthenticated}), so this throws only if a resolver is
 * reached some other way.
 */
export function requireAuth(context: GatewayContext): RequestAuth {
  if (context.auth instanceof AuthError) throw context.auth;
  return context.auth;
}

/**
 * Throws the request's {@link AuthError} when the operation to run selects any root field other than
 * introspection (`__schema`, `__type`, `__typename`) and the federation SDL (`_service`). One request-level error beats one error per
 * root field, and introspection stays open so GraphiQL can load the schema before a header is set.
 */
export function assertAuthenticated(context: GatewayContext, document: DocumentNode, operationName: string | undefined): void {
  if (!(context.auth instanceof AuthError)) return;
  const operation = getOperationAST(document, operationName);
  // An unknown or ambiguous operation name fails in execution with graphql's own message.
  if (!operation) return;
  if (!introspectionOnly(operation.selectionSet, document, new Set())) throw context.auth;
}

function introspectionOnly(selectionSet: SelectionSetNode, document: DocumentNode, seen: Set<string>): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // `_service { sdl }` (Apollo Federation) is the SDL, as public as introspection: composition reads it unauthenticated.
      if (!selection.name.value.startsWith('__') && selection.name.value !== '_service') return false;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!introspectionOnly(selection.selectionSet, document, seen)) return false;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === name,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION && !introspectionOnly(fragment.selectionSet, document, seen)) return false;
    }
  }
  return true;
}
