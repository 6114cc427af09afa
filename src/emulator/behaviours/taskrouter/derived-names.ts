import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import { TR } from './schemas.js';

/** A field repeating the friendly name of the resource a sibling SID field names. */
interface DerivedName {
  /** Schema of the records holding both fields. */
  schema: string;
  sid: string;
  name: string;
  /** Schema of the resource the SID names. */
  source: string;
}

/** TaskRouter's names of other resources, kept with the SIDs they go with. */
const DERIVED: readonly DerivedName[] = [
  { schema: TR.workspace, sid: 'default_activity_sid', name: 'default_activity_name', source: TR.activity },
  { schema: TR.workspace, sid: 'timeout_activity_sid', name: 'timeout_activity_name', source: TR.activity },
  { schema: TR.worker, sid: 'activity_sid', name: 'activity_name', source: TR.activity },
  { schema: TR.queue, sid: 'assignment_activity_sid', name: 'assignment_activity_name', source: TR.activity },
  { schema: TR.queue, sid: 'reservation_activity_sid', name: 'reservation_activity_name', source: TR.activity },
  { schema: TR.task, sid: 'task_queue_sid', name: 'task_queue_friendly_name', source: TR.queue },
  { schema: TR.task, sid: 'workflow_sid', name: 'workflow_friendly_name', source: TR.workflow },
  { schema: TR.reservation, sid: 'worker_sid', name: 'worker_name', source: TR.worker },
  { schema: TR.workerReservation, sid: 'worker_sid', name: 'worker_name', source: TR.worker },
];

/**
 * Derived names, written whenever what they derive from changes, so that reads and list filters
 * (`ActivityName=Ready`) see the current name: a record's names follow its SIDs when it is
 * created or updated, and a renamed resource's new name reaches every record naming it.
 */
export class DerivedNames {
  constructor(private readonly records: Records) {}

  /** A record of `schema` was created or updated: its names follow the SIDs it holds now. */
  refresh(record: StoredRecord, schema: string): void {
    const fields: Record<string, unknown> = {};
    for (const d of DERIVED) {
      if (d.schema !== schema) continue;
      const name = this.records.get(record.accountSid, d.source, record.data[d.sid])?.data.friendly_name ?? null;
      if (record.data[d.name] !== name) fields[d.name] = name;
    }
    if (Object.keys(fields).length > 0) this.records.patch(record, fields);
  }

  /**
   * A resource of `schema` may have been renamed: every record naming it by SID shows the new
   * name (their `date_updated` stays: the record itself did not change).
   */
  renamed(source: StoredRecord, schema: string): void {
    const name = source.data.friendly_name;
    for (const d of DERIVED) {
      if (d.source !== schema) continue;
      for (const record of this.records.list(source.accountSid, d.schema, { [d.sid]: source.id })) {
        if (record.data[d.name] !== name) this.records.patch(record, { [d.name]: name, date_updated: record.data.date_updated });
      }
    }
  }
}
