import type { ReadRequest } from '../../engine.js';
import { invalidParam } from '../../errors.js';
import type { Params } from '../../params.js';
import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import { ExpressionError, type Expression } from './expression.js';
import { parseDate } from '../../dates.js';
import { windowOf } from './cumulative.js';
import { compile, queueAdmits, satisfies, attributesOf } from './eligibility.js';
import { TR } from './schemas.js';

type Predicate = (record: StoredRecord) => boolean;

/** A non-empty single query value. */
function one(query: Params, name: string): string | undefined {
  const raw = query[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v === undefined || v === '' ? undefined : v;
}

/** Parses an expression parameter; unreadable text is a 400 naming the parameter. */
function expressionParam(name: string, text: string): Expression | undefined {
  try {
    return compile(text);
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidParam(`Invalid value '${text}' for parameter ${name}: ${error.message}`);
    throw error;
  }
}

/** Parses a JSON attributes parameter; anything but a JSON object is a 400 naming the parameter. */
function attributesParam(name: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParam(`Invalid value '${text}' for parameter ${name}: must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** An Event's `event_data` object. */
function dataOf(event: StoredRecord): Record<string, unknown> {
  const data = event.data.event_data;
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

/** Whether a JSON text field holds something (not empty, not `{}`). */
function hasContent(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && value.trim() !== '{}';
}

const all = (predicates: Predicate[]): Predicate | undefined =>
  predicates.length === 0 ? undefined : (r) => predicates.every((p) => p(r));

/** Events list parameters naming what an event pertains to: its resource, or its `event_data` key. */
const EVENT_SUBJECTS: Readonly<Record<string, string>> = {
  TaskSid: 'task_sid',
  WorkerSid: 'worker_sid',
  ReservationSid: 'reservation_sid',
  TaskQueueSid: 'task_queue_sid',
  WorkflowSid: 'workflow_sid',
};

/**
 * The TaskRouter list filters that are not plain field matches: expressions evaluated with the
 * routing's own evaluator (so a filtered list shows exactly whom routing would pick), names the
 * records carry, and what an Event pertains to and when it happened.
 */
export class TaskRouterFilters {
  /** The query parameters each filter handles. */
  static readonly WORKER_PARAMS = ['TaskQueueSid', 'TaskQueueName', 'TargetWorkersExpression'] as const;
  static readonly QUEUE_PARAMS = ['WorkerSid', 'EvaluateWorkerAttributes'] as const;
  static readonly TASK_PARAMS = ['EvaluateTaskAttributes', 'TaskQueueName', 'WorkflowName', 'HasAddons'] as const;
  static readonly EVENT_PARAMS = ['StartDate', 'EndDate', 'Minutes', 'TaskChannel', ...Object.keys(EVENT_SUBJECTS)] as const;

  constructor(private readonly records: Records) {}

  /**
   * Workers: `TaskQueueSid` / `TaskQueueName` keep the workers eligible for that queue (none
   * when it does not exist); `TargetWorkersExpression` those matching an expression over their
   * attributes plus `sid`, `friendly_name`, `activity_sid` and `activity_name`.
   */
  workers(request: ReadRequest): Predicate | undefined {
    const { query } = request;
    const predicates: Predicate[] = [];
    const queueSid = one(query, 'TaskQueueSid');
    const queueName = one(query, 'TaskQueueName');
    if (queueSid !== undefined || queueName !== undefined) {
      const queue = this.records
        .list(request.accountSid, TR.queue, { workspace_sid: request.pathParams['WorkspaceSid'] })
        .find((q) => (queueSid === undefined || q.id === queueSid) && (queueName === undefined || q.data.friendly_name === queueName));
      const admits = queue ? queueAdmits(queue) : () => false;
      predicates.push((worker) => admits(attributesOf(worker)));
    }
    const targetText = one(query, 'TargetWorkersExpression');
    if (targetText !== undefined) {
      const target = expressionParam('TargetWorkersExpression', targetText);
      predicates.push((worker) =>
        satisfies(target, {
          ...attributesOf(worker),
          sid: worker.id,
          friendly_name: worker.data.friendly_name,
          activity_sid: worker.data.activity_sid,
          activity_name: worker.data.activity_name,
        }),
      );
    }
    return all(predicates);
  }

  /**
   * TaskQueues: `WorkerSid` keeps the queues that worker is eligible for (none for an unknown
   * worker); `EvaluateWorkerAttributes` (JSON) the queues whose target expression those
   * attributes satisfy.
   */
  queues(request: ReadRequest): Predicate | undefined {
    const { query } = request;
    const predicates: Predicate[] = [];
    const workerSid = one(query, 'WorkerSid');
    if (workerSid !== undefined) {
      const worker = this.records
        .list(request.accountSid, TR.worker, { workspace_sid: request.pathParams['WorkspaceSid'] })
        .find((w) => w.id === workerSid);
      const attributes = worker ? attributesOf(worker) : undefined;
      predicates.push((queue) => attributes !== undefined && queueAdmits(queue)(attributes));
    }
    const evaluate = one(query, 'EvaluateWorkerAttributes');
    if (evaluate !== undefined) {
      const attributes = attributesParam('EvaluateWorkerAttributes', evaluate);
      predicates.push((queue) => queueAdmits(queue)(attributes));
    }
    return all(predicates);
  }

  /**
   * Tasks: `EvaluateTaskAttributes` keeps the tasks whose attributes satisfy the expression;
   * `TaskQueueName` and `WorkflowName` match the names the task carries; `HasAddons` whether
   * it carries add-on results.
   */
  tasks(request: ReadRequest): Predicate | undefined {
    const { query } = request;
    const predicates: Predicate[] = [];
    const text = one(query, 'EvaluateTaskAttributes');
    if (text !== undefined) {
      const expression = expressionParam('EvaluateTaskAttributes', text);
      predicates.push((task) => satisfies(expression, attributesOf(task)));
    }
    const queueName = one(query, 'TaskQueueName');
    if (queueName !== undefined) predicates.push((task) => task.data.task_queue_friendly_name === queueName);
    const workflowName = one(query, 'WorkflowName');
    if (workflowName !== undefined) predicates.push((task) => task.data.workflow_friendly_name === workflowName);
    const hasAddons = one(query, 'HasAddons');
    if (hasAddons !== undefined) {
      const want = hasAddons.toLowerCase() === 'true';
      predicates.push((task) => hasContent(task.data.addons) === want);
    }
    return all(predicates);
  }

  /**
   * Events: those inside the window `StartDate`..`EndDate`, or the last `Minutes` (default 15,
   * as Twilio's), that pertain to the `TaskSid` / `WorkerSid` / `ReservationSid` / `TaskQueueSid`
   * / `WorkflowSid` given (as their resource or in their data) and to the `TaskChannel` (SID or
   * unique name).
   */
  events(request: ReadRequest): Predicate | undefined {
    const { query } = request;
    const { start, end } = windowOf(query, new Date());
    const from = start.getTime();
    const to = end.getTime();
    const predicates: Predicate[] = [
      (event) => {
        const at = parseDate(event.data.event_date)?.getTime();
        return at !== undefined && at >= from && at <= to;
      },
    ];
    for (const [param, key] of Object.entries(EVENT_SUBJECTS)) {
      const sid = one(query, param);
      if (sid !== undefined) predicates.push((event) => event.data.resource_sid === sid || dataOf(event)[key] === sid);
    }
    const channel = one(query, 'TaskChannel');
    if (channel !== undefined) {
      predicates.push((event) => dataOf(event).task_channel_sid === channel || dataOf(event).task_channel_unique_name === channel);
    }
    return all(predicates);
  }
}
