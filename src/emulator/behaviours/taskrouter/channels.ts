import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import { TR } from './schemas.js';

/** Reservation states in which the worker is working on the task (its capacity is taken). */
const WORKING = ['accepted', 'wrapping'];

/**
 * Worker Channels: every worker has one per task channel of its workspace, made when the worker
 * or the task channel is created, with TaskRouter's defaults (capacity 1, available). Its
 * `assigned_tasks` and `available_capacity_percentage` follow the tasks the worker is working on
 * through that channel; `Capacity` on an update sets `configured_capacity`.
 */
export class WorkerChannels {
  constructor(private readonly records: Records) {}

  /** A new worker: one channel per task channel of the workspace. */
  workerCreated(worker: StoredRecord): void {
    for (const channel of this.records.list(worker.accountSid, TR.taskChannel, { workspace_sid: worker.data.workspace_sid })) {
      this.add(worker, channel);
    }
  }

  /** A new task channel: every worker of the workspace gets a channel for it. */
  taskChannelCreated(channel: StoredRecord): void {
    for (const worker of this.records.list(channel.accountSid, TR.worker, { workspace_sid: channel.data.workspace_sid })) {
      this.add(worker, channel);
    }
  }

  /** A task channel is gone: so are the workers' channels for it. */
  taskChannelDeleted(channel: StoredRecord): void {
    for (const wc of this.records.list(channel.accountSid, TR.workerChannel, { task_channel_sid: channel.id })) this.records.remove(wc);
  }

  /** An update through the API: `Capacity` is the channel's configured capacity. */
  updated(workerChannel: StoredRecord, params: Record<string, unknown>): void {
    const capacity = Number(params.Capacity);
    if (params.Capacity === undefined || !Number.isInteger(capacity)) return;
    this.records.patch(workerChannel, { configured_capacity: capacity });
    this.refresh(workerChannel.accountSid, String(workerChannel.data.worker_sid));
  }

  /** Recounts the tasks a worker is working on, per channel. */
  refresh(accountSid: string, workerSid: string): void {
    const working = this.records
      .list(accountSid, TR.reservation, { worker_sid: workerSid })
      .filter((r) => WORKING.includes(String(r.data.reservation_status)))
      .map((r) => this.records.get(accountSid, TR.task, r.data.task_sid)?.data.task_channel_sid);
    for (const wc of this.records.list(accountSid, TR.workerChannel, { worker_sid: workerSid })) {
      const assigned = working.filter((sid) => sid === wc.data.task_channel_sid).length;
      const capacity = Number(wc.data.configured_capacity);
      const free = capacity > 0 ? Math.max(0, Math.round(((capacity - assigned) / capacity) * 100)) : 0;
      if (wc.data.assigned_tasks !== assigned || wc.data.available_capacity_percentage !== free) {
        this.records.patch(wc, { assigned_tasks: assigned, available_capacity_percentage: free });
      }
    }
  }

  private add(worker: StoredRecord, channel: StoredRecord): void {
    this.records.insert(worker.accountSid, TR.workerChannel, {
      workspace_sid: worker.data.workspace_sid,
      worker_sid: worker.id,
      task_channel_sid: channel.id,
      task_channel_unique_name: channel.data.unique_name,
      configured_capacity: 1,
      assigned_tasks: 0,
      available_capacity_percentage: 100,
      available: true,
    });
  }
}
