/**
 * The emulator's living behaviours, wired onto the engine's change hooks and read extensions:
 * TaskRouter workspace defaults, routing and events, worker channels, expression list filters and statistics,
 * message and call lifecycles with signed status callbacks, Verify codes, Conversations
 * message bookkeeping and the default Conversations service, and Flex interaction channels.
 */
import type { ChangeEvent, Engine } from '../engine.js';
import { CallLifecycle } from './calls.js';
import { CONVERSATION_SCHEMAS, ConversationsBehaviour } from './conversations.js';
import { DefaultConversationsService } from './conversations-service.js';
import type { BehaviourContext } from './host.js';
import { InteractionsBehaviour } from './interactions.js';
import { MessageLifecycle } from './messages.js';
import { Records } from './records.js';
import { installTaskRouter } from './taskrouter/install.js';
import { Timeline } from './timeline.js';
import { VerifyBehaviour } from './verify.js';
import { WebhookSender } from './webhooks.js';

/** Tuning of the behaviours. */
export interface BehaviourOptions {
  /**
   * Delay between two steps of a message or call lifecycle (queued -> sending -> sent ->
   * delivered; queued -> ringing -> in-progress -> completed). Default 250 ms: a message is
   * delivered after ~0.75 s, a call completes after ~1 s. 0 runs the steps back to back.
   */
  statusStepMs?: number;
  /** Timeout of each outbound webhook. Default 5000 ms. */
  webhookTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Handles on the installed behaviours (for emulator-only endpoints and tests). */
export interface Behaviours {
  verify: VerifyBehaviour;
  webhooks: WebhookSender;
  /** Stops pending lifecycle steps and waits for webhooks in flight. */
  close(): Promise<void>;
}

/**
 * Installs every behaviour on an engine and registers their cleanup with
 * `engine.onClose`. Hooks run inside the request that made the change, so
 * what they change shows in that request's response and is undone with it
 * if the request fails.
 */
export function installBehaviours(engine: Engine, options: BehaviourOptions = {}): Behaviours {
  const log = options.log ?? (() => {});
  const webhooks = new WebhookSender({ timeoutMs: options.webhookTimeoutMs ?? 5000, log });
  // Timer callbacks never run inside a request (requests run synchronously), so committing there is safe.
  const timeline = new Timeline(options.statusStepMs ?? 250, () => engine.store.commit(0));
  const ctx: BehaviourContext = {
    records: new Records(engine.store),
    webhooks,
    timeline,
    dispatch: (request) => engine.dispatch(request),
    dispatchSync: (request) => engine.dispatchSync(request),
    authToken: (accountSid) => engine.authTokenOf(accountSid) ?? engine.authToken,
    log,
  };

  const on = (type: ChangeEvent['type'], key: string, handler: (event: ChangeEvent) => void): void => {
    engine.on(type, key, handler);
  };

  installTaskRouter(engine, ctx);

  const messages = new MessageLifecycle(ctx);
  on('created', 'api_v2010:CreateMessage', (e) => messages.created(e.stored, e.params));
  on('updated', 'api_v2010:UpdateMessage', (e) => messages.updated(e.stored, e.params, e.previous));
  const calls = new CallLifecycle(ctx);
  on('created', 'api_v2010:CreateCall', (e) => calls.created(e.stored, e.params));
  on('updated', 'api_v2010:UpdateCall', (e) => calls.updated(e.stored, e.params, e.previous));

  const verify = new VerifyBehaviour(ctx);
  engine.findExisting('verify_v2:CreateVerification', (r) => verify.resendTarget(r));
  on('created', 'verify_v2:CreateVerification', (e) => verify.verificationCreated(e.stored, e.params));
  on('updated', 'verify_v2:CreateVerification', (e) => verify.verificationResent(e.stored, e.params));
  on('created', 'verify_v2:CreateVerificationCheck', (e) => verify.checked(e.stored, e.params));
  // Tests read the code a user would have received by SMS.
  engine.addInternalRoute('GET', '/__emulator/verify/codes', (query) => ({ status: 200, body: verify.codesResponse(query['to']) }));

  const conversationsService = new DefaultConversationsService(ctx.records);
  for (const account of engine.store.all(engine.accounts.collection)) conversationsService.ensure(account.id);
  on('created', 'api_v2010:CreateAccount', (e) => conversationsService.ensure(e.stored.id));
  on('created', '*', (e) => {
    if (e.operation.spec === 'conversations_v1') conversationsService.created(e.stored, e.operation.path);
  });
  const conversations = new ConversationsBehaviour(ctx);
  for (const schemas of CONVERSATION_SCHEMAS) {
    on('created', schemas.message, (e) => conversations.messageCreated(schemas, e.stored));
    on('created', schemas.participant, (e) => conversations.participantCreated(schemas, e.stored));
    engine.provideList(schemas.userConversations, [], (r) => conversations.userConversations(schemas, r));
  }

  const interactions = new InteractionsBehaviour(ctx);
  on('created', 'flex_v1:CreateInteraction', (e) => interactions.created(e.stored));

  const close = async (): Promise<void> => {
    timeline.close();
    await webhooks.drain();
  };
  engine.onClose(close);
  return { verify, webhooks, close };
}
