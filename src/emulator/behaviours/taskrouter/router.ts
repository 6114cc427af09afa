import { isoDate } from '../../dates.js';
import { invalidParam } from '../../errors.js';
import type { RecordData, StoredRecord } from '../../store.js';
import { isTruthy } from '../../values.js';
import type { BehaviourContext } from '../host.js';
import { HOLDING, hasCapacity, heldBy } from './capacity.js';
import { WorkerChannels } from './channels.js';
import { matches } from './expression.js';
import { TaskRouterEvents, taskFields, workerFields, compact } from './events.js';
import { RoutingMemory } from './memory.js';
import { TR } from './schemas.js';
import { checkReservationMove, checkTaskMove } from './transitions.js';
import { parseAttributes, routeTask } from './workflow.js';

/** How a pending reservation can end without being accepted (each one an event type too). */
type Withdrawal = 'rejected' | 'timeout' | 'canceled' | 'rescinded';

type Params = Record<string, unknown>;

/** A non-empty string field, or undefined. */
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The TaskRouter engine of the emulator: routes new tasks through their
 * workflow to an available worker of the chosen queue (a pending
 * Reservation), and follows accept / reject / complete / cancel through to
 * the task, the worker's activity and the workspace's events.
 *
 * A worker is offered a task while its activity is available and its Worker
 * Channel for the task's channel is available with capacity to spare (see
 * ./capacity.ts: up to the channel's capacity in a multitasking workspace, one
 * task at a time otherwise). A waiting task is routed again when its attributes
 * change or its workflow is updated with `ReEvaluateTasks`, and offered again
 * whenever a worker, a queue's `TargetWorkers` or a Worker Channel changes.
 *
 * Client moves are checked against TaskRouter's state machines (see
 * ./transitions.ts); a refused one is a 400 and changes nothing. A worker
 * whose reservation ends unaccepted (rejected, timed out, canceled,
 * rescinded) is not offered that task again. Deleting a worker cancels its
 * pending reservations and routes their tasks anew; a worker working on a
 * task (accepted or wrapping) cannot be deleted.
 *
 * Deliberate simplifications: a filter's first target only, no reservation or
 * workflow timers, reservations carry no instruction (conference, dequeue …).
 * One liberty for a living demo: a worker moved to the queue's
 * reservation/assignment activity goes back to the activity it had before
 * once the task ends, where Twilio leaves that to the application.
 */
export class TaskRouterEngine {
  private readonly events: TaskRouterEvents;
  private readonly memory: RoutingMemory;

  constructor(
    private readonly ctx: BehaviourContext,
    private readonly channels: WorkerChannels,
  ) {
    this.events = new TaskRouterEvents(ctx);
    this.memory = new RoutingMemory(ctx.records);
  }

  // ---- hooks -------------------------------------------------------------

  /** A worker was created: fill in its activity fields, then offer it waiting work. */
  workerCreated(worker: StoredRecord): void {
    const workspace = this.workspaceOf(worker);
    if (!workspace) return;
    const activity = this.get(worker, TR.activity, worker.data.activity_sid ?? workspace.data.default_activity_sid);
    this.ctx.records.patch(worker, {
      activity_sid: activity?.id ?? null,
      activity_name: activity?.data.friendly_name ?? null,
      available: activity?.data.available === true,
      date_status_changed: isoDate(new Date()),
    });
    this.channels.workerCreated(worker);
    if (worker.data.available === true) this.assignPending(workspace);
  }

  /**
   * A worker was deleted (its own reservation copies and channels went with it). Refused while
   * it works on a task; its pending reservations are canceled and their tasks routed anew.
   */
  workerDeleted(worker: StoredRecord): void {
    const workspace = this.workspaceOf(worker);
    if (!workspace) return;
    const held = heldBy(this.ctx.records, worker);
    const working = held.find((r) => r.data.reservation_status !== 'pending');
    if (working) {
      throw invalidParam(
        `Worker ${worker.id} cannot be deleted while it works on task ${String(working.data.task_sid)} (reservation ${working.id} is ${String(working.data.reservation_status)}); complete the task first`,
      );
    }
    for (const reservation of held) {
      const task = this.get(reservation, TR.task, reservation.data.task_sid);
      this.setReservation(reservation, 'canceled');
      if (!task) continue;
      this.ctx.records.patch(task, { assignment_status: 'pending' });
      this.events.emit(workspace, {
        type: 'reservation.canceled',
        description: `Reservation ${reservation.id} canceled: worker ${String(worker.data.friendly_name)} was deleted`,
        resourceType: 'Reservation',
        resource: reservation,
        fields: { ...taskFields(task), ...workerFields(worker), ReservationSid: reservation.id },
      });
    }
    this.assignPending(workspace);
  }

