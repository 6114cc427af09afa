/**
 * Global ids for `Node`: the type name and the path values that refetch the
 * resource (a nested resource carries its parents' SIDs), base64url-encoded.
 */
import { GraphQLError } from 'graphql';
import { pathValueProblem } from './requests.js';

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
 * Why a global id's values cannot refetch a `typeName` object whose fetch path takes `params`, or
 * undefined when they can: one non-empty value per parameter, each allowed in its path segment
 * (`patternOf` gives a parameter's SID pattern). Checked before execution (src/gateway/preflight)
 * and again by `Query.node`; the message names the argument the caller gave (`id`) and which of the
 * id's values is wrong: `Argument "id" (Worker WorkspaceSid) must match …`.
 */
export function nodeIdValuesProblem(
  typeName: string,
  values: readonly string[],
  params: readonly string[],
  patternOf: (param: string) => RegExp | undefined,
): string | undefined {
  if (values.length !== params.length || values.some((v) => !v)) return 'Argument "id" is incomplete.';
  for (const [i, param] of params.entries()) {
    const problem = pathValueProblem(values[i]!, patternOf(param));
    if (problem !== undefined) return `Argument "id" (${typeName} ${param}) ${problem}.`;
  }
  return undefined;
}
