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

/** Shared services of all behaviours. */
export interface BehaviourContext {
  records: Records;
  webhooks: WebhookSender;
  timeline: Timeline;
  dispatch: Dispatch;
  /** The auth token that signs webhooks for this account. */
  authToken(accountSid: string): string;
  log(line: string): void;
}
