import type { Records } from './records.js';
import type { Timeline } from './timeline.js';
import type { WebhookSender } from './webhooks.js';

/** An API operation run through the emulator's own validation and store, as if it came over HTTP. */
export interface DispatchRequest {
  accountSid: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Product label: `taskrouter`, `api`, `flex-api` … */
  product: string;
  /** Filled path template without query: `/v1/Workspaces/WS…/Tasks`. */
  path: string;
  params?: Record<string, string | string[]>;
}

/** The HTTP answer an operation produced. */
export interface DispatchResponse {
  status: number;
  body: unknown;
}

/** Runs an operation through the emulator core. */
export type Dispatch = (request: DispatchRequest) => Promise<DispatchResponse>;

/**
 * Runs an operation inside the change hook calling it: its changes join the hook's request and
 * are undone with it, and its answer is known before the hook returns.
 */
export type DispatchSync = (request: DispatchRequest) => DispatchResponse;

/** Shared services of all behaviours. */
export interface BehaviourContext {
  records: Records;
  webhooks: WebhookSender;
  timeline: Timeline;
  dispatch: Dispatch;
  dispatchSync: DispatchSync;
  /** The auth token that signs webhooks for this account. */
  authToken(accountSid: string): string;
  log(line: string): void;
}
