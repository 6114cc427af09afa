/**
 * Skips fetches whose result the query only walks through. `workspace(sid: $ws) { workers { … } }`
 * selects nothing of the workspace but the SID it was asked by, so the workspace itself is
 * never fetched: its workers are listed straight away (a missing workspace then shows up as the
 * workers' NOT_FOUND error). Only values already in hand (the fetch's own path values) are used,
 * so every selected field is exactly what a fetch would have given. A selection without child
 * resources (`worker(sid: $s) { sid }`) is always fetched: it is how clients check existence.
 */
import {
  Kind,
  getArgumentValues,
  getNamedType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { OperationMap } from '../../schema/operation-map.js';
import { snakeCase } from '../../schema/naming.js';
import { SID } from './session.js';

/** `fetch`: some selected field needs the real object. */
type Needs = ReadonlySet<string> | 'fetch';

/** Plans, per fetch field, which wire fields its path values supply and what selections need. */
export class SelectionPlanner {
  private readonly needsCache = new WeakMap<FieldNode, Needs>();
  private readonly readsCache = new WeakMap<FieldNode, Needs>();
  private readonly wireFields = new Map<string, ReadonlySet<string>>();

  constructor(private readonly map: OperationMap) {}

  /**
   * For a fetch of `typeName` by a path whose parameters are `params` (in path order) with the
   * given values, returns the object made of those values when the selection needs nothing
   * else, or undefined when the object must be fetched.
   */
  stub(typeName: string, params: readonly string[], values: readonly string[], info: GraphQLResolveInfo | undefined): Record<string, unknown> | undefined {
    if (!info?.fieldNodes?.length) return undefined;
    const needs = this.needs(typeName, info);
    if (needs === 'fetch') return undefined;
    const known = this.pathObject(typeName, params, values);
    for (const wire of needs) if (!(wire in known)) return undefined;
    return known;
  }

  /** True when the selection may read one of `wires` (an unknown selection counts as reading all). */
  readsAny(typeName: string, info: GraphQLResolveInfo | undefined, wires: readonly string[]): boolean {
    if (!info?.fieldNodes?.length) return true;
    const needs = this.needs(typeName, info, false);
    return needs === 'fetch' || wires.some((wire) => needs.has(wire));
  }

  /** The fields of `typeName` that a fetch path's values give (`{ workspace_sid, sid }`). */
  pathObject(typeName: string, params: readonly string[], values: readonly string[]): Record<string, unknown> {
    const known = this.wireFieldsOf(typeName);
    const object: Record<string, unknown> = {};
    params.forEach((param, i) => {
      const wire = param === 'Sid' ? 'sid' : snakeCase(param);
      const value = values[i]!;
      // A `Sid` path value may be a unique name (`conversation(sid: "order-42")`): only a real SID is the field's value.
      if (known.has(wire) && (!/(^|_)sid$/.test(wire) || SID.test(value))) object[wire] = value;
    });
    return object;
  }

  /**
   * Starts, alongside the parent's own fetch, the lists selected directly under it whose paths
   * the parent's path values already fill (`workspace(sid:) { friendlyName workers { … } }`).
   * Each list's resolver later finds its page in the request memo, so the two calls overlap
   * instead of taking two round trips. Failures surface when the list field itself resolves.
   */
  prefetchLists(typeName: string, known: Record<string, unknown>, info: GraphQLResolveInfo | undefined, context: unknown): void {
    const type = info && getNamedType(info.returnType);
    if (!info?.variableValues || !isObjectType(type)) return;
    const plans = this.map.fields[typeName] ?? {};
    for (const node of info.fieldNodes) {
      for (const selection of node.selectionSet?.selections ?? []) {
        if (selection.kind !== Kind.FIELD || selection.directives?.length) continue;
        const plan = plans[selection.name.value];
        if (plan?.kind !== 'connection') continue;
        const ready = Object.values(plan.path).every((source) => source.from !== 'url' && (source.from !== 'field' || source.field in known));
        const field = type.getFields()[selection.name.value];
        if (!ready || !field?.resolve) continue;
        try {
          const args = getArgumentValues(field, selection, info.variableValues);
          void Promise.resolve(field.resolve(known, args, context, undefined as never)).catch(() => undefined);
        } catch {
          // Invalid arguments: the field reports them when it resolves.
        }
      }
    }
  }

  private wireFieldsOf(typeName: string): ReadonlySet<string> {
    let fields = this.wireFields.get(typeName);
    if (!fields) {
      fields = new Set(Object.values(this.map.types[typeName]?.fields ?? {}));
      this.wireFields.set(typeName, fields);
    }
    return fields;
  }

  /**
   * Wire fields the selection reads, cached per query document (documents are cached and reused).
   * With `walking`, a selection without child resources counts as needing a fetch (see `stub`).
   */
  private needs(typeName: string, info: GraphQLResolveInfo, walking = true): Needs {
    const first = info.fieldNodes[0]!;
    const cache = walking ? this.needsCache : this.readsCache;
    let needs = cache.get(first);
    if (needs === undefined) {
      const wires = new Set<string>();
      const walk = { children: false };
      let fetch = false;
      for (const node of info.fieldNodes) {
        if (!node.selectionSet || !this.collect(typeName, node.selectionSet, info.fragments, wires, new Set(), walk)) fetch = true;
      }
      needs = fetch || (walking && !walk.children) ? 'fetch' : wires;
      cache.set(first, needs);
    }
    return needs;
  }

  /** Adds the wire fields a selection set needs; false when some field can only come from a fetch. */
  private collect(
    typeName: string,
    set: SelectionSetNode,
    fragments: Record<string, FragmentDefinitionNode>,
    wires: Set<string>,
    seen: Set<string>,
    walk: { children: boolean },
  ): boolean {
    const type = this.map.types[typeName];
    const plans = this.map.fields[typeName] ?? {};
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        let fragmentSet: SelectionSetNode;
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          if (seen.has(selection.name.value)) continue;
          seen.add(selection.name.value);
          const fragment = fragments[selection.name.value];
          if (!fragment) return false;
          fragmentSet = fragment.selectionSet;
        } else {
          fragmentSet = selection.selectionSet;
        }
        if (!this.collect(typeName, fragmentSet, fragments, wires, seen, walk)) return false;
        continue;
      }
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (name === 'id' && type?.node) {
        for (const source of Object.values(type.node.path)) {
          if (source.from !== 'field') return false;
          wires.add(source.field);
        }
        continue;
      }
      const wire = type?.fields[name];
      if (wire !== undefined) {
        if (wire === '') return false;
        wires.add(wire);
        continue;
      }
      const plan = plans[name];
      if (!plan) return false;
      walk.children = true;
      if (plan.requires) wires.add(plan.requires);
      for (const source of Object.values(plan.path)) {
        if (source.from === 'url') return false;
        if (source.from === 'field') wires.add(source.field);
      }
    }
    return true;
  }
}