  /**
   * A worker was updated through the API: a new ActivitySid changes its availability, new
   * Attributes may make it eligible for waiting tasks.
   */
  workerUpdated(worker: StoredRecord, params: Params): void {
    const activitySid = str(params.ActivitySid);
    const workspace = this.workspaceOf(worker);
    if (!workspace) return;
    if (activitySid) {
      // The worker chose an activity itself: nothing to restore any more.
      this.memory.forgetActivity(worker);
      this.setActivity(workspace, worker, activitySid);
    }
    if (params.Attributes !== undefined) this.assignPending(workspace);
  }

  /**
   * Something routing depends on changed (a queue's `TargetWorkers`, a Worker Channel's
   * availability or capacity): waiting tasks are offered again.
   */
  routingChanged(record: StoredRecord): void {
    const workspace = this.workspaceOf(record);
    if (workspace) this.assignPending(workspace);
  }

  /**
   * A workflow was updated: with `ReEvaluateTasks` true, its waiting tasks go through its
   * (new) configuration again; either way, waiting tasks are offered again.
   */
  workflowUpdated(workflow: StoredRecord, params: Params): void {
    const workspace = this.workspaceOf(workflow);
    if (!workspace) return;
    if (isTruthy(String(params.ReEvaluateTasks ?? ''))) {
      for (const task of this.waiting(workspace).filter((t) => t.data.workflow_sid === workflow.id)) this.enqueue(workspace, task);
    }
    this.assignPending(workspace);
  }

  /** A task was created: route it through its workflow and try to reserve a worker. */
  taskCreated(task: StoredRecord, params: Params): void {
    const workspace = this.workspaceOf(task);
    if (!workspace) return;
    this.ctx.records.patch(task, {
      assignment_status: 'pending',
      // The spec: without VirtualStartTime, a task's virtual start time is its creation date.
      virtual_start_time: task.data.virtual_start_time ?? task.data.date_created,
      // Read from the request as well: the stored record may not carry what the API does not echo.
      ...(str(params.WorkflowSid) ? { workflow_sid: params.WorkflowSid } : {}),
      ...(str(params.TaskQueueSid) ? { task_queue_sid: params.TaskQueueSid } : {}),
    });
    // A queue the request chose stays the task's queue; a workflow's choice is reconsidered.
    if (str(params.TaskQueueSid)) this.memory.pinQueue(task);
    this.describeChannel(task, str(params.TaskChannel) ?? 'default');
    this.events.emit(workspace, {
      type: 'task.created',
      description: `Task ${task.id} created`,
      resourceType: 'Task',
      resource: task,
      fields: taskFields(task),
    });
    this.enqueue(workspace, task);
    this.offer(workspace, task);
  }

  /**
   * A task was updated: an AssignmentStatus change ends, cancels or wraps it (checked against
   * the moves TaskRouter allows from the status it had, `previous`).
   */
  taskUpdated(task: StoredRecord, params: Params, previous: RecordData | undefined): void {
    const status = str(params.AssignmentStatus);
    if (status) checkTaskMove(task.id, previous?.assignment_status, status);
    const workspace = this.workspaceOf(task);
    if (!workspace) return;
    switch (status) {
      case 'completed':
      case 'canceled':
        return this.endTask(workspace, task, status, params.Reason);
      case 'wrapping':
        return this.wrapUp(workspace, task);
      default:
        if (task.data.assignment_status !== 'pending') return;
        // New attributes route a waiting task through its workflow again (maybe to another queue).
        if (params.Attributes !== undefined) this.enqueue(workspace, task);
        this.assignPending(workspace);
    }
  }

