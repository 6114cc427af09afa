/**
 * Data fields served without resolvers. graphql-jit compiles a field without a resolver into a
 * property read, but calls a resolver through three closures and a resolve-info object; on a
 * 50-item list that was most of what executing the query allocated. So the objects parsed from
 * Twilio's responses get one shared prototype whose getters answer each GraphQL field name with
 * its wire field (`friendlyName` reads `friendly_name`), and the data fields whose names those
 * getters (or the wire object itself, where the names agree) serve need no resolver.
 */
import type { OperationMap } from '../../schema/operation-map.js';

/** How the plain data fields of Twilio objects are read without resolvers. */
export interface WireGetters {
  /**
   * Gives an object parsed from a Twilio response the shared getters. Anything else (arrays,
   * primitives, objects already adopted or built with another prototype) is left as it is.
   */
  adopt(value: unknown): void;
  /**
   * Whether a data field named `fieldName` that reads `wire` can go without a resolver: its wire
   * field has the same name, or the shared getter of that name reads `wire`.
   */
  serves(fieldName: string, wire: string): boolean;
}

/**
 * The getters for `map`'s data fields. A GraphQL field name gets a getter only when every type
 * reads it from the same wire field and no type has a wire field of that name: an own property
 * of that name on some object would hide the getter, and one getter cannot serve two wire names.
 */
export function wireGetters(map: OperationMap): WireGetters {
  const wireOf = new Map<string, string | null>();
  const wireNames = new Set<string>();
  for (const type of Object.values(map.types)) {
    for (const [fieldName, wire] of Object.entries(type.fields)) {
      wireNames.add(wire);
      const known = wireOf.get(fieldName);
      wireOf.set(fieldName, known === undefined || known === wire ? wire : null);
    }
  }
  const prototype: object = Object.create(Object.prototype);
  const getters = new Map<string, string>();
  for (const [fieldName, wire] of wireOf) {
    if (wire === null || wire === '' || wire === fieldName || wireNames.has(fieldName)) continue;
    getters.set(fieldName, wire);
    Object.defineProperty(prototype, fieldName, {
      get(this: Record<string, unknown>) {
        return this[wire];
      },
      enumerable: false,
    });
  }
  return {
    adopt(value) {
      if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        Object.setPrototypeOf(value, prototype);
      }
    },
    serves(fieldName, wire) {
      return wire !== '' && (wire === fieldName || getters.get(fieldName) === wire);
    },
  };
}
