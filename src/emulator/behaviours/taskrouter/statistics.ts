import type { Engine, ReadRequest } from '../../engine.js';
import { invalidParam } from '../../errors.js';
import type { Params } from '../../params.js';
import type { RecordData, StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import {
  activityDurations,
  eventOnChannel,
  eventsIn,
  reservationCounts,
  splitByWaitTime,
  taskCounts,
  waitDurations,
  windowFields,
  windowOf,
  type CountedEvent,
} from './cumulative.js';
import { queueAdmits, attributesOf } from './eligibility.js';
import { activityStatistics, longestWaiting, onChannel, tasksByPriority, tasksByStatus } from './realtime.js';
import { TR } from './schemas.js';

const S = 'taskrouter_v1:taskrouter.v1.workspace';

/** Response schemas whose fields make up the `realtime` / `cumulative` objects of the Statistics resources. */
const SCHEMAS = {
  workspaceRealtime: `${S}.workspace_real_time_statistics`,
  workspaceCumulative: `${S}.workspace_cumulative_statistics`,
  queueRealtime: `${S}.task_queue.task_queue_real_time_statistics`,
  queueCumulative: `${S}.task_queue.task_queue_cumulative_statistics`,
  workflowRealtime: `${S}.workflow.workflow_real_time_statistics`,
  workflowCumulative: `${S}.workflow.workflow_cumulative_statistics`,
  workersRealtime: `${S}.worker.workers_real_time_statistics`,
  workersCumulative: `${S}.worker.workers_cumulative_statistics`,
} as const;

/** The figures each queue's entry of the bulk real-time statistics carries, as the spec lists them. */
const BULK_FIELDS = [
  'total_available_workers',
  'total_eligible_workers',
  'total_tasks',
  'longest_task_waiting_age',
  'longest_task_waiting_sid',
  'tasks_by_status',
  'tasks_by_priority',
  'activity_statistics',
] as const;

/** The most queues one bulk real-time statistics request may name, as Twilio documents it. */
const BULK_MAX = 50;

/** Fields naming the resource rather than measuring it: left out of nested `realtime`/`cumulative` objects. */
const IDENTITY = new Set(['account_sid', 'workspace_sid', 'task_queue_sid', 'workflow_sid', 'worker_sid', 'url']);

function single(query: Params, name: string): string | undefined {
  const raw = query[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v === undefined || v === '' ? undefined : v;
}

/** What one statistics request is about. */
interface Scope {
  accountSid: string;
  workspaceSid: string;
  query: Params;
  /** Body parameters (of the bulk POST). */
  body: Params;
  /** `TaskChannel`: a channel SID or unique name. */
  channel: string | undefined;
  now: Date;
}

/**
 * TaskRouter statistics computed from current state on every read: real-time figures from the
 * stored tasks, workers and activities; cumulative ones from the workspace's events (see
 * ./cumulative.ts). Registered as field providers of the statistics fetches (and of the bulk
 * POST) and as the list provider of the TaskQueues statistics list, so the responses keep their
 * spec shape (`url`, SIDs) and only the figures are computed.
 */
export class TaskRouterStatistics {
  constructor(
    private readonly records: Records,
    private readonly engine: Engine,
  ) {}

  /** Registers a provider for every statistics fetch of the TaskRouter spec. */
  install(): void {
    const provide = (operation: string, compute: (scope: Scope, params: Record<string, string>) => RecordData): void => {
      this.engine.provideFields(`taskrouter_v1:${operation}`, (r) => compute(this.scopeOf(r), r.pathParams));
    };
    provide('FetchWorkspaceRealTimeStatistics', (s) => this.workspaceRealtime(s));
    provide('FetchWorkspaceCumulativeStatistics', (s) => this.workspaceCumulative(s));
    provide('FetchWorkspaceStatistics', (s) => this.both(SCHEMAS.workspaceRealtime, this.workspaceRealtime(s), SCHEMAS.workspaceCumulative, this.workspaceCumulative(s)));
    provide('FetchTaskQueueRealTimeStatistics', (s, p) => this.queueRealtime(s, this.get(s, TR.queue, p['TaskQueueSid'])));
    provide('FetchTaskQueueCumulativeStatistics', (s, p) => this.queueCumulative(s, p['TaskQueueSid']));
    provide('FetchTaskQueueStatistics', (s, p) =>
      this.both(SCHEMAS.queueRealtime, this.queueRealtime(s, this.get(s, TR.queue, p['TaskQueueSid'])), SCHEMAS.queueCumulative, this.queueCumulative(s, p['TaskQueueSid'])),
    );
    provide('FetchWorkflowRealTimeStatistics', (s, p) => this.workflowRealtime(s, p['WorkflowSid']));
    provide('FetchWorkflowCumulativeStatistics', (s, p) => this.workflowCumulative(s, p['WorkflowSid']));
    provide('FetchWorkflowStatistics', (s, p) =>
      this.both(SCHEMAS.workflowRealtime, this.workflowRealtime(s, p['WorkflowSid']), SCHEMAS.workflowCumulative, this.workflowCumulative(s, p['WorkflowSid'])),
    );
    provide('FetchWorkersRealTimeStatistics', (s) => this.workersRealtime(s, this.workers(s)));
    provide('FetchWorkersCumulativeStatistics', (s) => this.workersCumulative(s, this.workers(s)));
    provide('FetchWorkerStatistics', (s) => {
      const workers = this.selectedWorkers(s);
      return this.both(SCHEMAS.workersRealtime, this.workersRealtime(s, workers), SCHEMAS.workersCumulative, this.workersCumulative(s, workers));
    });
    provide('FetchWorkerInstanceStatistics', (s, p) => {
      const worker = this.get(s, TR.worker, p['WorkerSid']);
      return { cumulative: this.nested(SCHEMAS.workersCumulative, this.workersCumulative(s, worker ? [worker] : [])) };
    });
    // Every queue's statistics in one list, and the real-time figures of chosen queues in one POST.
    this.engine.provideList('taskrouter_v1:ListTaskQueuesStatistics', ['FriendlyName', 'StartDate', 'EndDate', 'Minutes', 'TaskChannel', 'SplitByWaitTime'], (r) => {
      const s = this.scopeOf(r);
      const name = single(s.query, 'FriendlyName');
      return this.queues(s)
        .filter((q) => name === undefined || q.data.friendly_name === name)
        .map((q) => ({ seq: q.seq, fields: { task_queue_sid: q.id, ...this.both(SCHEMAS.queueRealtime, this.queueRealtime(s, q), SCHEMAS.queueCumulative, this.queueCumulative(s, q.id)) } }));
    });
    provide('CreateTaskQueueBulkRealTimeStatistics', (s) => {
      const data = this.bulkQueues(s).map((q) => {
        const figures = this.queueRealtime(s, q);
        return { task_queue_sid: q.id, ...Object.fromEntries(BULK_FIELDS.map((f) => [f, figures[f] ?? null])) };
      });
      return { task_queue_data: data, task_queue_response_count: data.length };
    });
  }

  /**
   * The queues a bulk real-time statistics request names in `QueueSids` (at most 50, each a
   * queue of the workspace, else a 400 naming the parameter); without it, every queue.
   */
  private bulkQueues(s: Scope): StoredRecord[] {
    const raw = s.body['QueueSids'];
    if (raw === undefined) return this.queues(s).slice(0, BULK_MAX);
    const sids = [raw].flat();
    if (sids.length > BULK_MAX) throw invalidParam(`Invalid QueueSids: at most ${BULK_MAX} queues per request, got ${sids.length}`);
    return sids.map((sid) => {
      const queue = this.get(s, TR.queue, sid);
      if (!queue || queue.data.workspace_sid !== s.workspaceSid) throw invalidParam(`Invalid QueueSids: ${sid} is not a TaskQueue of workspace ${s.workspaceSid}`);
      return queue;
    });
  }

  // ---- real time -----------------------------------------------------------

  private workspaceRealtime(s: Scope): RecordData {
    const tasks = this.tasks(s, () => true);
    const workers = this.workers(s);
    const longest = longestWaiting(tasks, 'date_created', s.now);
    return {
      activity_statistics: activityStatistics(this.activities(s), workers),
      longest_task_waiting_age: longest.age,
      longest_task_waiting_sid: longest.sid,
      tasks_by_priority: tasksByPriority(tasks),
      tasks_by_status: tasksByStatus(tasks),
      total_tasks: tasks.length,
      total_workers: workers.length,
    };
  }

  private queueRealtime(s: Scope, queue: StoredRecord | undefined): RecordData {
    const tasks = queue ? this.tasks(s, (t) => t.data.task_queue_sid === queue.id) : [];
    const admits = queue ? queueAdmits(queue) : () => false;
    const eligible = this.workers(s).filter((w) => admits(attributesOf(w)));
    const longest = longestWaiting(tasks, 'date_created', s.now);
    const inQueue = longestWaiting(tasks, 'task_queue_entered_date', s.now);
    return {
      activity_statistics: activityStatistics(this.activities(s), eligible),
      longest_task_waiting_age: longest.age,
      longest_task_waiting_sid: longest.sid,
      longest_relative_task_age_in_queue: inQueue.age,
      longest_relative_task_sid_in_queue: inQueue.sid,
      tasks_by_priority: tasksByPriority(tasks),
      tasks_by_status: tasksByStatus(tasks),
      total_available_workers: eligible.filter((w) => w.data.available === true).length,
      total_eligible_workers: eligible.length,
      total_tasks: tasks.length,
    };
  }

  private workflowRealtime(s: Scope, workflowSid: string | undefined): RecordData {
    const tasks = this.tasks(s, (t) => t.data.workflow_sid === workflowSid);
    const longest = longestWaiting(tasks, 'date_created', s.now);
    return {
      longest_task_waiting_age: longest.age,
      longest_task_waiting_sid: longest.sid,
      tasks_by_priority: tasksByPriority(tasks),
      tasks_by_status: tasksByStatus(tasks),
      total_tasks: tasks.length,
    };
  }

  private workersRealtime(s: Scope, workers: readonly StoredRecord[]): RecordData {
    return { activity_statistics: activityStatistics(this.activities(s), workers), total_workers: workers.length };
  }

  // ---- cumulative ------------------------------------------------------------

  /** Events of the window on the requested channel, kept by `keep`. */
  private events(s: Scope, keep: (e: CountedEvent) => boolean): { events: CountedEvent[]; window: ReturnType<typeof windowOf> } {
    const window = windowOf(s.query, s.now);
    const all = eventsIn(
      this.records.list(s.accountSid, TR.event, { workspace_sid: s.workspaceSid }),
      this.records.list(s.accountSid, TR.task, { workspace_sid: s.workspaceSid }),
      window,
    );
    return { events: all.filter((e) => eventOnChannel(e, s.channel) && keep(e)), window };
  }

  private taskCumulative(s: Scope, keep: (e: CountedEvent) => boolean): RecordData {
    const { events, window } = this.events(s, keep);
    return {
      ...windowFields(window),
      ...reservationCounts(events),
      ...taskCounts(events),
      ...waitDurations(events),
      split_by_wait_time: splitByWaitTime(events, s.query),
    };
  }

  private workspaceCumulative(s: Scope): RecordData {
    return this.taskCumulative(s, () => true);
  }

  private queueCumulative(s: Scope, queueSid: string | undefined): RecordData {
    return this.taskCumulative(s, (e) => e.task?.queueSid === queueSid);
  }

  private workflowCumulative(s: Scope, workflowSid: string | undefined): RecordData {
    return this.taskCumulative(s, (e) => e.task?.workflowSid === workflowSid);
  }

  private workersCumulative(s: Scope, workers: readonly StoredRecord[]): RecordData {
    const ids = new Set(workers.map((w) => w.id));
    const { events, window } = this.events(s, (e) => e.workerSid !== undefined && ids.has(e.workerSid));
    return {
      ...windowFields(window),
      activity_durations: activityDurations(this.activities(s), workers, events, window),
      ...reservationCounts(events),
    };
  }

  // ---- helpers ---------------------------------------------------------------

  private scopeOf(r: ReadRequest): Scope {
    return {
      accountSid: r.accountSid,
      workspaceSid: r.pathParams['WorkspaceSid'] ?? '',
      query: r.query,
      body: r.body ?? {},
      channel: single(r.query, 'TaskChannel'),
      now: new Date(),
    };
  }

  private get(s: Scope, schemaKey: string, sid: string | undefined): StoredRecord | undefined {
    return this.records.get(s.accountSid, schemaKey, sid);
  }

  private tasks(s: Scope, keep: (task: StoredRecord) => boolean): StoredRecord[] {
    return this.records.list(s.accountSid, TR.task, { workspace_sid: s.workspaceSid }).filter((t) => onChannel(t, s.channel) && keep(t));
  }

  private workers(s: Scope): StoredRecord[] {
    return this.records.list(s.accountSid, TR.worker, { workspace_sid: s.workspaceSid });
  }

  private queues(s: Scope): StoredRecord[] {
    return this.records.list(s.accountSid, TR.queue, { workspace_sid: s.workspaceSid });
  }

  private activities(s: Scope): StoredRecord[] {
    return this.records.list(s.accountSid, TR.activity, { workspace_sid: s.workspaceSid });
  }

  /** The workers a Workers Statistics request selects: `TaskQueueSid` / `TaskQueueName` (eligible for it), `FriendlyName`. */
  private selectedWorkers(s: Scope): StoredRecord[] {
    const queueSid = single(s.query, 'TaskQueueSid');
    const queueName = single(s.query, 'TaskQueueName');
    const name = single(s.query, 'FriendlyName');
    let workers = this.workers(s);
    if (queueSid !== undefined || queueName !== undefined) {
      const queue = this.records
        .list(s.accountSid, TR.queue, { workspace_sid: s.workspaceSid })
        .find((q) => (queueSid === undefined || q.id === queueSid) && (queueName === undefined || q.data.friendly_name === queueName));
      const admits = queue ? queueAdmits(queue) : () => false;
      workers = workers.filter((w) => admits(attributesOf(w)));
    }
    return name === undefined ? workers : workers.filter((w) => w.data.friendly_name === name);
  }

  /** The measuring fields of a statistics schema, from computed figures (nested objects of Statistics resources). */
  private nested(schemaKey: string, figures: RecordData): RecordData {
    const out: RecordData = {};
    for (const field of this.engine.catalog.model.schemas[schemaKey]?.fields ?? []) {
      if (!IDENTITY.has(field.name)) out[field.name] = figures[field.name] ?? null;
    }
    return out;
  }

  private both(realtimeSchema: string, realtime: RecordData, cumulativeSchema: string, cumulative: RecordData): RecordData {
    return { realtime: this.nested(realtimeSchema, realtime), cumulative: this.nested(cumulativeSchema, cumulative) };
  }
}
