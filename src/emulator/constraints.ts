/**
 * Fields unique among their siblings: those a path may name a record by (its aliases, see
 * ./aliases.ts: a Conversation's `unique_name`, a Participant's `identity`), and rules the specs
 * state only in their field descriptions, kept as a small table (with whether they compare
 * case-insensitively, in filters too, and the error code Twilio answers a clash with).
 */
import type { Collection } from './catalog.js';
import { EmulatorError } from './errors.js';
import type { Store, StoredRecord } from './store.js';

/** A field whose value no two records under the same parent share. */
interface UniqueField {
  field: string;
  /** `Alice` and `alice` are the same value (for uniqueness and for list filters). */
  caseInsensitive: boolean;
  /** Twilio's error code for a clash, where it has its own (default 20409). */
  code?: number;
}

const PARTICIPANT_IDENTITY: UniqueField = { field: 'identity', caseInsensitive: false, code: 50433 };

/**
 * By resource schema: a Worker's friendly name is unique in its workspace, case-insensitively;
 * a Conversations identity joins a conversation once (Twilio's 50433).
 */
const UNIQUE_FIELDS: Readonly<Record<string, readonly UniqueField[]>> = {
  'taskrouter_v1:taskrouter.v1.workspace.worker': [{ field: 'friendly_name', caseInsensitive: true }],
  'conversations_v1:conversations.v1.conversation.conversation_participant': [PARTICIPANT_IDENTITY],
  'conversations_v1:conversations.v1.service.service_conversation.service_conversation_participant': [PARTICIPANT_IDENTITY],
};

const fold = (value: unknown, caseInsensitive: boolean): unknown =>
  caseInsensitive && typeof value === 'string' ? value.toLowerCase() : value;

/** The unique fields of a collection: the table's, then its aliases not already listed. */
function uniqueFields(collection: Collection): readonly UniqueField[] {
  const stated = UNIQUE_FIELDS[collection.schemaKey] ?? [];
  const aliases = collection.aliases.filter((field) => !stated.some((u) => u.field === field)).map((field) => ({ field, caseInsensitive: false }));
  return aliases.length === 0 ? stated : [...stated, ...aliases];
}

/** Whether a collection's field compares case-insensitively (its list filter does too). */
export function isCaseInsensitive(collection: Collection, field: string): boolean {
  return UNIQUE_FIELDS[collection.schemaKey]?.some((u) => u.field === field && u.caseInsensitive) ?? false;
}

/**
 * Throws a 409 (20409, or the field's own code) when a just created or updated record shares a
 * unique field's value with a sibling (the caller's request is then undone). `previous`
 * (updates) skips unchanged fields; unset values (null, empty) never clash.
 */
export function checkUnique(store: Store, collection: Collection, record: StoredRecord, previous?: StoredRecord['data']): void {
  for (const { field, caseInsensitive, code } of uniqueFields(collection)) {
    const value = record.data[field];
    if (value === null || value === undefined || value === '' || (previous && previous[field] === value)) continue;
    const wanted = fold(value, caseInsensitive);
    const clash = store
      .list(collection, record.accountSid, record.parentIds)
      .some((r) => r !== record && fold(r.data[field], caseInsensitive) === wanted);
    if (clash) {
      const how = caseInsensitive ? ' (compared case-insensitively)' : '';
      throw new EmulatorError(409, code ?? 20409, `A resource with ${field} '${String(value)}' already exists under the same parent${how}`);
    }
  }
}
