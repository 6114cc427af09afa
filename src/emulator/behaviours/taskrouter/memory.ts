import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';

/** Hidden-state keys (see `StoredRecord.hidden`). */
const REJECTED_BY = 'rejected_by';
const TARGET_EXPRESSION = 'target_expression';
const ACTIVITY_BEFORE = 'activity_before';
const QUEUE_PINNED = 'queue_pinned';

/**
 * What routing remembers beyond the resources' fields: who will not be offered a task again, the
 * workflow target's expression that narrows its workers, whether its queue was the request's
 * choice (then no workflow moves it), and the activity a worker had before a
 * queue's reservation/assignment activity moved it. Kept in the records' hidden state, so it is
 * undone with a failed request and survives a restart with a data file; it goes with its record.
 */
export class RoutingMemory {
  constructor(private readonly records: Records) {}

  /** Workers whose reservation for the task ended unaccepted. */
  rejectedBy(task: StoredRecord): readonly string[] {
    const value = this.records.hidden(task)[REJECTED_BY];
    return Array.isArray(value) ? (value as string[]) : [];
  }

  addRejection(task: StoredRecord, workerSid: string): void {
    const rejected = this.rejectedBy(task);
    if (!rejected.includes(workerSid)) this.records.setHidden(task, { [REJECTED_BY]: [...rejected, workerSid] });
  }

  /** The matched workflow target's expression, if it had one. */
  targetExpression(task: StoredRecord): string | undefined {
    const value = this.records.hidden(task)[TARGET_EXPRESSION];
    return typeof value === 'string' ? value : undefined;
  }

  setTargetExpression(task: StoredRecord, expression: string | undefined): void {
    if (this.targetExpression(task) !== expression) this.records.setHidden(task, { [TARGET_EXPRESSION]: expression });
  }

  /** The task's queue was named by its create request, not chosen by a workflow. */
  isPinned(task: StoredRecord): boolean {
    return this.records.hidden(task)[QUEUE_PINNED] === true;
  }

  pinQueue(task: StoredRecord): void {
    this.records.setHidden(task, { [QUEUE_PINNED]: true });
  }

  /** A task is over: nothing about its routing matters any more. */
  forgetTask(task: StoredRecord): void {
    if (this.rejectedBy(task).length > 0 || this.targetExpression(task) !== undefined) {
      this.records.setHidden(task, { [REJECTED_BY]: undefined, [TARGET_EXPRESSION]: undefined });
    }
  }

  /** The activity to restore when the worker's task ends. */
  activityBefore(worker: StoredRecord): string | undefined {
    const value = this.records.hidden(worker)[ACTIVITY_BEFORE];
    return typeof value === 'string' ? value : undefined;
  }

  /** Remembers the worker's activity before a task moved it, unless one is remembered already. */
  rememberActivity(worker: StoredRecord, activitySid: string): void {
    if (this.activityBefore(worker) === undefined) this.records.setHidden(worker, { [ACTIVITY_BEFORE]: activitySid });
  }

  forgetActivity(worker: StoredRecord): void {
    if (this.activityBefore(worker) !== undefined) this.records.setHidden(worker, { [ACTIVITY_BEFORE]: undefined });
  }
}
