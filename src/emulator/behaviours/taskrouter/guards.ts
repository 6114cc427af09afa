import { invalidParam } from '../../errors.js';
import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import { TR } from './schemas.js';
import { queuesOf } from './workflow.js';

/**
 * Deletions TaskRouter refuses because something would name a resource that is gone: each check
 * throws a 400 naming what still uses it (the engine then undoes the delete).
 */
export class DeletionGuards {
  constructor(private readonly records: Records) {}

  /** An activity workers are in, or that is the workspace's default or timeout activity. */
  activityDeleted(activity: StoredRecord): void {
    const workspace = this.records.get(activity.accountSid, TR.workspace, activity.data.workspace_sid);
    for (const setting of ['default_activity_sid', 'timeout_activity_sid'] as const) {
      if (workspace?.data[setting] === activity.id) {
        const name = setting === 'default_activity_sid' ? 'DefaultActivitySid' : 'TimeoutActivitySid';
        throw invalidParam(`Activity ${activity.id} cannot be deleted: it is the workspace's ${name}; set another first`);
      }
    }
    const users = this.records.list(activity.accountSid, TR.worker, { workspace_sid: activity.data.workspace_sid, activity_sid: activity.id });
    if (users.length === 0) return;
    const names = users.map((w) => String(w.data.friendly_name)).join(', ');
    throw invalidParam(`Activity ${activity.id} cannot be deleted while workers are in it: ${names}`);
  }

  /** A TaskQueue a workflow routes tasks to (a filter's target or its default filter). */
  queueDeleted(queue: StoredRecord): void {
    const users = this.records
      .list(queue.accountSid, TR.workflow, { workspace_sid: queue.data.workspace_sid })
      .filter((w) => queuesOf(w.data.configuration).includes(queue.id));
    if (users.length === 0) return;
    const names = users.map((w) => String(w.data.friendly_name)).join(', ');
    throw invalidParam(`TaskQueue ${queue.id} cannot be deleted while workflows route to it: ${names}`);
  }
}
