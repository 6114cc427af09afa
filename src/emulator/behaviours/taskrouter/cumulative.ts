import { isoDate, parseDate } from '../../dates.js';
import { invalidParam } from '../../errors.js';
import type { Params } from '../../params.js';
import type { StoredRecord } from '../../store.js';

/**
 * Cumulative TaskRouter statistics, counted from the workspace's Event records (every routing
 * step the emulator takes is one) inside a time window: reservations created / accepted /
 * rejected …, tasks created / completed / canceled …, wait durations and time in activities.
 */

/** The interval statistics cover. */
export interface Window {
  start: Date;
  end: Date;
}

/** Twilio's default window: the last 15 minutes. */
const DEFAULT_MINUTES = 15;

function single(query: Params, name: string): string | undefined {
  const raw = query[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v === undefined || v === '' ? undefined : v;
}

function dateParam(query: Params, name: string): Date | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const date = parseDate(text);
  if (!date) throw invalidParam(`Invalid value '${text}' for parameter ${name}: must be an ISO 8601 date-time`);
  return date;
}

/**
 * The window a request asks for: `StartDate`..`EndDate` (end defaults to now), else the last
 * `Minutes` (default 15) before `EndDate` or now.
 */
export function windowOf(query: Params, now: Date): Window {
  const end = dateParam(query, 'EndDate') ?? now;
  const start = dateParam(query, 'StartDate');
  if (start) return { start, end };
  const minutes = Number.parseInt(single(query, 'Minutes') ?? String(DEFAULT_MINUTES), 10);
  return { start: new Date(end.getTime() - minutes * 60_000), end };
}

/** What is known of the task an event concerns: from the task itself, or from the event while it is gone. */
export interface TaskFacts {
  queueSid?: string;
  workflowSid?: string;
  channelSid?: string;
  channelName?: string;
  createdMs?: number;
  enteredQueueMs?: number;
}

