/**
 * In-memory record store. Records live in buckets keyed by collection, owning account and parent
 * ids, in creation order. Every mutation is journalled so a rejected request can be undone.
 */
import type { Catalog, Collection } from './catalog.js';
import { isoDate } from './dates.js';

/** Field values of a record, response-shaped (snake_case). */
export type RecordData = Record<string, unknown>;

/** One stored resource. */
export interface StoredRecord {
  /** `Collection.id` of the collection holding it. */
  readonly collection: string;
  /** Account the record belongs to (for 2010 resources: the account in the path). */
  readonly accountSid: string;
  /** Values of the collection's list-path placeholders, in order (e.g. `[workspaceSid]`). */
  readonly parentIds: readonly string[];
  /** The record's own id (`sid`, `identity` …); `''` for a singleton. */
  readonly id: string;
  /** Creation number: list order and page tokens. */
  readonly seq: number;
  /** Starts at 1 and grows with every change: the `ETag` of resources that take `If-Match`. */
  revision: number;
  /**
   * The variant list the record was created through (`Collection.id` of
   * `…/IncomingPhoneNumbers/Local`), when that list shares this record's collection.
   */
  readonly via?: string;
  /**
   * Response-shaped fields. `url`, `links`, `uri` and `subresource_uris` are rendered per request.
   * Replaced, never changed in place ({@link Store.patch}): rendered list items are cached by it.
   */
  data: RecordData;
  /**
   * What the emulator remembers about the record beyond its fields, never rendered: a Verify
   * code, who rejected a task. Persisted with the record; replaced, never changed in place
   * ({@link Store.setHidden}).
   */
  hidden?: Readonly<RecordData>;
}

/** The persisted form of a store. */
export interface StoreSnapshot {
  version: 1;
  seq: number;
  records: StoredRecord[];
}

type Bucket = Map<string, StoredRecord>;

function bucketKey(accountSid: string, parentIds: readonly string[]): string {
  return accountSid + '/' + parentIds.join('/');
}

/** Direct access to stored records, for the engine and for behaviours that change state server-side. */
export class Store {
  private readonly buckets = new Map<string, Map<string, Bucket>>();
  /** Undo steps of the open operations; empty (and not recorded) outside any. */
  private readonly journal: Array<() => void> = [];
  private depth = 0;
  private seq = 0;
  private readonly changeListeners: Array<() => void> = [];

  constructor(private readonly catalog: Catalog) {}

  /** The catalog collection with this id; throws for an unknown id (a programming error). */
  collection(id: string): Collection {
    const c = this.catalog.collections.get(id);
    if (!c) throw new Error(`unknown collection ${id}`);
    return c;
  }

  /** Collections holding records of a schema (`taskrouter_v1:taskrouter.v1.workspace.worker`) or with this collection id. */
  collectionsFor(schemaKeyOrCollectionId: string): Collection[] {
    const byId = this.catalog.collections.get(schemaKeyOrCollectionId);
    if (byId) return [byId];
    return this.catalog.bySchema.get(schemaKeyOrCollectionId) ?? [];
  }

  /** One record by its address, or undefined. */
  get(collection: Collection, accountSid: string, parentIds: readonly string[], id: string): StoredRecord | undefined {
    return this.buckets.get(collection.id)?.get(bucketKey(accountSid, parentIds))?.get(id);
  }

  /** The records under one parent, in creation order. */
  list(collection: Collection, accountSid: string, parentIds: readonly string[]): StoredRecord[] {
    const bucket = this.buckets.get(collection.id)?.get(bucketKey(accountSid, parentIds));
    return bucket ? [...bucket.values()] : [];
  }

