/**
 * Rules the specs state only in their field descriptions, kept as small tables: fields unique
 * among their siblings (and whether they compare case-insensitively, in filters too).
 */
import type { Collection } from './catalog.js';
import { EmulatorError } from './errors.js';
import type { Store, StoredRecord } from './store.js';

/** A field whose value no two records under the same parent share. */
interface UniqueField {
  field: string;
  /** `Alice` and `alice` are the same value (for uniqueness and for list filters). */
  caseInsensitive: boolean;
}

/** By resource schema: a Worker's friendly name is unique in its workspace, case-insensitively. */
const UNIQUE_FIELDS: Readonly<Record<string, readonly UniqueField[]>> = {
  'taskrouter_v1:taskrouter.v1.workspace.worker': [{ field: 'friendly_name', caseInsensitive: true }],
};

const fold = (value: unknown, caseInsensitive: boolean): unknown =>
  caseInsensitive && typeof value === 'string' ? value.toLowerCase() : value;

/** Whether a collection's field compares case-insensitively (its list filter does too). */
export function isCaseInsensitive(collection: Collection, field: string): boolean {
  return UNIQUE_FIELDS[collection.schemaKey]?.some((u) => u.field === field && u.caseInsensitive) ?? false;
}

/**
 * Throws a 409/20409 when a just created or updated record shares a unique field's value with
 * a sibling (the caller's request is then undone). `previous` (updates) skips unchanged fields.
 */
export function checkUnique(store: Store, collection: Collection, record: StoredRecord, previous?: StoredRecord['data']): void {
  const unique = UNIQUE_FIELDS[collection.schemaKey];
  if (!unique) return;
  for (const { field, caseInsensitive } of unique) {
    const value = record.data[field];
    if (value === null || value === undefined || (previous && previous[field] === value)) continue;
    const wanted = fold(value, caseInsensitive);
    const clash = store
      .list(collection, record.accountSid, record.parentIds)
      .some((r) => r !== record && fold(r.data[field], caseInsensitive) === wanted);
    if (clash) {
      const how = caseInsensitive ? ' (compared case-insensitively)' : '';
      throw new EmulatorError(409, 20409, `A resource with ${field} '${String(value)}' already exists under the same parent${how}`);
    }
  }
}
