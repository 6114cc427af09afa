/**
 * Builds the executable schema: the committed SDL with generic resolvers attached
 * from the operation map. No per-resource code: every field runs through the
 * resolvers in ./execution.
 */
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import type { TwilioClient } from '../twilio/index.js';
import type { FieldPlan, OperationMap } from '../schema/operation-map.js';
import { loadArtifacts } from './artifacts.js';
import { prepareField, type PreparedField } from './execution/requests.js';
import { attachFederation, federationTypeDefs } from './federation.js';
import {
  connectionResolver,
  fetchResolver,
  mutationResolver,
  nodeIdResolver,
  nodeResolver,
  resolveNodeType,
  type ResolverOptions,
} from './execution/resolvers.js';
import { DateTimeScalar, JSONScalar, URLScalar } from './execution/scalars.js';
import { SelectionPlanner } from './execution/selection.js';
import { wireGetters, type WireGetters } from './execution/wire-getters.js';

/** The documented cap on `first` for every connection (Twilio's own PageSize maximum). */
export const DEFAULT_MAX_FIRST = 1000;

export interface ExecutableSchemaOptions {
  client: TwilioClient;
  /** Largest `first` a connection accepts; default {@link DEFAULT_MAX_FIRST}. */
  maxFirst?: number;
  /** Per-request time budget for all upstream calls, in ms. */
  requestTimeoutMs?: number;
  /** SDL and operation map; default: the committed artifacts. */
  artifacts?: { sdl: string; map: OperationMap };
}

/**
 * Builds the gateway's executable schema over Twilio. It is always an Apollo Federation v2
 * subgraph too (`_service`, `_entities`): the extra root fields cost nothing until queried.
 */
export function createExecutableSchema(options: ExecutableSchemaOptions): GraphQLSchema {
  const { sdl, map } = options.artifacts ?? loadArtifacts();
  const schema = buildSchema(sdl + '\n' + federationTypeDefs(map), { assumeValidSDL: true });
  const resolverOptions: ResolverOptions = {
    client: options.client,
    map,
    maxFirst: options.maxFirst ?? DEFAULT_MAX_FIRST,
    selections: new SelectionPlanner(map),
    wire: wireGetters(map),
  };
  if (options.requestTimeoutMs !== undefined) resolverOptions.requestTimeoutMs = options.requestTimeoutMs;

  for (const [name, impl] of [['DateTime', DateTimeScalar], ['JSON', JSONScalar], ['URL', URLScalar]] as const) {
    const scalar = schema.getType(name) as GraphQLScalarType;
    scalar.serialize = impl.serialize;
    scalar.parseValue = impl.parseValue;
    scalar.parseLiteral = impl.parseLiteral;
  }

  attachDataFields(schema, map, resolverOptions.wire);
  const nodeFields = attachNodeIds(schema, map);
  for (const [parentName, fields] of Object.entries(map.fields)) {
    const parent = schema.getType(parentName);
    if (!isObjectType(parent)) throw new Error(`Operation map names unknown type ${parentName}`);
    const gqlFields = parent.getFields();
    for (const [fieldName, plan] of Object.entries(fields)) {
      const field = gqlFields[fieldName];
      if (!field) throw new Error(`Operation map names unknown field ${parentName}.${fieldName}`);
      field.resolve = planResolver(plan, field, map, resolverOptions);
    }
  }
  schema.getQueryType()!.getFields()['node']!.resolve = nodeResolver(nodeFields, resolverOptions);
  attachFederation(schema, sdl, map, nodeFields, resolverOptions);
  const node = schema.getType('Node');
  if (isInterfaceType(node)) node.resolveType = resolveNodeType;
  dropSdlNodes(schema);
  return schema;
}

/**
 * `buildSchema` keeps the SDL's syntax tree on every type, field and argument. Nothing at run time
 * reads it (validation, execution and introspection use the schema objects; `_service` serves the
 * committed file), and it is about half the schema's heap.
 */
