/**
 * Role-aware access for Flex tokens: a token whose holder is only an agent may run the mutations an
 * operator allows (by default TaskRouter reservation, task and worker-activity updates, and sending
 * conversation messages) and no others. Checked before execution, so a refused operation makes no
 * upstream call at all. Queries are not restricted: Twilio already scopes what the account can read.
 */
import { getOperationAST, Kind, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { AuthError, RequestAuth } from './auth.js';
import type { FlexIdentity } from './flex-tokens.js';

/** Mutations an agent-only Flex token may run unless the operator configures another list. */
export const DEFAULT_AGENT_MUTATIONS: readonly string[] = [
  'updateReservation',
  'updateWorkerReservation',
  'updateTask',
  'updateWorker',
  'createConversationMessage',
  'createServiceConversationMessage',
];

/** Flex roles that lift the agent restriction. */
const PRIVILEGED_ROLES: ReadonlySet<string> = new Set(['admin', 'supervisor']);

/**
 * A request that is authenticated but not allowed to run the operation. Shaped like mercurius's
 * `ErrorWithProps` (as `AuthError` is), so it becomes a GraphQL error with `extensions.code = "FORBIDDEN"`.
 */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  readonly extensions = { code: 'FORBIDDEN' } as const;
  /** HTTP status when the error ends the request before execution. */
  readonly statusCode = 403;
}

/**
 * Checks an allow-list against the schema's Mutation type and returns it as a set.
 * @throws Error naming the first entry that is not a mutation field.
 */
export function agentMutationSet(schema: GraphQLSchema, names: readonly string[]): ReadonlySet<string> {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const name of names) {
    if (!(name in fields)) throw new Error(`Agent mutation allow-list: "${name}" is not a field of the Mutation type.`);
  }
  return new Set(names);
}

/**
 * Whether a Flex user is restricted to the agent allow-list: every holder without an `admin` or
 * `supervisor` role (so a token with no roles, or an unknown one, is restricted too).
 */
export function isAgentOnly(flex: FlexIdentity): boolean {
  return !flex.roles.some((role) => PRIVILEGED_ROLES.has(role));
}

/**
 * Throws {@link ForbiddenError} when the request's Flex token is agent-only and the operation to run
 * is a mutation selecting any root field outside `allowed`. Other requests pass untouched.
 */
export function assertMutationAllowed(
  auth: RequestAuth | AuthError,
  document: DocumentNode,
  operationName: string | undefined,
  allowed: ReadonlySet<string>,
): void {
  if (!('flex' in auth) || auth.flex === undefined || !isAgentOnly(auth.flex)) return;
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'mutation') return;
  const refused = [...rootFields(operation.selectionSet, document, new Set())].filter((name) => !allowed.has(name));
  if (refused.length === 0) return;
  const list = refused.map((name) => `"${name}"`).join(', ');
  throw new ForbiddenError(
    `Flex agents may not run ${list}: agent-only tokens may run ${allowed.size === 0 ? 'no mutations' : [...allowed].join(', ')}.`,
  );
}

/** Root field names of a selection set, through fragments; `__typename` is always allowed. */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, seen: Set<string>): Set<string> {
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.add(selection.name.value);
      continue;
    }
    let inner: SelectionSetNode | undefined;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = selection.selectionSet;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) inner = fragment.selectionSet;
    }
    if (inner !== undefined) for (const name of rootFields(inner, document, seen)) names.add(name);
  }
  return names;
}
