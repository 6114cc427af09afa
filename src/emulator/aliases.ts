/**
 * Records a path names by another field than their id, where the spec says a path parameter's
 * value may be that field (a Conversation by `unique_name`, a User or Participant by `identity`,
 * a Call's Stream by `name`). Found once from the model: a collection takes the aliases of every
 * path parameter standing for its records, so `/v1/Conversations/order-1042` and
 * `/v1/Conversations/order-1042/Messages` both reach the conversation with that unique name.
 */
import type { BoundOperation, Catalog, Collection } from './catalog.js';
import { placeholders } from './names.js';
import type { Store } from './store.js';

/** The collections a collection hangs under, nearest first. */
export function ancestors(c: Collection): Collection[] {
  const out: Collection[] = [];
  for (let a = c.parent; a; a = a.parent) out.push(a);
  return out;
}

/**
 * The collections whose record ids an operation's path holds, outermost first, each at the
 * position of its `parentParams.length` among the path's values.
 */
function addressed(bound: BoundOperation): Collection[] {
  const c = bound.collection.storedIn ?? bound.collection;
  const chain = ancestors(c).reverse();
  if (bound.kind === 'fetch' || bound.kind === 'update' || bound.kind === 'delete') chain.push(c);
  return chain;
}

// Operations are a fixed set (the model's): each one's aliased collections are found once.
const aliasedOf = new WeakMap<BoundOperation, readonly Collection[]>();

/** The collections of {@link addressed} that have aliases (none for most operations). */
function aliased(bound: BoundOperation): readonly Collection[] {
  let found = aliasedOf.get(bound);
  if (!found) {
    found = addressed(bound).filter((c) => c.aliases.length > 0);
    aliasedOf.set(bound, found);
  }
  return found;
}

/** Fills every collection's `aliases` from the path parameters of the operations reaching it. */
export function bindAliases(catalog: Catalog): void {
  for (const bound of catalog.operations.values()) {
    const names = placeholders(bound.op.path);
    for (const c of addressed(bound)) {
      const name = names[c.parentParams.length];
      for (const alias of (name && bound.params.get(name)?.aliases) || []) {
        if (c.fields.has(alias) && !c.aliases.includes(alias)) c.aliases.push(alias);
      }
    }
  }
}

/**
 * The request's path values with every value that names a record by an alias replaced by that
 * record's id, outermost first (a parent's id is needed to find its children). A value naming
 * no record is kept: the request then finds nothing, as for an unknown SID.
 */
export function resolveAliases(store: Store, bound: BoundOperation, accountSid: string, values: readonly string[]): readonly string[] {
  let out = values;
  for (const c of aliased(bound)) {
    const at = c.parentParams.length;
    const value = out[at];
    if (value === undefined) continue;
    const parentIds = out.slice(0, at);
    if (store.get(c, accountSid, parentIds, value)) continue;
    const record = store.list(c, accountSid, parentIds).find((r) => c.aliases.some((field) => r.data[field] === value));
    if (!record) continue;
    out = [...out];
    (out as string[])[at] = record.id;
  }
  return out;
}
