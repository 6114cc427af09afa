/**
 * Apollo Federation v2: which resource types are entities, by which key fields, and the
 * subgraph SDL (`twilio-subgraph.graphql`) that declares them. A type is an entity when its
 * Node fetch path is filled entirely from its own fields: the key is those fields' GraphQL
 * names in path order (`Worker @key(fields: "workspaceSid sid")`), so a representation holds
 * exactly what the fetch needs. Types whose path needs a value parsed out of their `url` get
 * no key: a representation could not name them without that URL.
 */
import {
  Kind,
  parse,
  print,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type ObjectTypeDefinitionNode,
  type SchemaExtensionNode,
} from 'graphql';
import type { OperationMap } from './operation-map.js';

/** The federation version the subgraph links, and the directives it imports. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

/**
 * Value types every subgraph of a supergraph may define alike (Relay's `PageInfo`): they are
 * `@shareable`, so another subgraph's identical `PageInfo` composes.
 */
export const SHAREABLE_TYPES: readonly string[] = ['PageInfo'];

/** One key field of an entity: the fetch path parameter it fills and its GraphQL field. */
export interface EntityKeyField {
  /** Path parameter wire name (`WorkspaceSid`). */
  param: string;
  /** GraphQL field of the type holding the value (`workspaceSid`). */
  field: string;
}

/**
 * Entity types and their keys, derived from the operation map. Sorted by type name so every
 * consumer (SDL, `_Entity` union) is deterministic.
 */
export function entityKeys(map: OperationMap): Map<string, EntityKeyField[]> {
  const keys = new Map<string, EntityKeyField[]>();
  for (const typeName of Object.keys(map.types).sort()) {
    const mapped = map.types[typeName]!;
    if (!mapped.node) continue;
    const graphqlNameOf = new Map(Object.entries(mapped.fields).map(([name, wire]) => [wire, name]));
    const fields: EntityKeyField[] = [];
    for (const [param, source] of Object.entries(mapped.node.path)) {
      const field = source.from === 'field' ? graphqlNameOf.get(source.field) : undefined;
      if (field === undefined) break;
      fields.push({ param, field });
    }
    if (fields.length > 0 && fields.length === Object.keys(mapped.node.path).length) keys.set(typeName, fields);
  }
  return keys;
}

/** The `fields` argument of a `@key` directive: the key's GraphQL field names. */
export function keySelection(fields: readonly EntityKeyField[]): string {
  return fields.map((f) => f.field).join(' ');
}

/**
 * The subgraph SDL: the schema SDL with `extend schema @link(...)`, `@key` on every entity and
 * `@shareable` on shared value types. Printed by graphql-js, whose output for our SDL is
 * byte-identical to the generator's, so the two files differ only by the federation additions.
 */
export function printSubgraph(sdl: string, map: OperationMap): string {
  const keys = entityKeys(map);
  const shareable = new Set(SHAREABLE_TYPES);
  const document = visit(parse(sdl, { noLocation: true }), {
    ObjectTypeDefinition(node: ObjectTypeDefinitionNode): ObjectTypeDefinitionNode | undefined {
      const key = keys.get(node.name.value);
      const added: ConstDirectiveNode[] = [];
      if (key) added.push(directive('key', { fields: keySelection(key) }));
      if (shareable.has(node.name.value)) added.push(directive('shareable'));
      return added.length ? { ...node, directives: [...(node.directives ?? []), ...added] } : undefined;
    },
  });
  const link: SchemaExtensionNode = {
    kind: Kind.SCHEMA_EXTENSION,
    directives: [
      {
        kind: Kind.DIRECTIVE,
        name: { kind: Kind.NAME, value: 'link' },
        arguments: [
          argument('url', { kind: Kind.STRING, value: FEDERATION_SPEC_URL }),
          argument('import', { kind: Kind.LIST, values: ['@key', '@shareable'].map((value) => ({ kind: Kind.STRING, value })) }),
        ],
      },
    ],
  };
  const withLink: DocumentNode = { ...document, definitions: [link, ...document.definitions] };
  return print(withLink) + '\n';
}

function directive(name: string, args: Record<string, string> = {}): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([argName, value]) => argument(argName, { kind: Kind.STRING, value })),
  };
}

function argument<V>(name: string, value: V) {
  return { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value } as const;
}