  /**
   * A task is gone, and its reservations with it (they hang under the task);
   * the copies under the workers go too, and whoever held the task is free again.
   */
  taskDeleted(task: StoredRecord): void {
    const workspace = this.workspaceOf(task);
    if (!workspace) return;
    for (const twin of this.ctx.records.list(task.accountSid, TR.workerReservation, { task_sid: task.id })) {
      this.ctx.records.remove(twin);
      if (HOLDING.includes(String(twin.data.reservation_status))) this.releaseWorker(workspace, String(twin.data.worker_sid));
    }
    this.assignPending(workspace);
  }

  /**
   * A reservation was updated through either of its URLs (the task's or the worker's); the move
   * from its `previous` status is checked first.
   */
  reservationUpdated(reservation: StoredRecord, params: Params, previous: RecordData | undefined): void {
    const status = str(params.ReservationStatus);
    if (!status) return;
    checkReservationMove(reservation.id, previous?.reservation_status, status);
    const task = this.get(reservation, TR.task, reservation.data.task_sid);
    const workspace = task && this.workspaceOf(task);
    if (!task || !workspace) return;
    // Both URLs show the same reservation: keep the twin in step.
    this.setReservation(reservation, status);
    switch (status) {
      case 'accepted':
        return this.accept(workspace, task, reservation);
      case 'rejected':
      case 'timeout':
      case 'canceled':
      case 'rescinded':
        return this.withdraw(workspace, task, reservation, status, str(params.WorkerActivitySid));
      case 'wrapping':
        return this.wrapUp(workspace, task, [reservation]);
      case 'completed':
        return this.endTask(workspace, task, 'completed', undefined, [reservation]);
    }
  }

  // ---- routing -----------------------------------------------------------

  /**
   * Puts a task in its queue: the one its request chose, else the one its workflow picks — again
   * for a waiting task whose attributes or workflow changed, which may move it to another queue.
   * Entering a queue is an event (leaving one too); staying where it is, is not.
   */
  private enqueue(workspace: StoredRecord, task: StoredRecord): void {
    if (this.memory.isPinned(task)) {
      const given = this.get(task, TR.queue, task.data.task_queue_sid);
      if (given && task.data.task_queue_entered_date == null) {
        this.ctx.records.patch(task, { task_queue_friendly_name: given.data.friendly_name, task_queue_entered_date: isoDate(new Date()) });
      }
      return;
    }
    const workflow = this.workflowOf(workspace, task);
    if (!workflow) return;
    this.ctx.records.patch(task, { workflow_sid: workflow.id, workflow_friendly_name: workflow.data.friendly_name });
    let decision;
    try {
      decision = routeTask(String(workflow.data.configuration ?? '{}'), parseAttributes(task.data.attributes));
    } catch (error) {
      this.ctx.log(`taskrouter: workflow ${workflow.id} cannot route task ${task.id}: ${String(error)}`);
      return;
    }
    const queue = decision && this.get(task, TR.queue, decision.queueSid);
    if (!decision || !queue) return;
    this.memory.setTargetExpression(task, decision.target.expression);
    const left = this.get(task, TR.queue, task.data.task_queue_sid);
    if (left?.id === queue.id) return;
    this.ctx.records.patch(task, {
      task_queue_sid: queue.id,
      task_queue_friendly_name: queue.data.friendly_name,
      task_queue_entered_date: isoDate(new Date()),
      ...(decision.target.priority !== undefined ? { priority: decision.target.priority } : {}),
    });
    this.events.emit(workspace, {
      type: 'workflow.target-matched',
      description: `Task ${task.id} matched filter ${decision.filterName}`,
      resourceType: 'Workflow',
      resource: workflow,
      fields: { ...taskFields(task), WorkflowFilterName: decision.filterName },
    });
    if (left) {
      this.events.emit(workspace, {
        type: 'task-queue.moved',
        description: `Task ${task.id} moved from queue ${String(left.data.friendly_name)} to ${String(queue.data.friendly_name)}`,
        resourceType: 'Task',
        resource: task,
        fields: { ...taskFields(task), TaskQueueMovedFromSid: left.id, TaskQueueMovedFromName: String(left.data.friendly_name) },
      });
    }
    this.events.emit(workspace, {
      type: 'task-queue.entered',
      description: `Task ${task.id} entered queue ${String(queue.data.friendly_name)}`,
      resourceType: 'Task',
      resource: task,
      fields: taskFields(task),
    });
  }