  /** Every record of a collection, across accounts and parents. */
  all(collection: Collection): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const bucket of this.buckets.get(collection.id)?.values() ?? []) out.push(...bucket.values());
    return out;
  }

  /**
   * Records of an account matching a predicate, across every collection holding the schema
   * (or the one collection with that id), e.g.
   * `store.find(acct, 'taskrouter_v1:taskrouter.v1.workspace.worker', (r) => r.data.available === true)`.
   */
  find(accountSid: string, schemaKeyOrCollectionId: string, predicate: (record: StoredRecord) => boolean = () => true): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const c of this.collectionsFor(schemaKeyOrCollectionId)) {
      for (const r of this.all(c)) if (r.accountSid === accountSid && predicate(r)) out.push(r);
    }
    return out;
  }

  /**
   * Adds a record. The caller has checked the parent; an existing record with the same address is
   * replaced. `via` names the variant list it was created through, if any.
   */
  put(collection: Collection, accountSid: string, parentIds: readonly string[], id: string, data: RecordData, via?: string): StoredRecord {
    const record: StoredRecord = {
      collection: collection.id,
      accountSid,
      parentIds: [...parentIds],
      id,
      seq: ++this.seq,
      revision: 1,
      ...(via !== undefined ? { via } : {}),
      data,
    };
    const bucket = this.bucketFor(collection.id, bucketKey(accountSid, parentIds));
    const previous = bucket.get(id);
    bucket.set(id, record);
    this.undo(() => {
      bucket.delete(id);
      if (previous) this.restore(previous);
    });
    this.changed();
    return record;
  }

  /**
   * Changes fields of a stored record, bumps `date_updated` (unless `fields` sets it) and its
   * revision. Does not fire change hooks: those belong to API operations.
   */
  patch(record: StoredRecord, fields: RecordData): StoredRecord {
    const before = record.data;
    const revision = record.revision;
    const next: RecordData = { ...before, ...fields };
    if ('date_updated' in before && !('date_updated' in fields)) next['date_updated'] = isoDate(new Date());
    record.data = next;
    record.revision = revision + 1;
    this.undo(() => {
      record.data = before;
      record.revision = revision;
    });
    this.changed();
    return record;
  }

  /**
   * Sets keys of a record's hidden state (`undefined` removes one). Unlike {@link patch} it leaves
   * the record's fields, `date_updated` and revision alone: nothing a client sees changes.
   */
  setHidden(record: StoredRecord, fields: RecordData): void {
    const before = record.hidden;
    const next: RecordData = { ...before, ...fields };
    for (const [key, value] of Object.entries(fields)) if (value === undefined) delete next[key];
    record.hidden = next;
    this.undo(() => {
      if (before === undefined) delete record.hidden;
      else record.hidden = before;
    });
    this.changed();
  }

  /** Removes a record and, recursively, every record under it. Returns how many were removed. */
  remove(record: StoredRecord): number {
    const collection = this.collection(record.collection);
    const bucket = this.buckets.get(collection.id)?.get(bucketKey(record.accountSid, record.parentIds));
    if (!bucket || bucket.get(record.id) !== record) return 0;
    bucket.delete(record.id);
    this.undo(() => this.restore(record));
    let removed = 1;
    const childParents = [...record.parentIds, record.id];
    for (const child of collection.children) {
      for (const r of this.list(child, record.accountSid, childParents)) removed += this.remove(r);
    }
    this.changed();
    return removed;
  }

  /**
   * Opens an operation whose changes can be undone; returns its mark. Operations nest (a hook
   * dispatching another); changes made outside any operation (timers, seeds) are not journalled.
   */
  mark(): number {
    this.depth++;
    return this.journal.length;
  }

  /** Undoes every change made since `mark` and closes that operation. */
  rollback(mark: number): void {
    while (this.journal.length > mark) this.journal.pop()!();
    this.close();
    this.changed();
  }

  /**
   * Closes an operation that succeeded; the outermost one forgets the journal. Takes the mark
   * for symmetry with `rollback`; outside any operation it does nothing.
   */
  commit(_mark: number): void {
    this.close();
  }

  private close(): void {
    if (this.depth > 0) this.depth--;
    if (this.depth === 0) this.journal.length = 0;
  }

  private undo(step: () => void): void {
    if (this.depth > 0) this.journal.push(step);
  }

  /** Called after any change (persistence schedules a write). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Everything, for persistence. */
  snapshot(): StoreSnapshot {
    const records: StoredRecord[] = [];
    for (const collections of this.buckets.values()) {
      for (const bucket of collections.values()) records.push(...bucket.values());
    }
    records.sort((a, b) => a.seq - b.seq);
    return { version: 1, seq: this.seq, records };
  }

  /** Replaces the contents with a snapshot; records of collections the model no longer has are dropped. */
  load(snapshot: StoreSnapshot): void {
    this.buckets.clear();
    this.journal.length = 0;
    this.seq = snapshot.seq;
    for (const r of snapshot.records) {
      if (!this.catalog.collections.has(r.collection)) continue;
      // Snapshots written before revisions existed have none.
      const revision = typeof r.revision === 'number' ? r.revision : 1;
      this.bucketFor(r.collection, bucketKey(r.accountSid, r.parentIds)).set(r.id, { ...r, parentIds: [...r.parentIds], revision });
      this.seq = Math.max(this.seq, r.seq);
    }
  }

  private bucketFor(collectionId: string, key: string): Bucket {
    let byKey = this.buckets.get(collectionId);
    if (!byKey) {
      byKey = new Map();
      this.buckets.set(collectionId, byKey);
    }
    let bucket = byKey.get(key);
    if (!bucket) {
      bucket = new Map();
      byKey.set(key, bucket);
    }
    return bucket;
  }

  /** Puts a removed record back in creation order (rollback of a delete). */
  private restore(record: StoredRecord): void {
    const bucket = this.bucketFor(record.collection, bucketKey(record.accountSid, record.parentIds));
    const entries = [...bucket.values(), record].sort((a, b) => a.seq - b.seq);
    bucket.clear();
    for (const r of entries) bucket.set(r.id, r);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }
}