/** One event inside the window, with the task and worker it concerns. */
export interface CountedEvent {
  type: string;
  at: number;
  workerSid?: string;
  task?: TaskFacts;
  data: Record<string, unknown>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const ms = (v: unknown): number | undefined => parseDate(v)?.getTime();

function factsOf(data: Record<string, unknown>, task: StoredRecord | undefined): TaskFacts {
  const t = task?.data ?? {};
  const facts: TaskFacts = {};
  const set = <K extends keyof TaskFacts>(key: K, value: TaskFacts[K] | undefined): void => {
    if (value !== undefined) facts[key] = value;
  };
  set('queueSid', text(t.task_queue_sid) ?? text(data.task_queue_sid));
  set('workflowSid', text(t.workflow_sid) ?? text(data.workflow_sid));
  set('channelSid', text(t.task_channel_sid) ?? text(data.task_channel_sid));
  set('channelName', text(t.task_channel_unique_name) ?? text(data.task_channel_unique_name));
  set('createdMs', ms(t.date_created) ?? ms(data.task_date_created));
  set('enteredQueueMs', ms(t.task_queue_entered_date));
  return facts;
}

/** The workspace's events inside the window, oldest first, joined with their tasks. */
export function eventsIn(events: readonly StoredRecord[], tasks: readonly StoredRecord[], window: Window): CountedEvent[] {
  const bySid = new Map(tasks.map((t) => [t.id, t]));
  const out: CountedEvent[] = [];
  for (const event of events) {
    const at = typeof event.data.event_date_ms === 'number' ? event.data.event_date_ms : ms(event.data.event_date);
    if (at === undefined || at < window.start.getTime() || at > window.end.getTime()) continue;
    const data = (event.data.event_data ?? {}) as Record<string, unknown>;
    const taskSid = text(data.task_sid);
    const workerSid = text(data.worker_sid);
    out.push({
      type: String(event.data.event_type),
      at,
      data,
      ...(workerSid ? { workerSid } : {}),
      ...(taskSid ? { task: factsOf(data, bySid.get(taskSid)) } : {}),
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Whether an event's task ran on a channel named by SID or unique name (no channel asked: every event). */
export function eventOnChannel(event: CountedEvent, channel: string | undefined): boolean {
  return channel === undefined || event.task?.channelSid === channel || event.task?.channelName === channel;
}

const count = (events: readonly CountedEvent[], type: string): number => events.filter((e) => e.type === type).length;

/** `reservations_created` … `reservations_rescinded`. */
export function reservationCounts(events: readonly CountedEvent[]): Record<string, number> {
  return {
    reservations_created: count(events, 'reservation.created'),
    reservations_accepted: count(events, 'reservation.accepted'),
    reservations_rejected: count(events, 'reservation.rejected'),
    reservations_timed_out: count(events, 'reservation.timeout'),
    reservations_canceled: count(events, 'reservation.canceled'),
    reservations_rescinded: count(events, 'reservation.rescinded'),
  };
}

/** `tasks_created` (also `tasks_entered`: a task enters its one queue and workflow when created) … */
export function taskCounts(events: readonly CountedEvent[]): Record<string, number> {
  return {
    tasks_created: count(events, 'task.created'),
    tasks_entered: count(events, 'task.created'),
    tasks_canceled: count(events, 'task.canceled'),
    tasks_completed: count(events, 'task.completed'),
    tasks_deleted: count(events, 'task.deleted'),
    tasks_moved: count(events, 'task-queue.moved'),
    tasks_timed_out_in_workflow: count(events, 'workflow.timeout'),
  };
}

/** `{ avg, min, max, total }` of durations in whole seconds; zeros when there are none. */
export function durationStats(seconds: readonly number[]): { avg: number; min: number; max: number; total: number } {
  if (seconds.length === 0) return { avg: 0, min: 0, max: 0, total: 0 };
  const total = seconds.reduce((a, b) => a + b, 0);
  return { avg: Math.round(total / seconds.length), min: Math.min(...seconds), max: Math.max(...seconds), total };
}

/** Seconds from a task's creation (or queue entry) to an event about it. */
function waits(events: readonly CountedEvent[], type: string, from: 'createdMs' | 'enteredQueueMs'): number[] {
  const out: number[] = [];
  for (const e of events) {
    if (e.type !== type) continue;
    const since = e.task?.[from] ?? e.task?.createdMs;
    if (since !== undefined) out.push(Math.max(0, Math.round((e.at - since) / 1000)));
  }
  return out;
}

/** Wait durations until acceptance and cancelation, and the average acceptance time. */
export function waitDurations(events: readonly CountedEvent[]): Record<string, unknown> {
  const accepted = waits(events, 'reservation.accepted', 'createdMs');
  const stats = durationStats(accepted);
  return {
    avg_task_acceptance_time: stats.avg,
    wait_duration_until_accepted: stats,
    wait_duration_until_canceled: durationStats(waits(events, 'task.canceled', 'createdMs')),
    wait_duration_in_queue_until_accepted: durationStats(waits(events, 'reservation.accepted', 'enteredQueueMs')),
  };
}

/**
 * `SplitByWaitTime=5,30`: per threshold (seconds), tasks canceled and reservations accepted
 * after waiting above and below it; null when not asked for.
 */
export function splitByWaitTime(events: readonly CountedEvent[], query: Params): Record<string, unknown> | null {
  const raw = single(query, 'SplitByWaitTime');
  if (raw === undefined) return null;
  const thresholds = raw.split(',').map((s) => s.trim());
  if (thresholds.some((s) => !/^\d+$/.test(s))) {
    throw invalidParam(`Invalid value '${raw}' for parameter SplitByWaitTime: must be comma-separated seconds`);
  }
  const canceled = waits(events, 'task.canceled', 'createdMs');
  const accepted = waits(events, 'reservation.accepted', 'createdMs');
  const out: Record<string, unknown> = {};
  for (const threshold of thresholds) {
    const limit = Number(threshold);
    out[threshold] = {
      above: { tasks_canceled: canceled.filter((s) => s > limit).length, reservations_accepted: accepted.filter((s) => s > limit).length },
      below: { tasks_canceled: canceled.filter((s) => s <= limit).length, reservations_accepted: accepted.filter((s) => s <= limit).length },
    };
  }
  return out;
}

/**
 * `[{ sid, friendly_name, avg, min, max, total }]`: time (seconds) the workers spent in each
 * activity, from their activity changes inside the window plus the stint each is in now.
 */
export function activityDurations(
  activities: readonly StoredRecord[],
  workers: readonly StoredRecord[],
  events: readonly CountedEvent[],
  window: Window,
): Record<string, unknown>[] {
  const ids = new Set(workers.map((w) => w.id));
  const stints = new Map<string, number[]>();
  const add = (activitySid: unknown, seconds: number): void => {
    if (typeof activitySid !== 'string') return;
    stints.set(activitySid, [...(stints.get(activitySid) ?? []), seconds]);
  };
  for (const e of events) {
    if (e.type !== 'worker.activity.update' || !e.workerSid || !ids.has(e.workerSid)) continue;
    const seconds = Number(e.data.worker_time_in_previous_activity);
    if (Number.isFinite(seconds)) add(e.data.worker_previous_activity_sid, seconds);
  }
  for (const worker of workers) {
    const since = Math.max(ms(worker.data.date_status_changed) ?? window.start.getTime(), window.start.getTime());
    if (since <= window.end.getTime()) add(worker.data.activity_sid, Math.floor((window.end.getTime() - since) / 1000));
  }
  return activities.map((a) => ({ sid: a.id, friendly_name: a.data.friendly_name ?? null, ...durationStats(stints.get(a.id) ?? []) }));
}

/** `start_time` / `end_time` of a window, as stored timestamps. */
export function windowFields(window: Window): { start_time: string; end_time: string } {
  return { start_time: isoDate(window.start), end_time: isoDate(window.end) };
}
