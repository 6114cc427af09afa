/**
 * Which 2010 accounts an operation names through its arguments. A request on behalf of a Flex token
 * runs with the server's credentials, which can reach the server account's subaccounts too; it may
 * act on the server's own account only (see flex-access.ts), so every Account SID it names — as a
 * path argument, inside a global id or an entity representation — is read here before execution.
 */
import type { ArgumentNode } from 'graphql';
import { entityKeys } from '../../schema/federation.js';
import type { OperationMap } from '../../schema/operation-map.js';
import { decodeNodeId } from '../execution/node-id.js';
import { argumentValue, isAccountParam, type AccountReference, type OperationFacts } from './facts.js';

/** Where global ids and entity representations carry Account SIDs, per type. */
export interface AccountIndex {
  /** Node type → positions of Account SIDs among its global id's values. */
  readonly nodeValues: ReadonlyMap<string, readonly number[]>;
  /** Entity type → its key fields that hold Account SIDs. */
  readonly entityFields: ReadonlyMap<string, readonly string[]>;
}

/** An Account SID an operation names, and the argument it is in. */
export interface NamedAccount {
  sid: string;
  /** The argument's node, for the error's location. */
  node: ArgumentNode;
  /** The argument as the user wrote it (`sid`, `accountSid`, `id`, `representations`). */
  argument: string;
  /** `Type.field` of the argument. */
  field: string;
}

/** Indexes `map` once per schema. */
export function indexAccounts(map: OperationMap): AccountIndex {
  const nodeValues = new Map<string, number[]>();
  for (const [typeName, type] of Object.entries(map.types)) {
    const op = type.node && map.operations[type.node.op];
    if (!type.node || !op) continue;
    const positions = Object.keys(type.node.path).flatMap((param, i) => (isAccountParam(op, param) ? [i] : []));
    if (positions.length > 0) nodeValues.set(typeName, positions);
  }
  const entityFields = new Map<string, string[]>();
  for (const [typeName, key] of entityKeys(map)) {
    const op = map.operations[map.types[typeName]!.node!.op]!;
    const fields = key.filter(({ param }) => isAccountParam(op, param)).map(({ field }) => field);
    if (fields.length > 0) entityFields.set(typeName, fields);
  }
  return { nodeValues, entityFields };
}

/**
 * Every Account SID the operation names with this request's variables. Values that are not valid
 * (an id that does not decode, a representation without its key) are left to the argument checks
 * and the resolvers, which refuse them anyway.
 */
export function namedAccounts(facts: OperationFacts, variables: Readonly<Record<string, unknown>>, index: AccountIndex): NamedAccount[] {
  const named: NamedAccount[] = [];
  for (const reference of facts.accountReferences) {
    const value = argumentValue(reference.site, variables);
    if (value === undefined || value === null) continue;
    const at = { argument: reference.site.argument.name, field: reference.site.field, node: reference.site.node };
    for (const sid of accountsIn(reference, value, index)) named.push({ sid, ...at });
  }
  return named;
}

function accountsIn(reference: AccountReference, value: unknown, index: AccountIndex): string[] {
  switch (reference.kind) {
    case 'path':
      return [String(value)];
    case 'node-id': {
      let decoded: { typeName: string; values: string[] };
      try {
        decoded = decodeNodeId(String(value));
      } catch {
        return [];
      }
      return (index.nodeValues.get(decoded.typeName) ?? []).flatMap((i) => (decoded.values[i] ? [decoded.values[i]!] : []));
    }
    case 'entities':
      return (Array.isArray(value) ? value : [value]).flatMap((representation: unknown) => {
        if (typeof representation !== 'object' || representation === null) return [];
        const fields = representation as Record<string, unknown>;
        const keyFields = typeof fields['__typename'] === 'string' ? index.entityFields.get(fields['__typename']) : undefined;
        return (keyFields ?? []).map((field) => fields[field]).filter((sid): sid is string => typeof sid === 'string');
      });
  }
}
