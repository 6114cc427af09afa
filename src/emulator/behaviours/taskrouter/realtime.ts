import { parseDate } from '../../dates.js';
import type { RecordData, StoredRecord } from '../../store.js';

/**
 * Real-time TaskRouter statistics: what the tasks and workers of a scope (workspace, queue,
 * workflow) look like right now. Pure functions over stored records.
 */

/** Every assignment status a task can have, in the order TaskRouter lists them. */
export const TASK_STATUSES = ['pending', 'reserved', 'assigned', 'wrapping', 'canceled', 'completed'] as const;

/** Statuses of tasks still waiting for a worker to take them. */
const WAITING = new Set(['pending', 'reserved']);
/** Statuses of tasks that are over. */
const FINAL = new Set(['canceled', 'completed']);

/** A task's `age`: whole seconds since it was created, as of `now` (it is never stored). */
export function taskAge(task: RecordData, now: Date): number {
  const created = parseDate(task.date_created)?.getTime();
  return created === undefined ? 0 : Math.max(0, Math.floor((now.getTime() - created) / 1000));
}

/** `{ pending, reserved, assigned, wrapping, canceled, completed }` task counts. */
export function tasksByStatus(tasks: readonly StoredRecord[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]));
  for (const task of tasks) {
    const status = String(task.data.assignment_status);
    if (status in counts) counts[status]! += 1;
  }
  return counts;
}

/** Counts of the tasks not yet over, by priority (`{ "0": 3, "10": 1 }`). */
export function tasksByPriority(tasks: readonly StoredRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const task of tasks) {
    if (FINAL.has(String(task.data.assignment_status))) continue;
    const priority = String(typeof task.data.priority === 'number' ? task.data.priority : 0);
    counts[priority] = (counts[priority] ?? 0) + 1;
  }
  return counts;
}

/** The waiting task that has waited longest since `field` (a timestamp), with its age in whole seconds. */
export function longestWaiting(tasks: readonly StoredRecord[], field: string, now: Date): { age: number; sid: string | null } {
  let best: { age: number; sid: string | null } = { age: 0, sid: null };
  let bestSince = Number.POSITIVE_INFINITY;
  for (const task of tasks) {
    if (!WAITING.has(String(task.data.assignment_status))) continue;
    const since = parseDate(task.data[field])?.getTime() ?? parseDate(task.data.date_created)?.getTime();
    if (since === undefined || since >= bestSince) continue;
    bestSince = since;
    best = { age: Math.max(0, Math.floor((now.getTime() - since) / 1000)), sid: task.id };
  }
  return best;
}

/** `[{ sid, friendly_name, workers }]`: how many of `workers` are in each activity of the workspace. */
export function activityStatistics(activities: readonly StoredRecord[], workers: readonly StoredRecord[]): Record<string, unknown>[] {
  return activities.map((activity) => ({
    sid: activity.id,
    friendly_name: activity.data.friendly_name ?? null,
    workers: workers.filter((w) => w.data.activity_sid === activity.id).length,
  }));
}

/** Whether a task ran on a channel named by SID or unique name (no channel asked: every task). */
export function onChannel(task: StoredRecord, channel: string | undefined): boolean {
  return channel === undefined || task.data.task_channel_sid === channel || task.data.task_channel_unique_name === channel;
}