function dropSdlNodes(schema: GraphQLSchema): void {
  const mutable = schema as { astNode?: unknown; extensionASTNodes?: unknown };
  mutable.astNode = undefined;
  mutable.extensionASTNodes = [];
  for (const type of Object.values(schema.getTypeMap())) {
    const t = type as { astNode?: unknown; extensionASTNodes?: unknown };
    t.astNode = undefined;
    t.extensionASTNodes = [];
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        (field as { astNode?: unknown }).astNode = undefined;
        for (const arg of 'args' in field ? field.args : []) (arg as { astNode?: unknown }).astNode = undefined;
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) (value as { astNode?: unknown }).astNode = undefined;
    }
  }
}

/**
 * The resolver for a field with a plan, prepared on its first call: a process serves a small
 * part of two thousand operation fields, so preparing all of them would only slow the start.
 */
function planResolver(plan: FieldPlan, field: GraphQLField<unknown, unknown>, map: OperationMap, options: ResolverOptions): GraphQLFieldResolver<any, any> {
  let resolver: GraphQLFieldResolver<any, any> | undefined;
  return (parent, args, context, info) => {
    resolver ??= preparedResolver(plan, field, map, options);
    return resolver(parent, args, context, info);
  };
}

function preparedResolver(plan: FieldPlan, field: GraphQLField<unknown, unknown>, map: OperationMap, options: ResolverOptions): GraphQLFieldResolver<any, any> {
  const prepared = prepareField(plan, field.args, map);
  const typeName = getNamedType(field.type).name;
  switch (plan.kind) {
    case 'fetch':
      return fetchResolver(prepared, options, typeName);
    case 'connection':
      return connectionResolver(prepared, options, connectionItemType(field));
    case 'mutation':
      return mutationResolver(prepared, options, typeName === 'Boolean' ? undefined : typeName);
    case 'delete':
      return mutationResolver(prepared, options, undefined);
  }
}

/** The item type of a connection field (`WorkerConnection!` → `Worker`). */
function connectionItemType(field: GraphQLField<unknown, unknown>): string {
  const connection = getNamedType(field.type);
  if (!isObjectType(connection)) throw new Error(`${field.name} is not a connection`);
  return getNamedType(connection.getFields()['nodes']!.type).name;
}

/**
 * Plain data fields read their wire name: through no resolver where the wire getters serve them
 * (see ./execution/wire-getters.ts), else through one. Enums map Twilio's values to GraphQL's.
 */
function attachDataFields(schema: GraphQLSchema, map: OperationMap, wire: WireGetters): void {
  for (const [typeName, mapped] of Object.entries(map.types)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const [fieldName, wireName] of Object.entries(mapped.fields)) {
      const field = fields[fieldName]!;
      if (wireName === '') {
        field.resolve = (parent) => parent;
        continue;
      }
      const toGraphQL = enumOutput(field.type, map);
      if (toGraphQL) field.resolve = (parent: Record<string, unknown>) => toGraphQL(parent[wireName]);
      else if (!wire.serves(fieldName, wireName)) field.resolve = (parent: Record<string, unknown>) => parent[wireName];
    }
  }
}

function enumOutput(type: GraphQLOutputType, map: OperationMap): ((value: unknown) => unknown) | undefined {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const item = enumOutput(inner.ofType, map);
    return item && ((value) => (Array.isArray(value) ? value.map(item) : value));
  }
  if (!isEnumType(inner)) return undefined;
  const reverse = new Map(Object.entries(map.enums[inner.name] ?? {}).map(([name, wire]) => [wire, name]));
  return (value) => (value === null || value === undefined ? null : (reverse.get(value as string) ?? value));
}

/** Global ids, and the per-type fetch used by `Query.node`. */
function attachNodeIds(schema: GraphQLSchema, map: OperationMap): Map<string, PreparedField> {
  const byType = new Map<string, PreparedField>();
  for (const [typeName, mapped] of Object.entries(map.types)) {
    if (!mapped.node) continue;
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    type.getFields()['id']!.resolve = nodeIdResolver(typeName, mapped);
    // Query.node fills the same path from the id's values, validated like arguments.
    const params = Object.keys(mapped.node.path);
    const plan: FieldPlan = { kind: 'fetch', op: mapped.node.op, path: Object.fromEntries(params.map((p) => [p, { from: 'arg', arg: p }])) };
    byType.set(typeName, prepareField(plan, [], map));
  }
  return byType;
}
