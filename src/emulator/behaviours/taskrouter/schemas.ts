/** Schema keys of the TaskRouter resources the behaviours read and write. */
const P = 'taskrouter_v1:taskrouter.v1.workspace';

export const TR = {
  workspace: P,
  activity: `${P}.activity`,
  worker: `${P}.worker`,
  queue: `${P}.task_queue`,
  workflow: `${P}.workflow`,
  task: `${P}.task`,
  taskChannel: `${P}.task_channel`,
  reservation: `${P}.task.task_reservation`,
  workerReservation: `${P}.worker.worker_reservation`,
  workerChannel: `${P}.worker.worker_channel`,
  event: `${P}.event`,
} as const;