  /** The workflow named on the task, or the workspace's only workflow (Twilio's default). */
  private workflowOf(workspace: StoredRecord, task: StoredRecord): StoredRecord | undefined {
    if (str(task.data.workflow_sid)) return this.get(task, TR.workflow, task.data.workflow_sid);
    const workflows = this.ctx.records.list(task.accountSid, TR.workflow, { workspace_sid: workspace.id });
    return workflows.length === 1 ? workflows[0] : undefined;
  }

  /** Reserves the longest-idle eligible worker for a pending, queued task. */
  private offer(workspace: StoredRecord, task: StoredRecord): void {
    if (task.data.assignment_status !== 'pending') return;
    const queue = this.get(task, TR.queue, task.data.task_queue_sid);
    if (!queue) return;
    const taskAttributes = parseAttributes(task.data.attributes);
    const rejected = this.memory.rejectedBy(task);
    const target = this.memory.targetExpression(task);
    const eligible = (worker: StoredRecord): boolean => {
      if (worker.data.available !== true || rejected.includes(worker.id) || !hasCapacity(this.ctx.records, workspace, worker, task)) return false;
      const attributes = parseAttributes(worker.data.attributes);
      const scope = { self: attributes, worker: attributes, task: taskAttributes };
      try {
        return matches(str(queue.data.target_workers), scope) && matches(target, scope);
      } catch (error) {
        this.ctx.log(`taskrouter: queue ${queue.id} target expression: ${String(error)}`);
        return false;
      }
    };
    const worker = this.ctx.records
      .list(task.accountSid, TR.worker, { workspace_sid: workspace.id })
      .filter(eligible)
      // Longest idle first, as TaskRouter does by default; the name breaks ties deterministically.
      .sort(
        (a, b) =>
          String(a.data.date_status_changed).localeCompare(String(b.data.date_status_changed)) ||
          String(a.data.friendly_name).localeCompare(String(b.data.friendly_name)),
      )[0];
    if (!worker) return;

    const fields = {
      workspace_sid: workspace.id,
      task_sid: task.id,
      worker_sid: worker.id,
      worker_name: worker.data.friendly_name,
      reservation_status: 'pending',
    };
    const reservation = this.ctx.records.insert(task.accountSid, TR.reservation, fields);
    this.ctx.records.insert(task.accountSid, TR.workerReservation, { ...fields, sid: reservation.id });
    this.ctx.records.patch(task, { assignment_status: 'reserved' });
    this.events.emit(workspace, {
      type: 'reservation.created',
      description: `Reservation ${reservation.id} created for worker ${String(worker.data.friendly_name)}`,
      resourceType: 'Reservation',
      resource: reservation,
      fields: { ...taskFields(task), ...workerFields(worker), ReservationSid: reservation.id },
    });
    const reservationActivity = str(queue.data.reservation_activity_sid);
    if (reservationActivity) this.moveForTask(workspace, worker, reservationActivity);
  }

  /** The workspace's waiting tasks, highest priority then oldest first. */
  private waiting(workspace: StoredRecord): StoredRecord[] {
    return this.ctx.records
      .list(workspace.accountSid, TR.task, { workspace_sid: workspace.id, assignment_status: 'pending' })
      .sort((a, b) => Number(b.data.priority ?? 0) - Number(a.data.priority ?? 0) || a.seq - b.seq);
  }

  /** Offers every waiting task of the workspace, highest priority then oldest first. */
  private assignPending(workspace: StoredRecord): void {
    for (const task of this.waiting(workspace)) this.offer(workspace, task);
  }

  private accept(workspace: StoredRecord, task: StoredRecord, reservation: StoredRecord): void {
    this.ctx.records.patch(task, { assignment_status: 'assigned' });
    const worker = this.get(task, TR.worker, reservation.data.worker_sid);
    this.events.emit(workspace, {
      type: 'reservation.accepted',
      description: `Reservation ${reservation.id} accepted`,
      resourceType: 'Reservation',
      resource: reservation,
      fields: { ...taskFields(task), ...(worker ? workerFields(worker) : {}), ReservationSid: reservation.id },
    });
    this.channels.refresh(task.accountSid, String(reservation.data.worker_sid));
    const assignmentActivity = str(this.get(task, TR.queue, task.data.task_queue_sid)?.data.assignment_activity_sid);
    if (worker && assignmentActivity) this.moveForTask(workspace, worker, assignmentActivity);
  }

