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
  /** Keys primed from list items that lack fields Twilio only returns on a fetch. */
  private readonly incomplete = new Map<string, readonly string[]>();
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

  /**
   * Records an object already in hand (from a list page or a mutation) under its fetch key.
   * `missing` names wire fields the copy lacks because Twilio leaves them out of list reads.
   */
  prime(key: string, value: unknown, replace = false, missing: readonly string[] = []): void {
    if (!replace && this.memo.has(key)) return;
    this.memo.set(key, Promise.resolve(value));
    if (missing.length) this.incomplete.set(key, missing);
    else this.incomplete.delete(key);
  }

  /** Fields a primed copy lacks (empty when the memo holds a complete object or nothing). */
  missingFields(key: string): readonly string[] {
    return this.incomplete.get(key) ?? [];
  }

  /** GETs again and replaces the memo entry: the primed copy lacked a field the query reads. */
  refetch(key: string, request: UpstreamRequest): Promise<unknown> {
    this.memo.delete(key);
    this.incomplete.delete(key);
    return this.get(key, request);
  }
}

/** The memo key of a single resource: its SID, unique across Twilio. */
export function resourceKey(sid: string): string {
  return `sid:${sid}`;
}
