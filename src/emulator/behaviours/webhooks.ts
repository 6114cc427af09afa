import { twilioSignature, type WebhookParams } from './signature.js';

/** One outbound webhook request, as Twilio would make it. */
export interface WebhookRequest {
  url: string;
  /** `POST` (form body, the default) or `GET` (parameters in the query string). */
  method?: 'GET' | 'POST';
  params: WebhookParams;
  /** Auth token of the account that owns the resource; signs the request. */
  authToken: string;
  /**
   * Deliveries with the same key are sent one after another, in the order
   * they were queued (a message's status callbacks must not overtake each other).
   */
  orderKey?: string;
}

export interface WebhookSenderOptions {
  /** Per-request timeout; Twilio gives webhooks a few seconds at most. Default 5000 ms. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Sends signed webhooks. A failing or slow receiver is logged and never
 * throws into the emulator: behaviours fire and forget.
 */
export class WebhookSender {
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;
  /** Tail of each ordered chain; removed once its last delivery settles. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: WebhookSenderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.log = options.log ?? (() => {});
  }

  /** Queues a delivery; the returned promise settles when it is done (never rejects). */
  send(request: WebhookRequest): Promise<void> {
    const key = request.orderKey;
    const previous = key === undefined ? undefined : this.chains.get(key);
    const delivery = (previous ?? Promise.resolve()).then(() => this.deliver(request));
    if (key !== undefined) {
      this.chains.set(key, delivery);
      void delivery.then(() => {
        if (this.chains.get(key) === delivery) this.chains.delete(key);
      });
    }
    this.inFlight.add(delivery);
    void delivery.then(() => this.inFlight.delete(delivery));
    return delivery;
  }

  /** Resolves once every queued delivery has settled (used on shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(request: WebhookRequest): Promise<void> {
    const method = request.method ?? 'POST';
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(request.params)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    }
    // For GET, Twilio signs the URL it requests (query included) with no body parameters.
    const url = method === 'GET' ? appendQuery(request.url, form.toString()) : request.url;
    const signed: WebhookParams = method === 'GET' ? {} : request.params;
    const headers: Record<string, string> = {
      'X-Twilio-Signature': twilioSignature(request.authToken, url, signed),
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
    };
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: method === 'POST' ? form.toString() : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Drain the body so the connection is released promptly.
      await response.arrayBuffer();
      if (!response.ok) this.log(`webhook ${method} ${request.url} answered ${response.status}`);
    } catch (error) {
      this.log(`webhook ${method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function appendQuery(url: string, query: string): string {
  if (query === '') return url;
  return url + (url.includes('?') ? '&' : '?') + query;
}
