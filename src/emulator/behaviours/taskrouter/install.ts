import type { ChangeEvent, Engine } from '../../engine.js';
import type { BehaviourContext } from '../host.js';
import { WorkerChannels } from './channels.js';
import { addWorkspaceDefaults } from './defaults.js';
import { DerivedNames } from './derived-names.js';
import { TaskRouterFilters } from './filters.js';
import { DeletionGuards } from './guards.js';
import { taskAge } from './realtime.js';
import { TaskRouterEngine } from './router.js';
import { TR } from './schemas.js';
import { TaskRouterStatistics } from './statistics.js';

/**
 * Wires TaskRouter's behaviours onto the engine: workspace defaults, routing and events, worker
 * channels, derived names, deletion guards, a task's `age`, the expression list filters and the
 * statistics.
 */
export function installTaskRouter(engine: Engine, ctx: BehaviourContext): void {
  const on = (type: ChangeEvent['type'], key: string, handler: (event: ChangeEvent) => void): void => {
    engine.on(type, key, handler);
  };
  const op = (id: string): string => `taskrouter_v1:${id}`;

  on('created', op('CreateWorkspace'), (e) => addWorkspaceDefaults(ctx.records, e.stored));
  const workerChannels = new WorkerChannels(ctx.records);
  const taskrouter = new TaskRouterEngine(ctx, workerChannels);
  on('created', op('CreateWorker'), (e) => taskrouter.workerCreated(e.stored));
  on('updated', op('UpdateWorker'), (e) => taskrouter.workerUpdated(e.stored, e.params));
  on('deleted', op('DeleteWorker'), (e) => taskrouter.workerDeleted(e.stored));
  on('created', op('CreateTask'), (e) => taskrouter.taskCreated(e.stored, e.params));
  on('updated', op('UpdateTask'), (e) => taskrouter.taskUpdated(e.stored, e.params, e.previous));
  on('deleted', op('DeleteTask'), (e) => taskrouter.taskDeleted(e.stored));
  on('updated', op('UpdateTaskReservation'), (e) => taskrouter.reservationUpdated(e.stored, e.params, e.previous));
  on('updated', op('UpdateWorkerReservation'), (e) => taskrouter.reservationUpdated(e.stored, e.params, e.previous));
  on('updated', op('UpdateWorkflow'), (e) => taskrouter.workflowUpdated(e.stored, e.params));
  on('updated', op('UpdateTaskQueue'), (e) => taskrouter.routingChanged(e.stored));
  on('created', op('CreateTaskChannel'), (e) => workerChannels.taskChannelCreated(e.stored));
  on('deleted', op('DeleteTaskChannel'), (e) => workerChannels.taskChannelDeleted(e.stored));
  on('updated', op('UpdateWorkerChannel'), (e) => {
    workerChannels.updated(e.stored, e.params);
    taskrouter.routingChanged(e.stored);
  });

  const guards = new DeletionGuards(ctx.records);
  on('deleted', op('DeleteActivity'), (e) => guards.activityDeleted(e.stored));
  on('deleted', op('DeleteTaskQueue'), (e) => guards.queueDeleted(e.stored));

  // Names that follow SIDs: the records holding them, and the resources they name.
  const names = new DerivedNames(ctx.records);
  for (const schema of [TR.workspace, TR.queue]) {
    on('created', schema, (e) => names.refresh(e.stored, schema));
    on('updated', schema, (e) => names.refresh(e.stored, schema));
  }
  for (const schema of [TR.activity, TR.queue, TR.workflow, TR.worker]) {
    on('updated', schema, (e) => {
      if (e.previous?.friendly_name !== e.stored.data.friendly_name) names.renamed(e.stored, schema);
    });
  }

  engine.computeFields(TR.task, (task, now) => ({ age: taskAge(task, now) }));
  const filters = new TaskRouterFilters(ctx.records);
  engine.addListFilter(op('ListWorker'), TaskRouterFilters.WORKER_PARAMS, (r) => filters.workers(r));
  engine.addListFilter(op('ListTaskQueue'), TaskRouterFilters.QUEUE_PARAMS, (r) => filters.queues(r));
  engine.addListFilter(op('ListTask'), TaskRouterFilters.TASK_PARAMS, (r) => filters.tasks(r));
  engine.addListFilter(op('ListEvent'), TaskRouterFilters.EVENT_PARAMS, (r) => filters.events(r));
  new TaskRouterStatistics(ctx.records, engine).install();
}
