/**
 * One request's view of Twilio: its credential, and a memo of every GET it made, so
 * that identical GETs run once and objects already seen in a list page are not
 * fetched again. A session lives exactly as long as its GraphQL request and is never
 * shared, so nothing fetched with one credential can reach another request.
 */
import type { Context } from '@opentelemetry/api';
import type { TwilioClient, UpstreamRequest, UpstreamResponse } from '../../twilio/index.js';
import type { RequestAuth } from '../auth.js';
import { traceUpstream } from '../observability/tracing.js';

/** Twilio SIDs: two capital letters and 32 hex digits. */
export const SID = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

export class UpstreamSession {
  private readonly memo = new Map<string, Promise<unknown>>();
  /** Upstream calls this request made (sent or failed), for logs and tests. */
  calls = 0;

  constructor(
    private readonly client: TwilioClient,
    readonly auth: RequestAuth,
    private readonly deadline?: number,
    /** Parent of this request's upstream spans, when the request is traced. */
    private readonly traceContext?: Context,
  ) {}

  /** GETs once per key within the request; later callers share the first call's result. */
  get(key: string, request: UpstreamRequest): Promise<unknown> {
    let pending = this.memo.get(key);
    if (!pending) {
      pending = this.send(request).then((response) => response.body);
      this.memo.set(key, pending);
    }
    return pending;
  }

  /** Follows nothing and memoizes nothing: for mutations, which must run exactly once. */
  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    this.calls++;
    return traceUpstream(this.traceContext, request, () =>
      this.client.request(this.auth.credential, request, this.deadline === undefined ? {} : { deadline: this.deadline }),
    );
  }

  /** Records an object already in hand (from a list page or a mutation) under its fetch key. */
  prime(key: string, value: unknown, replace = false): void {
    if (replace || !this.memo.has(key)) this.memo.set(key, Promise.resolve(value));
  }
}

/** The memo key of a single resource: its SID, unique across Twilio. */
export function resourceKey(sid: string): string {
  return `sid:${sid}`;
}
