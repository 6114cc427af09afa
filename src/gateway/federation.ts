/**
 * The Apollo Federation v2 subgraph protocol on the gateway's schema: `_service { sdl }` and
 * `_entities(representations:)`, with `_Any` and the `_Entity` union of every keyed type
 * (see src/schema/federation.ts for which types are entities and by which keys).
 *
 * Entities resolve through the same fetch resolver and per-request {@link UpstreamSession} as
 * `Query.node`: a batch of representations costs one upstream GET per distinct resource, and a
 * resource already seen in a list page during the request is not fetched again.
 */
import { GraphQLError, GraphQLScalarType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import { entityKeys, printSubgraph, type EntityKeyField } from '../schema/federation.js';
import type { OperationMap } from '../schema/operation-map.js';
import type { GatewayContext } from './context.js';
import { badInput, toGraphQLError } from './execution/errors.js';
import { pathValueProblem, type PreparedField } from './execution/requests.js';
import { fetchResolver, resolveNodeType, type ResolverOptions } from './execution/resolvers.js';

/**
 * SDL added to the schema: the subgraph spec's `_Any`, `_Service`, `_Entity` and root fields.
 * Without any keyed type there is no `_Entity` union and no `_entities` field, as the spec says.
 */
export function federationTypeDefs(map: OperationMap): string {
  const entities = [...entityKeys(map).keys()];
  const lines = [
    '"Any value: an entity representation `{ __typename, ...key fields }` (Apollo Federation)."',
    'scalar _Any',
    '"This subgraph\'s SDL with its federation directives (Apollo Federation)."',
    'type _Service {',
    '  sdl: String!',
    '}',
  ];
  if (entities.length) lines.push('"Every type with a `@key` (Apollo Federation)."', `union _Entity = ${entities.join(' | ')}`);
  lines.push('extend type Query {', '  "The subgraph SDL, for composition."', '  _service: _Service!');
  if (entities.length) lines.push('  "Fetches entities by their key fields, for a federated gateway."', '  _entities(representations: [_Any!]!): [_Entity]!');
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * Attaches the federation resolvers. `nodeFetches` are the per-type fetches `Query.node` uses
 * (path parameters given as arguments), so entity keys are validated exactly like a node id.
 */
export function attachFederation(
  schema: GraphQLSchema,
  sdl: string,
  map: OperationMap,
  nodeFetches: ReadonlyMap<string, PreparedField>,
  options: ResolverOptions,
): void {
  const query = schema.getQueryType()!.getFields();
  let subgraphSdl: string | undefined;
  // Printed on first use: composition asks once, ordinary traffic never does.
  query['_service']!.resolve = () => ({ sdl: (subgraphSdl ??= printSubgraph(sdl, map)) });

  const any = schema.getType('_Any') as GraphQLScalarType;
  any.parseValue = (value) => value;
  any.serialize = (value) => value;

  const entity = schema.getType('_Entity');
  if (!isUnionType(entity)) return;
  entity.resolveType = resolveNodeType;
  const keys = entityKeys(map);
  const resolvers = new Map<string, EntityResolver>();
  for (const [typeName, key] of keys) {
    const prepared = nodeFetches.get(typeName);
    if (prepared && isObjectType(schema.getType(typeName))) {
      resolvers.set(typeName, { key, patterns: prepared.patterns, fetch: fetchResolver(prepared, options, typeName) });
    }
  }

  query['_entities']!.resolve = (_parent, args: { representations: unknown[] }, context: GatewayContext) =>
    // One failed representation yields null at its index with its own error; the others still resolve.
    Promise.all(
      args.representations.map(async (representation, index) => {
        try {
          const { typeName, values } = readRepresentation(representation, index, resolvers);
          const resolver = resolvers.get(typeName)!;
          const found = await resolver.fetch({}, values, context, undefined as never);
          return found ?? new GraphQLError(`${typeName} not found.`, { extensions: { code: 'NOT_FOUND' } });
        } catch (error) {
          return toGraphQLError(error);
        }
      }),
    );
}

/** How one entity type is fetched: its key, the key values' patterns (by parameter) and its fetch. */
interface EntityResolver {
  key: EntityKeyField[];
  patterns: ReadonlyMap<string, RegExp>;
  fetch: ReturnType<typeof fetchResolver>;
}

/**
 * Checks a representation's shape and key values, and maps its key fields to the fetch's path
 * parameters. Errors name the argument the caller gave (`representations`) and the key field.
 */
function readRepresentation(
  representation: unknown,
  index: number,
  resolvers: ReadonlyMap<string, EntityResolver>,
): { typeName: string; values: Record<string, string> } {
  const argument = `representations[${index}]`;
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
    throw badInput(`${argument} must be an object with __typename and key fields.`, 'representations');
  }
  const fields = representation as Record<string, unknown>;
  const typeName = fields['__typename'];
  const resolver = typeof typeName === 'string' ? resolvers.get(typeName) : undefined;
  if (typeof typeName !== 'string' || resolver === undefined) {
    throw badInput(`${argument}: ${JSON.stringify(typeName)} is not an entity type of this subgraph.`, 'representations');
  }
  const values: Record<string, string> = {};
  for (const { param, field } of resolver.key) {
    const value = fields[field];
    if (typeof value !== 'string' || value === '') {
      throw badInput(`${argument}: ${typeName} key field "${field}" must be a non-empty string.`, 'representations');
    }
    const problem = pathValueProblem(value, resolver.patterns.get(param));
    if (problem !== undefined) throw badInput(`${argument}: ${typeName} key field "${field}" ${problem}.`, 'representations');
    values[param] = value;
  }
  return { typeName, values };
}