  /**
   * A pending reservation ended unaccepted: the task waits again and moves on to the next worker,
   * never back to this one. A rejecting worker moves to the activity the request named, a timed
   * out one to the workspace's timeout activity; otherwise the worker is released.
   */
  private withdraw(workspace: StoredRecord, task: StoredRecord, reservation: StoredRecord, status: Withdrawal, activitySid: string | undefined): void {
    const workerSid = String(reservation.data.worker_sid);
    this.memory.addRejection(task, workerSid);
    this.ctx.records.patch(task, { assignment_status: 'pending' });
    this.emitReservation(workspace, task, reservation, status);
    const worker = this.get(task, TR.worker, workerSid);
    const moveTo = status === 'rejected' ? activitySid : status === 'timeout' ? str(workspace.data.timeout_activity_sid) : undefined;
    if (worker && moveTo) {
      this.memory.forgetActivity(worker);
      this.setActivity(workspace, worker, moveTo);
    } else {
      this.releaseWorker(workspace, workerSid);
    }
    // Moves on: the next eligible worker, and anything the released worker could take instead.
    this.offer(workspace, task);
    this.assignPending(workspace);
  }

  /** The task wraps up, and so do its accepted reservations; `moved` are those the request itself moved. */
  private wrapUp(workspace: StoredRecord, task: StoredRecord, moved: StoredRecord[] = []): void {
    this.ctx.records.patch(task, { assignment_status: 'wrapping' });
    const accepted = this.reservationsOf(task, ['accepted']);
    for (const r of accepted) this.setReservation(r, 'wrapping');
    for (const r of [...moved, ...accepted]) this.emitReservation(workspace, task, r, 'wrapup');
    this.events.emit(workspace, {
      type: 'task.wrapup',
      description: `Task ${task.id} wrapping up`,
      resourceType: 'Task',
      resource: task,
      fields: taskFields(task),
    });
  }

  /** Ends a task; `finished` are reservations the request itself already closed (their workers are freed too). */
  private endTask(workspace: StoredRecord, task: StoredRecord, status: 'completed' | 'canceled', reason: unknown, finished: StoredRecord[] = []): void {
    this.ctx.records.patch(task, { assignment_status: status, ...(str(reason) ? { reason } : {}) });
    const held = this.reservationsOf(task, HOLDING);
    for (const r of finished) this.emitReservation(workspace, task, r, 'completed');
    for (const r of held) {
      const next = status === 'completed' && r.data.reservation_status !== 'pending' ? 'completed' : 'canceled';
      this.setReservation(r, next);
      this.emitReservation(workspace, task, r, next);
    }
    this.events.emit(workspace, {
      type: `task.${status}`,
      description: `Task ${task.id} ${status}`,
      resourceType: 'Task',
      resource: task,
      fields: { ...taskFields(task), ...compact({ [status === 'completed' ? 'TaskCompletedReason' : 'TaskCanceledReason']: task.data.reason }) },
    });
    this.memory.forgetTask(task);
    for (const r of [...held, ...finished]) this.releaseWorker(workspace, String(r.data.worker_sid));
    this.assignPending(workspace);
  }

  /** `reservation.<type>` for one of the task's reservations, with the task's and its worker's fields. */
  private emitReservation(workspace: StoredRecord, task: StoredRecord, reservation: StoredRecord, type: string): void {
    const worker = this.get(task, TR.worker, reservation.data.worker_sid);
    this.events.emit(workspace, {
      type: `reservation.${type}`,
      description: `Reservation ${reservation.id} ${type}`,
      resourceType: 'Reservation',
      resource: reservation,
      fields: { ...taskFields(task), ...(worker ? workerFields(worker) : {}), ReservationSid: reservation.id },
    });
  }

  // ---- workers -----------------------------------------------------------

