/**
 * Argument checks before execution: every path value (literal or variable) of the whole operation is
 * checked against its SID pattern and the segment rules, header values for line breaks, cursors and
 * global ids for their shape, so invalid input is refused before the first upstream call — also in
 * nested fields and in later mutations of a multi-mutation operation. The resolvers check again when
 * they build each request (defence in depth, src/gateway/execution/requests.ts).
 */
import { GraphQLError } from 'graphql';
import type { OperationMap } from '../../schema/operation-map.js';
import { assertCursorFits, decodeCursor } from '../execution/cursor.js';
import { decodeNodeId, nodeIdValuesProblem } from '../execution/node-id.js';
import { headerValueProblem, pathValueProblem } from '../execution/requests.js';
import { argumentValue, compiledPattern, type InputCheck, type OperationFacts } from './facts.js';

/**
 * A request refused for invalid arguments, before execution: one GraphQL error per argument (each
 * with `extensions` `{ code: "BAD_USER_INPUT", argument, field }`), answered with HTTP 400. Carried as
 * `errors`, the shape mercurius's formatter spreads into the response (as for validation errors).
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  readonly extensions = { code: 'BAD_USER_INPUT' } as const;
  readonly statusCode = 400;

  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((error) => error.message).join(' '));
  }
}

/**
 * Throws {@link InvalidInputError} naming every argument of the operation that could not be sent.
 * @param variables the request's variables, as sent (mercurius has already checked them against their types).
 */
export function assertInputsValid(facts: OperationFacts, variables: Readonly<Record<string, unknown>> | undefined, map: OperationMap): void {
  if (facts.inputs.length === 0) return;
  const values = { ...facts.variableDefaults, ...variables };
  const errors: GraphQLError[] = [];
  for (const check of facts.inputs) {
    const value = argumentValue(check.site, values);
    if (value === undefined || value === null) continue;
    const problem = inputProblem(check, value, map);
    if (problem !== undefined) {
      errors.push(
        new GraphQLError(problem.message, { nodes: check.site.node, extensions: { code: 'BAD_USER_INPUT', argument: problem.argument, field: check.site.field } }),
      );
    }
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
}

function inputProblem(check: InputCheck, value: unknown, map: OperationMap): { message: string; argument: string } | undefined {
  const argument = check.site.argument.name;
  const named = (problem: string | undefined, name = argument) => (problem === undefined ? undefined : { message: `Argument "${name}" ${problem}.`, argument: name });
  switch (check.kind) {
    case 'path':
      return named(pathValueProblem(String(value), check.pattern));
    case 'header':
      return named(headerValueProblem(String(value)));
    case 'cursor': {
      const { op, cap } = check;
      return refusal(argument, () => assertCursorFits(decodeCursor(String(value)), (name) => op.params[name]?.in === 'query', cap));
    }
    case 'node-id':
      return nodeIdProblem(String(value), map);
  }
}

/** The checks `Query.node` makes when it resolves, made ahead: a fetchable type, complete and valid path values. */
function nodeIdProblem(id: string, map: OperationMap): { message: string; argument: string } | undefined {
  let decoded: { typeName: string; values: string[] } | undefined;
  const refused = refusal('id', () => void (decoded = decodeNodeId(id)));
  if (refused || !decoded) return refused;
  const node = map.types[decoded.typeName]?.node;
  if (!node) return { message: `Type ${decoded.typeName} cannot be fetched by id.`, argument: 'id' };
  const op = map.operations[node.op];
  const message = nodeIdValuesProblem(decoded.typeName, decoded.values, Object.keys(node.path), (param) => {
    const source = op?.params[param]?.pattern;
    return source === undefined ? undefined : compiledPattern(source);
  });
  return message === undefined ? undefined : { message, argument: 'id' };
}

/** Runs a check that throws the resolvers' own GraphQL error, returning that error's message instead. */
function refusal(argument: string, check: () => void): { message: string; argument: string } | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof GraphQLError) return { message: error.message, argument };
    throw error;
  }
}
