import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import { TR } from './schemas.js';

/** Reservation states in which the worker is holding the task (offered it, or working on it). */
export const HOLDING: readonly string[] = ['pending', 'accepted', 'wrapping'];

/** The reservations a worker holds right now. */
export function heldBy(records: Records, worker: StoredRecord): StoredRecord[] {
  return records.list(worker.accountSid, TR.reservation, { worker_sid: worker.id }).filter((r) => HOLDING.includes(String(r.data.reservation_status)));
}

/**
 * Whether a worker can be offered one more task on `task`'s channel: its Worker Channel for that
 * task channel is available and holds fewer of its tasks (reserved or at work) than its
 * configured capacity, and in a workspace without multitasking it holds no task at all. A task
 * on no known channel needs a worker holding nothing. (The worker's activity is checked apart.)
 */
export function hasCapacity(records: Records, workspace: StoredRecord, worker: StoredRecord, task: StoredRecord): boolean {
  const held = heldBy(records, worker);
  if (workspace.data.multi_task_enabled !== true && held.length > 0) return false;
  const channelSid = task.data.task_channel_sid;
  const channel = records.list(worker.accountSid, TR.workerChannel, { worker_sid: worker.id }).find((c) => c.data.task_channel_sid === channelSid);
  if (!channel) return held.length === 0;
  if (channel.data.available !== true) return false;
  const onChannel = held.filter((r) => records.get(worker.accountSid, TR.task, r.data.task_sid)?.data.task_channel_sid === channelSid).length;
  return onChannel < Number(channel.data.configured_capacity ?? 0);
}
