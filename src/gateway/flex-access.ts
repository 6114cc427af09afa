/**
 * What a Flex token may do. Requests made on behalf of a Flex token run with the server's
 * credentials, so they may never read or mint credentials (`Account.authToken`, API key secrets …,
 * see preflight/credentials.ts), nor reach another account with them (a subaccount named in an
 * argument, the subaccount list), whatever the holder's roles. A token whose holder is neither an
 * admin nor a supervisor may further run just the mutations an operator allows, and a mutation whose
 * path names a TaskRouter worker only for the token's own worker. The default list holds only
 * mutations that can be tied to the agent: its worker and that worker's reservations, plus sending
 * conversation messages. Checked before execution, so a refused operation makes no upstream call.
 */
import type { GraphQLSchema, SourceLocation } from 'graphql';
import type { AuthError, RequestAuth } from './auth.js';
import type { FlexIdentity } from './flex-tokens.js';
import { namedAccounts, type AccountIndex } from './preflight/accounts.js';
import { argumentValue, type FieldSelections, type OperationFacts } from './preflight/facts.js';
import { locatedAt, type Locatable } from './preflight/locations.js';

/**
 * Mutations an agent-only Flex token may run unless the operator configures another list. Each
 * TaskRouter one names the worker in its path, so it is held to the token's own worker.
 * `updateReservation` and `updateTask` are left out: their paths name a task, not a worker, so an
 * agent could accept, complete or reprioritise any other agent's work with them.
 */
export const DEFAULT_AGENT_MUTATIONS: readonly string[] = [
  'updateWorkerReservation',
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
export class ForbiddenError extends Error implements Locatable {
  override readonly name = 'ForbiddenError';
  readonly extensions = { code: 'FORBIDDEN' } as const;
  /** HTTP status when the error ends the request before execution. */
  readonly statusCode = 403;
  locations?: readonly SourceLocation[];
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

/** What Flex tokens may do on this gateway. */
export interface FlexPolicy {
  /** Mutations agent-only tokens may run. */
  agentMutations: ReadonlySet<string>;
  /** Where operations name accounts; without it (no operation map) account arguments are not read. */
  accounts?: AccountIndex;
}

/**
 * Throws {@link ForbiddenError} when a Flex-token request selects a credential, names an account
 * other than the server's or the subaccount collection, or when an agent-only token runs a mutation
 * outside the allow-list or names a worker other than its own. Other requests pass.
 * @param variables the request's variables, for arguments given as variables.
 */
export function assertFlexAccess(
  auth: RequestAuth | AuthError,
  facts: OperationFacts,
  variables: Readonly<Record<string, unknown>> | undefined,
  policy: FlexPolicy,
): void {
  if (!('flex' in auth) || auth.flex === undefined) return;
  if (facts.credentials.size > 0) {
    throw refusal(`Flex tokens act with the gateway's own credentials and may not read or create credentials: ${quoted(facts.credentials)}.`, facts.credentials);
  }
  const values = { ...facts.variableDefaults, ...variables };
  assertOwnAccount(auth.accountSid, facts, values, policy.accounts);
  if (!isAgentOnly(auth.flex) || facts.operation !== 'mutation') return;
  const allowed = policy.agentMutations;
  const refused = new Map([...facts.rootFields].filter(([name]) => !allowed.has(name)));
  if (refused.size > 0) {
    throw refusal(`Flex agents may not run ${quoted(refused)}: agent-only tokens may run ${allowed.size === 0 ? 'no mutations' : [...allowed].join(', ')}.`, refused);
  }
  const own = auth.flex.workerSid;
  for (const site of facts.workerArguments) {
    if (argumentValue(site, values) === own) continue;
    const message =
      own === undefined
        ? `Flex agents may act only on their own worker, and this token names none (argument "${site.argument.name}" of ${site.field}).`
        : `Flex agents may act only on their own worker: argument "${site.argument.name}" of ${site.field} must be the token's worker_sid.`;
    throw locatedAt(new ForbiddenError(message), [site.node]);
  }
}

/**
 * A Flex token acts on the server's account only: the server's credentials could reach its
 * subaccounts too, so an operation may neither name another account nor touch the subaccount list.
 */
function assertOwnAccount(own: string, facts: OperationFacts, values: Readonly<Record<string, unknown>>, accounts: AccountIndex | undefined): void {
  if (facts.accountCollections.size > 0) {
    throw refusal(
      `Flex tokens act on the gateway's own account only and may not list or create subaccounts: ${quoted(facts.accountCollections)}.`,
      facts.accountCollections,
    );
  }
  if (accounts === undefined) return;
  const other = namedAccounts(facts, values, accounts).find((named) => named.sid !== own);
  if (other !== undefined) {
    throw locatedAt(
      new ForbiddenError(`Flex tokens act on the gateway's own account only: argument "${other.argument}" of ${other.field} names another account.`),
      [other.node],
    );
  }
}

/** A refusal of the selected fields `fields`, located at every node that selects them. */
function refusal(message: string, fields: FieldSelections): ForbiddenError {
  return locatedAt(new ForbiddenError(message), [...fields.values()].flat());
}

/** `"a", "b"`: the names of `fields`, for messages. */
function quoted(fields: FieldSelections): string {
  return [...fields.keys()].map((name) => `"${name}"`).join(', ');
}
