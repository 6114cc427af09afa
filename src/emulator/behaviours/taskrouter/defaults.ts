import type { StoredRecord } from '../../store.js';
import type { Records } from '../records.js';
import { TR } from './schemas.js';

/** The activities TaskRouter gives every new workspace; new workers start (and time out) Offline. */
export const DEFAULT_ACTIVITIES: readonly { name: string; available: boolean }[] = [
  { name: 'Offline', available: false },
  { name: 'Available', available: true },
  { name: 'Unavailable', available: false },
];

/** The task channels TaskRouter gives every new workspace (unique name, friendly name). */
export const DEFAULT_TASK_CHANNELS: readonly { uniqueName: string; friendlyName: string }[] = [
  { uniqueName: 'default', friendlyName: 'Default' },
  { uniqueName: 'voice', friendlyName: 'Voice' },
  { uniqueName: 'chat', friendlyName: 'Chat' },
  { uniqueName: 'sms', friendlyName: 'SMS' },
  { uniqueName: 'video', friendlyName: 'Video' },
  { uniqueName: 'email', friendlyName: 'Email' },
];

/**
 * A new workspace comes with TaskRouter's default activities and task channels, and Offline
 * as its default and timeout activity, as Twilio creates them. Stored directly (no API
 * operation creates them), inside the creating request, so its response shows them.
 */
export function addWorkspaceDefaults(records: Records, workspace: StoredRecord): void {
  const { accountSid } = workspace;
  const activities = DEFAULT_ACTIVITIES.map((a) =>
    records.insert(accountSid, TR.activity, { workspace_sid: workspace.id, friendly_name: a.name, available: a.available }),
  );
  for (const c of DEFAULT_TASK_CHANNELS) {
    records.insert(accountSid, TR.taskChannel, { workspace_sid: workspace.id, unique_name: c.uniqueName, friendly_name: c.friendlyName });
  }
  const offline = activities[0]!;
  records.patch(workspace, {
    default_activity_sid: offline.id,
    default_activity_name: offline.data.friendly_name,
    timeout_activity_sid: offline.id,
    timeout_activity_name: offline.data.friendly_name,
  });
}
