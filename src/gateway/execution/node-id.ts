/**
 * Global ids for `Node`: the type name and the path values that refetch the
 * resource (a nested resource carries its parents' SIDs), base64url-encoded.
 */
import { GraphQLError } from 'graphql';

/** The global id of a `typeName` object whose fetch path takes `values`. */
export function encodeNodeId(typeName: string, values: readonly string[]): string {
  return Buffer.from([typeName, ...values].map(encodeURIComponent).join(':')).toString('base64url');
}

/** Reads a global id; a malformed one is a user error naming the argument `id`. */
export function decodeNodeId(id: string): { typeName: string; values: string[] } {
  const parts = Buffer.from(id, 'base64url').toString('utf8').split(':');
  try {
    const [typeName, ...values] = parts.map(decodeURIComponent);
    if (typeName && /^[A-Z][A-Za-z0-9]*$/.test(typeName)) return { typeName, values };
  } catch {
    // fall through
  }
  throw new GraphQLError('Argument "id" is not a global id returned by this gateway.', {
    extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
  });
}

/**
 * The message for a value inside a global id that may not be sent, naming the argument the caller
 * gave (`id`) and which of the id's values is wrong: `Argument "id" (Worker WorkspaceSid) must match …`.
 */
export function nodeIdValueMessage(typeName: string, param: string, problem: string): string {
  return `Argument "id" (${typeName} ${param}) ${problem}.`;
}
