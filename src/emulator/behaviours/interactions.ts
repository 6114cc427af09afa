import { invalidParam } from '../errors.js';
import type { StoredRecord } from '../store.js';
import type { BehaviourContext } from './host.js';

/** Schema keys of Flex Interactions and their channels. */
export const INTERACTION = {
  interaction: 'flex_v1:flex.v1.interaction',
  channel: 'flex_v1:flex.v1.interaction.interaction_channel',
} as const;

const CHANNEL_TYPES = new Set(['voice', 'sms', 'email', 'web', 'whatsapp', 'chat', 'messenger', 'gbm']);

const objectOf = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Flex Interactions: creating one opens its channel (the API has no other way
 * to create an Interaction Channel) and, when `Routing.properties` names a
 * TaskRouter workspace and workflow, creates the task that routes it to an
 * agent — through the TaskRouter API, so the task is routed like any other,
 * within the same request: a task TaskRouter refuses (an unknown workspace or
 * workflow) is a 400 naming `Routing`, and no interaction is stored.
 */
export class InteractionsBehaviour {
  constructor(private readonly ctx: BehaviourContext) {}

  created(interaction: StoredRecord): void {
    const channel = objectOf(interaction.data.channel);
    const type = typeof channel.type === 'string' && CHANNEL_TYPES.has(channel.type) ? channel.type : 'chat';
    const opened = this.ctx.records.insert(interaction.accountSid, INTERACTION.channel, {
      interaction_sid: interaction.id,
      type,
      status: 'active',
    });
    this.ctx.records.patch(interaction, { channel: { ...channel, sid: opened.id } });

    const routing = objectOf(objectOf(interaction.data.routing).properties);
    const workspaceSid = routing.workspace_sid;
    if (typeof workspaceSid !== 'string') return;
    const attributes = {
      ...objectOf(routing.attributes),
      flexInteractionSid: interaction.id,
      flexInteractionChannelSid: opened.id,
      channelType: type,
    };
    const params: Record<string, string> = { Attributes: JSON.stringify(attributes) };
    if (typeof routing.workflow_sid === 'string') params.WorkflowSid = routing.workflow_sid;
    if (typeof routing.task_channel_unique_name === 'string') params.TaskChannel = routing.task_channel_unique_name;
    if (typeof routing.priority === 'number') params.Priority = String(routing.priority);
    if (typeof routing.timeout === 'number') params.Timeout = String(routing.timeout);
    // Inside this request: a task TaskRouter refuses refuses the interaction too, and nothing is stored.
    const response = this.ctx.dispatchSync({ accountSid: interaction.accountSid, method: 'POST', product: 'taskrouter', path: `/v1/Workspaces/${workspaceSid}/Tasks`, params });
    if (response.status >= 400) {
      const reason = (response.body as { message?: unknown } | undefined)?.message;
      throw invalidParam(`Invalid Routing: its task cannot be created in workspace ${workspaceSid} (${response.status}: ${String(reason ?? 'refused')})`);
    }
  }
}
