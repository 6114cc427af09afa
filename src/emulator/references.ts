/**
 * References outside the URL path: a body parameter whose SID prefix names a resource the API
 * lets callers create (`ActivitySid` on a Worker, `WorkflowSid` on a Task, `MessagingServiceSid`
 * on a Message) must name one that exists, in the scope the request's path gives (the same
 * workspace, the same 2010 account). Found once per operation from the model; checked per request
 * before anything is stored.
 */
import type { ValueType } from '../spec/model.js';
import { ancestors } from './aliases.js';
import type { BoundOperation, Catalog, Collection } from './catalog.js';
import { invalidParam } from './errors.js';
import type { Params } from './params.js';
import type { Store } from './store.js';

/** A body parameter naming a record of one of `targets`. */
export interface Reference {
  param: string;
  /** Collections holding records with the parameter's SID prefix (several share some prefixes). */
  targets: Collection[];
}

/**
 * Parameters the spec types as a plain string although they hold a SID: the prefix they name.
 * Flex's web channel names a Conversations address configuration.
 */
const UNTYPED_REFERENCES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'flex_v2:CreateWebChannel': { AddressSid: ['IG'] },
};

/**
 * Prefixes not checked: `AC` (accounts are reached through credentials, and an `AccountSid` body
 * names an account the caller may not list); `XE`, Marketplace installed add-ons, which live
 * outside the model: the collections holding `XE` records here are assignments and senders of them.
 */
const UNCHECKED_PREFIXES = new Set(['AC', 'XE']);

/**
 * Parameters not checked: where a missing record is the operation's own answer rather than a bad
 * parameter (a VerificationCheck for no pending verification is Twilio's 404, which the Verify
 * behaviour gives), or where the prefix names something else than the collections holding it.
 */
const UNCHECKED_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'verify_v2:CreateVerificationCheck': ['VerificationSid'],
  // A Flex user's `UserSid` names a Twilio unified (IAM) user, outside the model; the Conversations
  // users sharing the `US` prefix are other resources.
  'flex_v2:UpdateFlexUser': ['UserSid'],
};

function prefixesOf(type: ValueType): readonly string[] {
  const t = type.kind === 'array' ? type.items : type;
  return t.kind === 'string' ? (t.sidPrefixes ?? []) : [];
}

/**
 * Fills in every operation's references: body parameters whose SID prefix is the own prefix of
 * a collection the API can create records in, other than the operation's own collection (a
 * `PhoneNumberSid` added to a Messaging Service names an IncomingPhoneNumber, not a member).
 */
export function bindReferences(catalog: Catalog): void {
  const byPrefix = new Map<string, Collection[]>();
  for (const c of catalog.collections.values()) {
    if (!c.sidPrefix || !c.creatable || c.singleton || c.storedIn) continue;
    const list = byPrefix.get(c.sidPrefix) ?? [];
    list.push(c);
    byPrefix.set(c.sidPrefix, list);
  }
  for (const bound of catalog.operations.values()) {
    const home = bound.collection.storedIn ?? bound.collection;
    const untyped = UNTYPED_REFERENCES[bound.op.key] ?? {};
    const unchecked = UNCHECKED_PARAMS[bound.op.key] ?? [];
    for (const param of bound.op.params) {
      if (param.in !== 'body' || unchecked.includes(param.name)) continue;
      const prefixes = untyped[param.name] ?? prefixesOf(param.type);
      const targets = prefixes
        .filter((p) => !UNCHECKED_PREFIXES.has(p))
        .flatMap((p) => byPrefix.get(p) ?? [])
        .filter((c) => c !== home);
      if (targets.length > 0) bound.references.push({ param: param.name, targets });
    }
  }
}

/**
 * Ids of the records the request's path addresses, by collection: every ancestor of its
 * collection (`values` holds their ids in path order) and, for instance paths, the record itself.
 */
export function pathScope(bound: BoundOperation, values: readonly string[]): Map<Collection, string> {
  const c = bound.collection.storedIn ?? bound.collection;
  const scope = new Map<Collection, string>();
  for (const a of ancestors(c)) {
    const id = values[a.parentParams.length];
    if (id !== undefined) scope.set(a, id);
  }
  const own = values[c.parentParams.length];
  if (c.instanceTemplate && !c.singleton && own !== undefined) scope.set(c, own);
  return scope;
}

/**
 * The parent ids a record of `target` has in the request's scope (the workspace of a TaskRouter
 * path, the account of a 2010 path), or undefined when the path does not determine them all.
 */
export function scopedParentIds(target: Collection, scope: ReadonlyMap<Collection, string>): string[] | undefined {
  const ids = new Array<string | undefined>(target.parentParams.length).fill(undefined);
  for (const a of ancestors(target)) {
    const id = scope.get(a);
    if (id === undefined) return undefined;
    ids[a.parentParams.length] = id;
  }
  // A placeholder no ancestor collection stands for (a parent the spec has no instance path for).
  return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

/**
 * Throws a 400 naming the parameter when a reference of the request names no existing record.
 * Where the path fixes the target's scope the record must be there; elsewhere (a Flex channel's
 * `TaskSid`, whose workspace no path names) anywhere in the account.
 */
export function checkReferences(store: Store, bound: BoundOperation, accountSid: string, values: readonly string[], body: Params): void {
  if (bound.references.length === 0) return;
  const scope = pathScope(bound, values);
  for (const { param, targets } of bound.references) {
    const raw = body[param];
    if (raw === undefined) continue;
    for (const sid of Array.isArray(raw) ? raw : [raw]) {
      if (sid === '') continue;
      const found = targets.some((target) => {
        const parentIds = scopedParentIds(target, scope);
        if (parentIds) return store.get(target, accountSid, parentIds, sid) !== undefined;
        return store.all(target).some((r) => r.id === sid && r.accountSid === accountSid);
      });
      if (!found) throw invalidParam(`Invalid ${param}: ${sid} was not found`);
    }
  }
}
