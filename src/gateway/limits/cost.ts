/**
 * The static cost of an operation: how many upstream calls it could cause, computed from the
 * operation map before execution. Each field with a plan (a REST call) costs 1 per parent object;
 * a connection multiplies the cost of everything under it by its `first`. The estimate ignores the
 * per-request memo and `@skip`/`@include`, so it is an upper bound. The same walk refuses a `first`
 * outside its connection's range, so no call is made for an operation that would fail on it later.
 */
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { OperationMap } from '../../schema/operation-map.js';
import { locatedAt } from '../preflight/locations.js';
import { LimitError } from './errors.js';

/** What the cost walk needs to know about the gateway's schema. */
export interface CostModel {
  map: OperationMap;
  /** The gateway-wide cap on `first` (each connection may cap lower at its operation's page size). */
  maxFirst: number;
}

/** Page size the resolvers use when `first` is null and the schema gives no default. */
const FALLBACK_FIRST = 50;

/** The cost of the operation `operationName` selects, with `first` values resolved from `variables`. */
export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Computes the operation's cost and refuses it when it exceeds `maxCost`, or when a connection's
 * `first` is out of range. Returns the cost (0 when the operation to run cannot be determined:
 * execution then fails with graphql-js's own message, before any call).
 * @throws LimitError with code QUERY_TOO_COMPLEX (cost) or BAD_USER_INPUT (`first`).
 */
export function checkCost(input: CostInput, model: CostModel, maxCost: number): number {
  const operation = getOperationAST(input.document, input.operationName);
  if (!operation) return 0;
  const root = input.schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variables: Record<string, unknown> = { ...input.variables };
  // Variables left out take their declared default, as execution will.
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] === undefined && definition.defaultValue) variables[name] = valueFromASTUntyped(definition.defaultValue);
  }
  const walk = new CostWalk(input.schema, model, fragments, variables);
  walk.selectionSet(operation.selectionSet, root, 1, new Set());
  if (walk.cost > maxCost) {
    const value = Math.min(walk.cost, Number.MAX_SAFE_INTEGER);
    throw new LimitError(
      `Query cost ${value} exceeds the budget of ${maxCost} (limit "maxCost"): the operation could make that many upstream calls. ` +
        'Each linked field counts once per parent object and each connection multiplies its contents by "first"; ask for smaller pages or fewer nested links.',
      { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost', value, max: maxCost },
    );
  }
  return walk.cost;
}

class CostWalk {
  cost = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly model: CostModel,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Readonly<Record<string, unknown>>,
  ) {}

  selectionSet(set: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, active: Set<string>): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        this.field(selection, parent, multiplier, active);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) this.selectionSet(selection.selectionSet, type, multiplier, active);
      } else {
        const name = selection.name.value;
        const fragment = this.fragments.get(name);
        // Validation has already refused unknown fragments and cycles; the guard keeps the walk finite regardless.
        if (!fragment || active.has(name)) continue;
        const type = this.schema.getType(fragment.typeCondition.name.value);
        if (!isCompositeType(type)) continue;
        active.add(name);
        this.selectionSet(fragment.selectionSet, type, multiplier, active);
        active.delete(name);
      }
    }
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, multiplier: number, active: Set<string>): void {
    const name = node.name.value;
    if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return;
    const definition = parent.getFields()[name];
    if (!definition) return;
    const plan = this.model.map.fields[parent.name]?.[name];
    const onQuery = parent === this.schema.getQueryType();
    // Query.node refetches through the id's type: one call, like any fetch.
    const calls = plan !== undefined || (onQuery && name === 'node');
    if (calls) this.cost += multiplier;
    let inner = multiplier;
    if (onQuery && name === '_entities') {
      // Federation: one fetch per representation, and everything selected under it once per representation.
      inner = multiplier * this.listLength(node, definition, 'representations');
      this.cost += inner;
    }
    if (plan?.kind === 'connection') {
      const cap = Math.min(this.model.map.operations[plan.op]?.maxPageSize ?? this.model.maxFirst, this.model.maxFirst);
      inner = multiplier * this.first(node, definition, parent.name, cap);
    }
    const type = getNamedType(definition.type);
    if (node.selectionSet && isCompositeType(type)) this.selectionSet(node.selectionSet, type, inner, active);
  }

  /** How many items a list argument holds (a single value counts as one, as input coercion makes it a list of one). */
  private listLength(node: FieldNode, definition: GraphQLField<unknown, unknown>, name: string): number {
    const argument = definition.args.find((arg) => arg.name === name);
    const literal = node.arguments?.find((arg) => arg.name.value === name);
    const value = literal && argument ? valueFromAST(literal.value, argument.type, this.variables) : undefined;
    return Array.isArray(value) ? value.length : value === null || value === undefined ? 0 : 1;
  }

  /** The connection's `first` as execution will see it, checked against its range. */
  private first(node: FieldNode, definition: GraphQLField<unknown, unknown>, parentName: string, cap: number): number {
    const argument = definition.args.find((arg) => arg.name === 'first');
    const literal = node.arguments?.find((arg) => arg.name.value === 'first');
    // An unset variable leaves the argument's schema default in force, as in execution.
    const given = literal && argument ? valueFromAST(literal.value, argument.type, this.variables) : undefined;
    const value = given === undefined ? argument?.defaultValue : given;
    if (value === null || value === undefined) return Math.min(FALLBACK_FIRST, cap);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > cap) {
      const error = new LimitError(
        `Argument "first" of ${parentName}.${definition.name} must be between 1 and ${cap} (got ${String(value)}).`,
        { code: 'BAD_USER_INPUT', limit: 'first', value: typeof value === 'number' ? value : 0, max: cap, argument: 'first' },
      );
      throw locatedAt(error, [literal ?? node]);
    }
    return value;
  }
}
