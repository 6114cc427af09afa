import { isoDate, rfc2822Date } from '../dates.js';
import type { RecordData, StoredRecord } from '../store.js';
import type { BehaviourContext } from './host.js';

/** Schema key of a 2010 API Call. */
export const CALL_SCHEMA = 'api_v2010:api.v2010.account.call';

type CallEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** The steps of an answered outbound call: the event it raises and the status it leaves. */
const STEPS: readonly { event: CallEvent; status: string }[] = [
  { event: 'initiated', status: 'queued' },
  { event: 'ringing', status: 'ringing' },
  { event: 'answered', status: 'in-progress' },
  { event: 'completed', status: 'completed' },
];

/** `StatusCallbackEvent` as sent: repeated keys, or one space-separated value; default `completed`. */
export function requestedEvents(value: unknown): Set<string> {
  const list = [value].flat().filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(/[\s,]+/));
  const events = new Set(list.filter((v) => v !== ''));
  return events.size > 0 ? events : new Set(['completed']);
}

/**
 * An outbound call's life: `queued` -> `ringing` -> `in-progress` ->
 * `completed`, one step per timeline tick, with `start_time`, `end_time` and
 * `duration` filled as it goes. Each step whose event the request asked for in
 * `StatusCallbackEvent` (by default only `completed`) is sent, signed, to
 * `StatusCallback` with `StatusCallbackMethod` (default POST).
 */
export class CallLifecycle {
  constructor(private readonly ctx: BehaviourContext) {}

  created(call: StoredRecord, params: Record<string, unknown>): void {
    this.ctx.records.patch(call, {
      status: 'queued',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      to_formatted: call.data.to ?? null,
      from_formatted: call.data.from ?? null,
      start_time: null,
      end_time: null,
      duration: null,
      price: null,
      price_unit: 'USD',
      queue_time: '0',
    });
    const url = typeof params.StatusCallback === 'string' && params.StatusCallback !== '' ? params.StatusCallback : undefined;
    const method = params.StatusCallbackMethod === 'GET' ? 'GET' : 'POST';
    const wanted = requestedEvents(params.StatusCallbackEvent);
    let sequence = 0;
    this.ctx.timeline.run(
      STEPS.map(({ event, status }) => () => {
        const current = this.ctx.records.get(call.accountSid, CALL_SCHEMA, call.id);
        if (!current) throw new Error(`call ${call.id} is gone`);
        // Hung up or canceled through the API meanwhile: the call's life is over.
        if (['completed', 'canceled', 'failed', 'busy', 'no-answer'].includes(String(current.data.status))) {
          throw new Error(`call ${call.id} ended as ${String(current.data.status)}`);
        }
        const now = new Date();
        const fields: RecordData = { status };
        if (status === 'in-progress') fields.start_time = isoDate(now);
        if (status === 'completed') {
          const started = Date.parse(String(current.data.start_time));
          fields.end_time = isoDate(now);
          fields.duration = String(Number.isNaN(started) ? 0 : Math.max(0, Math.round((now.getTime() - started) / 1000)));
        }
        this.ctx.records.patch(current, fields);
        if (url && wanted.has(event)) this.notify(current, url, method, event, sequence++, now);
      }),
      (error) => this.ctx.log(`call lifecycle stopped: ${String(error)}`),
    );
  }

  private notify(record: StoredRecord, url: string, method: 'GET' | 'POST', event: CallEvent, sequence: number, now: Date): void {
    const call = record.data;
    const params: Record<string, string> = {
      AccountSid: record.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: record.id,
      // The `initiated` event reports the call as initiated, a value the Call resource itself never shows.
      CallStatus: event === 'initiated' ? 'initiated' : String(call.status),
      Called: String(call.to ?? ''),
      Caller: String(call.from ?? ''),
      To: String(call.to ?? ''),
      From: String(call.from ?? ''),
      Direction: String(call.direction ?? 'outbound-api'),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: rfc2822Date(now),
    };
    if (event === 'completed') {
      params.CallDuration = String(call.duration ?? '0');
      params.Duration = String(Math.ceil(Number(call.duration ?? 0) / 60));
    }
    void this.ctx.webhooks.send({ url, method, params, authToken: this.ctx.authToken(record.accountSid), orderKey: record.id });
  }
}
