import { isoDate } from '../../dates.js';
import type { StoredRecord } from '../../store.js';
import type { BehaviourContext } from '../host.js';
import { taskAge } from './realtime.js';
import { TR } from './schemas.js';

/** `ResourceType` of an event callback, as TaskRouter spells it. */
export type EventResourceType = 'Task' | 'Reservation' | 'Worker' | 'Activity' | 'Workflow' | 'Workspace';

/** One event: its type, what it concerns, and the `Task…`/`Worker…` fields Twilio sends with it. */
export interface TaskRouterEvent {
  type: string;
  description: string;
  resourceType: EventResourceType;
  resource: StoredRecord;
  fields: Record<string, string>;
}

/** Callback fields describing a task, as TaskRouter sends them with task and reservation events. */
export function taskFields(record: StoredRecord): Record<string, string> {
  const task = record.data;
  return compact({
    TaskSid: record.id,
    TaskAttributes: task.attributes,
    TaskAge: taskAge(task, new Date()),
    TaskPriority: task.priority,
    TaskAssignmentStatus: task.assignment_status,
    TaskQueueSid: task.task_queue_sid,
    TaskQueueName: task.task_queue_friendly_name,
    WorkflowSid: task.workflow_sid,
    WorkflowName: task.workflow_friendly_name,
    TaskChannelSid: task.task_channel_sid,
    TaskChannelUniqueName: task.task_channel_unique_name,
    TaskDateCreated: task.date_created,
  });
}

/** Callback fields describing a worker. */
export function workerFields(record: StoredRecord): Record<string, string> {
  const worker = record.data;
  return compact({
    WorkerSid: record.id,
    WorkerName: worker.friendly_name,
    WorkerAttributes: worker.attributes,
    WorkerActivitySid: worker.activity_sid,
    WorkerActivityName: worker.activity_name,
  });
}

/** Keeps the fields that have a value, as strings (that is how a form body carries them). */
export function compact(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

/** `TaskQueueSid` -> `task_queue_sid`, for the Event resource's `event_data`. */
const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * Records TaskRouter events and delivers them: each becomes an Event resource
 * of its workspace and, when the workspace has an `event_callback_url` whose
 * `events_filter` (if any) lists the type, a signed callback POST.
 */
export class TaskRouterEvents {
  constructor(private readonly ctx: BehaviourContext) {}

  emit(workspace: StoredRecord, event: TaskRouterEvent): void {
    const accountSid = workspace.accountSid;
    const now = new Date();
    const base = {
      EventType: event.type,
      AccountSid: accountSid,
      WorkspaceSid: workspace.id,
      WorkspaceName: String(workspace.data.friendly_name ?? ''),
      EventDescription: event.description,
      ResourceType: event.resourceType,
      ResourceSid: event.resource.id,
      Timestamp: String(Math.floor(now.getTime() / 1000)),
    };
    const params = { ...base, ...event.fields };
    this.ctx.records.insert(accountSid, TR.event, {
      workspace_sid: workspace.id,
      event_type: event.type,
      description: event.description,
      resource_type: base.ResourceType,
      resource_sid: event.resource.id,
      actor_type: 'workspace',
      actor_sid: workspace.id,
      event_data: Object.fromEntries(Object.entries(event.fields).map(([k, v]) => [snake(k), v])),
      event_date: isoDate(now),
      event_date_ms: now.getTime(),
      source: 'twilio',
      source_ip_address: '127.0.0.1',
    });
    const url = workspace.data.event_callback_url;
    if (typeof url !== 'string' || url === '' || !this.wanted(workspace, event.type)) return;
    void this.ctx.webhooks.send({
      url,
      params,
      authToken: this.ctx.authToken(accountSid),
      // One workspace's events arrive in the order they happened.
      orderKey: `taskrouter-events:${workspace.id}`,
    });
  }

  private wanted(workspace: StoredRecord, type: string): boolean {
    const filter = workspace.data.events_filter;
    if (typeof filter !== 'string' || filter.trim() === '') return true;
    return filter.split(',').some((t) => t.trim() === type);
  }
}