  /** Moves a worker to a queue's reservation/assignment activity, remembering where it came from. */
  private moveForTask(workspace: StoredRecord, worker: StoredRecord, activitySid: string): void {
    const current = str(worker.data.activity_sid);
    if (current) this.memory.rememberActivity(worker, current);
    this.setActivity(workspace, worker, activitySid);
  }

  /** After a task ends: back to the activity the worker had before the task moved it, capacity freed. */
  private releaseWorker(workspace: StoredRecord, workerSid: string): void {
    this.channels.refresh(workspace.accountSid, workerSid);
    const worker = this.get(workspace, TR.worker, workerSid);
    const before = worker && this.memory.activityBefore(worker);
    if (!worker || !before) return;
    this.memory.forgetActivity(worker);
    this.setActivity(workspace, worker, before);
  }

  /** Sets a worker's activity and its derived fields; emits `worker.activity.update` on a change. */
  private setActivity(workspace: StoredRecord, worker: StoredRecord, activitySid: string): void {
    const activity = this.get(worker, TR.activity, activitySid);
    if (!activity) return;
    // `activity_name` is still the old one here even when the API already stored the new ActivitySid.
    const previousName = worker.data.activity_name;
    const since = Date.parse(String(worker.data.date_status_changed));
    const previous = this.ctx.records
      .list(worker.accountSid, TR.activity, { workspace_sid: workspace.id })
      .find((a) => a.data.friendly_name === previousName);
    const available = activity.data.available === true;
    const changed = previousName !== activity.data.friendly_name || worker.data.available !== available;
    const now = new Date();
    this.ctx.records.patch(worker, {
      activity_sid: activity.id,
      activity_name: activity.data.friendly_name,
      available,
      ...(changed ? { date_status_changed: isoDate(now) } : {}),
    });
    if (!changed) return;
    const elapsed = Number.isNaN(since) ? undefined : Math.max(0, now.getTime() - since);
    this.events.emit(workspace, {
      type: 'worker.activity.update',
      description: `Worker ${String(worker.data.friendly_name)} updated to ${String(activity.data.friendly_name)} Activity`,
      resourceType: 'Worker',
      resource: worker,
      fields: {
        ...workerFields(worker),
        ...compact({
          WorkerPreviousActivitySid: previous?.id,
          WorkerPreviousActivityName: previousName,
          WorkerTimeInPreviousActivity: elapsed === undefined ? undefined : Math.round(elapsed / 1000),
          WorkerTimeInPreviousActivityMs: elapsed,
        }),
      },
    });
    if (available) this.assignPending(workspace);
  }

  // ---- records -----------------------------------------------------------

  /** A record of the same account by sid. */
  private get(from: StoredRecord, schemaKey: string, sid: unknown): StoredRecord | undefined {
    return this.ctx.records.get(from.accountSid, schemaKey, sid);
  }

  private workspaceOf(record: StoredRecord): StoredRecord | undefined {
    return this.get(record, TR.workspace, record.data.workspace_sid);
  }

  private reservationsOf(task: StoredRecord, statuses: readonly string[]): StoredRecord[] {
    return this.ctx.records
      .list(task.accountSid, TR.reservation, { task_sid: task.id })
      .filter((r) => statuses.includes(String(r.data.reservation_status)));
  }

  /** Sets a reservation's status under both of its URLs (the task's and the worker's). */
  private setReservation(reservation: StoredRecord, status: string): void {
    for (const schema of [TR.reservation, TR.workerReservation]) {
      const twin = this.get(reservation, schema, reservation.id);
      if (twin && twin.data.reservation_status !== status) this.ctx.records.patch(twin, { reservation_status: status });
    }
  }

  /** Fills `task_channel_sid`/`task_channel_unique_name` from the channel (SID or unique name) the task named. */
  private describeChannel(task: StoredRecord, named: string): void {
    const channel = this.ctx.records
      .list(task.accountSid, TR.taskChannel, { workspace_sid: task.data.workspace_sid })
      .find((c) => c.id === named || c.data.unique_name === named);
    if (channel) this.ctx.records.patch(task, { task_channel_sid: channel.id, task_channel_unique_name: channel.data.unique_name });
  }
}
