import type { ListedItem, ReadRequest } from '../engine.js';
import { EmulatorError } from '../errors.js';
import type { StoredRecord } from '../store.js';
import type { BehaviourContext } from './host.js';

const C = 'conversations_v1:conversations.v1';

/** The account-level and the service-scoped flavour of the same resources, and their User Conversations list. */
export const CONVERSATION_SCHEMAS = [
  {
    conversation: `${C}.conversation`,
    message: `${C}.conversation.conversation_message`,
    participant: `${C}.conversation.conversation_participant`,
    user: `${C}.user`,
    userConversations: 'conversations_v1:ListUserConversation',
  },
  {
    conversation: `${C}.service.service_conversation`,
    message: `${C}.service.service_conversation.service_conversation_message`,
    participant: `${C}.service.service_conversation.service_conversation_participant`,
    user: `${C}.service.service_user`,
    userConversations: 'conversations_v1:ListServiceUserConversation',
  },
] as const;

/** Schema keys of one flavour of conversations. */
export type ConversationSchemas = (typeof CONVERSATION_SCHEMAS)[number];

/**
 * Conversations: a new message takes the next `index` of its conversation
 * (0, 1, 2 …), is linked to the participant who wrote it (by identity or SMS
 * address), counts as read by that participant, and touches the conversation
 * (`date_updated`; an inactive conversation becomes active again).
 */
export class ConversationsBehaviour {
  constructor(private readonly ctx: BehaviourContext) {}

  messageCreated(schemas: ConversationSchemas, message: StoredRecord): void {
    const conversationSid = message.data.conversation_sid;
    const { accountSid } = message;
    const others = this.ctx.records.list(accountSid, schemas.message, { conversation_sid: conversationSid }).filter((m) => m.id !== message.id);
    const index = others.reduce((max, m) => Math.max(max, typeof m.data.index === 'number' ? m.data.index : -1), -1) + 1;
    const author = typeof message.data.author === 'string' && message.data.author !== '' ? message.data.author : 'system';
    const participant = this.ctx.records
      .list(accountSid, schemas.participant, { conversation_sid: conversationSid })
      .find((p) => p.data.identity === author || addressOf(p) === author);
    this.ctx.records.patch(message, { index, author, participant_sid: participant?.id ?? null });
    const when = message.data.date_created;
    if (participant) this.ctx.records.patch(participant, { last_read_message_index: index, last_read_timestamp: when });
    const conversation = this.ctx.records.get(accountSid, schemas.conversation, conversationSid);
    if (conversation) {
      this.ctx.records.patch(conversation, { date_updated: when, ...(conversation.data.state === 'inactive' ? { state: 'active' } : {}) });
    }
  }

  /**
   * A User's Conversations: one per conversation of the user's service it takes part in (a
   * participant with its identity), read from the participants and conversations as they are
   * now, with the participant's read horizon and the messages after it.
   */
  userConversations(schemas: ConversationSchemas, request: ReadRequest): ListedItem[] {
    const user = this.ctx.records.get(request.accountSid, schemas.user, request.pathParams['UserSid']);
    const identity = user?.data.identity;
    if (!user || typeof identity !== 'string' || identity === '') return [];
    const serviceSid = user.data.chat_service_sid;
    return this.ctx.records.list(request.accountSid, schemas.participant, { identity }).flatMap((participant) => {
      const conversation = this.ctx.records.get(request.accountSid, schemas.conversation, participant.data.conversation_sid);
      if (!conversation || conversation.data.chat_service_sid !== serviceSid) return [];
      const c = conversation.data;
      const lastRead = typeof participant.data.last_read_message_index === 'number' ? participant.data.last_read_message_index : null;
      const messages = this.ctx.records.list(request.accountSid, schemas.message, { conversation_sid: conversation.id });
      const unread = messages.filter((m) => typeof m.data.index === 'number' && (lastRead === null || m.data.index > lastRead)).length;
      return [
        {
          seq: participant.seq,
          id: conversation.id,
          fields: {
            chat_service_sid: c.chat_service_sid,
            conversation_sid: conversation.id,
            participant_sid: participant.id,
            user_sid: user.id,
            friendly_name: c.friendly_name,
            unique_name: c.unique_name,
            conversation_state: c.state,
            timers: c.timers,
            attributes: c.attributes,
            date_created: c.date_created,
            date_updated: c.date_updated,
            last_read_message_index: lastRead,
            unread_messages_count: unread,
            notification_level: 'default',
          },
        },
      ];
    });
  }

  /**
   * A participant joined. One address through one proxy address is one participant of a
   * conversation (409/50416; one identity is one too, a rule of ../constraints.ts). Added by
   * address: the generic mapping of the dotted `MessagingBinding.*` parameters gives its
   * `messaging_binding` object; Twilio adds the binding `type`, which follows from the address.
   */
  participantCreated(schemas: ConversationSchemas, participant: StoredRecord): void {
    const conversationSid = participant.data.conversation_sid;
    const others = this.ctx.records
      .list(participant.accountSid, schemas.participant, { conversation_sid: conversationSid })
      .filter((p) => p.id !== participant.id);
    const binding = participant.data.messaging_binding;
    const address = addressOf(participant);
    if (typeof address !== 'string') return;
    const proxy = proxyOf(participant);
    if (others.some((p) => addressOf(p) === address && proxyOf(p) === proxy)) {
      throw new EmulatorError(409, 50416, `A binding for this participant and proxy address already exists in conversation ${String(conversationSid)}`);
    }
    const type = address.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    this.ctx.records.patch(participant, { messaging_binding: { type, ...(binding as Record<string, unknown>) } });
  }
}

function bindingOf(participant: StoredRecord): Record<string, unknown> {
  const binding = participant.data.messaging_binding;
  return binding !== null && typeof binding === 'object' ? (binding as Record<string, unknown>) : {};
}

function addressOf(participant: StoredRecord): unknown {
  return bindingOf(participant).address;
}

function proxyOf(participant: StoredRecord): unknown {
  return bindingOf(participant).proxy_address;
}
