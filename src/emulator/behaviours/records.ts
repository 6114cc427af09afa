import type { Collection } from '../catalog.js';
import { snakeCase } from '../names.js';
import { newSid } from '../sid.js';
import type { RecordData, Store, StoredRecord } from '../store.js';
import { newRecordData } from '../values.js';

/**
 * Schema-keyed access to the store for behaviours: they think in resources
 * (`taskrouter_v1:taskrouter.v1.workspace.task`) and fields, not collections
 * and parent-id paths.
 */
export class Records {
  constructor(private readonly store: Store) {}

  /** An account's records of a schema whose fields equal every value in `where`, in creation order. */
  list(accountSid: string, schemaKey: string, where: RecordData = {}): StoredRecord[] {
    const entries = Object.entries(where);
    return this.store
      .find(accountSid, schemaKey, (r) => entries.every(([k, v]) => r.data[k] === v))
      .sort((a, b) => a.seq - b.seq);
  }

  /** One record by its own id (`sid`). */
  get(accountSid: string, schemaKey: string, id: unknown): StoredRecord | undefined {
    if (typeof id !== 'string' || id === '') return undefined;
    return this.store.find(accountSid, schemaKey, (r) => r.id === id)[0];
  }

  /** Every record of a schema, across accounts, in creation order. */
  everywhere(schemaKey: string): StoredRecord[] {
    return this.store
      .collectionsFor(schemaKey)
      .flatMap((c) => this.store.all(c))
      .sort((a, b) => a.seq - b.seq);
  }

  /** A record's hidden state (see `StoredRecord.hidden`): what the behaviours remember about it. */
  hidden(record: StoredRecord): Readonly<RecordData> {
    return record.hidden ?? {};
  }

  /** Sets keys of a record's hidden state; its fields, `date_updated` and revision stay as they are. */
  setHidden(record: StoredRecord, fields: RecordData): void {
    this.store.setHidden(record, fields);
  }

  /** Changes fields (and `date_updated`); fires no hooks. Returns the same record, whose `data` is replaced. */
  patch(record: StoredRecord, fields: RecordData): StoredRecord {
    return this.store.patch(record, fields);
  }

  /** Removes a record (and whatever hangs under it); fires no hooks. */
  remove(record: StoredRecord): void {
    this.store.remove(record);
  }

  /** The stored singleton of a schema (a configuration) under `parentIds`, or undefined. */
  singleton(accountSid: string, schemaKey: string, parentIds: readonly string[] = []): StoredRecord | undefined {
    const collection = this.singletonCollection(schemaKey);
    return this.store.get(collection, accountSid, parentIds, '');
  }

  /** Stores a singleton (its defaults, then `fields`) under `parentIds`, replacing any stored one. */
  putSingleton(accountSid: string, schemaKey: string, fields: RecordData, parentIds: readonly string[] = []): StoredRecord {
    const collection = this.singletonCollection(schemaKey);
    const parents = Object.fromEntries(collection.parentParams.map((name, i) => [name, parentIds[i] ?? '']));
    const data = { ...newRecordData(collection, { accountSid, parents, idField: collection.idField, id: '' }, {}, new Date()), ...fields };
    return this.store.put(collection, accountSid, parentIds, '', data);
  }

  /**
   * Stores a resource that no API operation creates (reservations, TaskRouter
   * events, video participants, interaction channels). Parent ids are read
   * from `fields` (`WorkspaceSid` from `workspace_sid` …); `sid` and the
   * timestamps are assigned unless given.
   */
  insert(accountSid: string, schemaKey: string, fields: RecordData): StoredRecord {
    const collection = this.store.collectionsFor(schemaKey)[0];
    if (!collection) throw new Error(`no collection holds ${schemaKey}`);
    const parents: Record<string, string> = {};
    for (const name of collection.parentParams) {
      const value = name === 'AccountSid' ? accountSid : fields[snakeCase(name)];
      if (typeof value !== 'string') throw new Error(`${schemaKey} needs ${snakeCase(name)}`);
      parents[name] = value;
    }
    const id = typeof fields[collection.idField] === 'string' ? String(fields[collection.idField]) : newSid(collection.sidPrefix ?? 'XX');
    const data = { ...newRecordData(collection, { accountSid, parents, idField: collection.idField, id }, {}, new Date()), ...fields };
    return this.store.put(collection, accountSid, Object.values(parents), id, data);
  }

  private singletonCollection(schemaKey: string): Collection {
    const collection = this.store.collectionsFor(schemaKey).find((c) => c.singleton);
    if (!collection) throw new Error(`no singleton collection holds ${schemaKey}`);
    return collection;
  }
}
