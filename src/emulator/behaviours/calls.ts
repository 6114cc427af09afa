import { isoDate, rfc2822Date } from '../dates.js';
import { EmulatorError } from '../errors.js';
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

/** Statuses of a call that is over. */
const ENDED = new Set(['completed', 'canceled', 'failed', 'busy', 'no-answer']);

/** Where a call's status callbacks go, kept in its hidden state (the Call resource does not show it). */
interface Callback {
  url: string;
  method: 'GET' | 'POST';
  events: string[];
  /** The next callback's `SequenceNumber`. */
  sequence: number;
}
const CALLBACK = 'status_callback';

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
 * `StatusCallback` with `StatusCallbackMethod` (default POST). An update with
 * `Status` ends it early: `completed` hangs up, `canceled` ends a call not yet
 * answered (and leaves one in progress as it is, as Twilio does); either way the
 * call gets its end time and duration and the `completed` event is sent. A call
 * that is over takes no `Status` (400/21220).
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
    if (url) {
      const callback: Callback = { url, method: params.StatusCallbackMethod === 'GET' ? 'GET' : 'POST', events: [...requestedEvents(params.StatusCallbackEvent)], sequence: 0 };
      this.ctx.records.setHidden(call, { [CALLBACK]: callback });
    }
    this.ctx.timeline.run(
      STEPS.map(({ event, status }) => () => {
        const current = this.ctx.records.get(call.accountSid, CALL_SCHEMA, call.id);
        if (!current) throw new Error(`call ${call.id} is gone`);
        // Hung up or canceled through the API meanwhile: the call's life is over.
        if (ENDED.has(String(current.data.status))) throw new Error(`call ${call.id} ended as ${String(current.data.status)}`);
        const now = new Date();
        const fields: RecordData = { status };
        if (status === 'in-progress') fields.start_time = isoDate(now);
        if (status === 'completed') Object.assign(fields, this.ending(current, now));
        this.ctx.records.patch(current, fields);
        this.notify(current, event, now);
      }),
      (error) => this.ctx.log(`call lifecycle stopped: ${String(error)}`),
    );
  }

  /**
   * After UpdateCall (already stored; `previous` is the call before it): a new `StatusCallback`
   * applies from now on, and a `Status` ends the call as described on the class.
   */
  updated(call: StoredRecord, params: Record<string, unknown>, previous: RecordData | undefined): void {
    const before = String(previous?.status ?? call.data.status);
    if (typeof params.StatusCallback === 'string' && params.StatusCallback !== '') {
      const callback: Callback = this.callback(call) ?? { url: '', method: 'POST', events: ['completed'], sequence: 0 };
      this.ctx.records.setHidden(call, { [CALLBACK]: { ...callback, url: params.StatusCallback, method: params.StatusCallbackMethod === 'GET' ? 'GET' : 'POST' } });
    }
    const status = params.Status;
    if (status !== 'completed' && status !== 'canceled') return;
    if (ENDED.has(before)) throw new EmulatorError(400, 21220, `Call ${call.id} is not in progress (it is ${before}): its status cannot change`);
    if (status === 'canceled' && before === 'in-progress') {
      // Canceling reaches only calls not yet answered.
      this.ctx.records.patch(call, { status: before });
      return;
    }
    const now = new Date();
    this.ctx.records.patch(call, { status, ...this.ending(call, now) });
    this.notify(call, 'completed', now);
  }

  /** `end_time` and `duration` (whole seconds since it was answered; 0 if never answered). */
  private ending(call: StoredRecord, now: Date): RecordData {
    const started = Date.parse(String(call.data.start_time));
    return { end_time: isoDate(now), duration: String(Number.isNaN(started) ? 0 : Math.max(0, Math.round((now.getTime() - started) / 1000))) };
  }

  private callback(call: StoredRecord): Callback | undefined {
    return this.ctx.records.hidden(call)[CALLBACK] as Callback | undefined;
  }

  /** Sends the status callback of `event`, if the call has a callback asking for it. */
  private notify(record: StoredRecord, event: CallEvent, now: Date): void {
    const callback = this.callback(record);
    if (!callback?.url || !callback.events.includes(event)) return;
    this.ctx.records.setHidden(record, { [CALLBACK]: { ...callback, sequence: callback.sequence + 1 } });
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
      SequenceNumber: String(callback.sequence),
      Timestamp: rfc2822Date(now),
    };
    if (event === 'completed') {
      params.CallDuration = String(call.duration ?? '0');
      params.Duration = String(Math.ceil(Number(call.duration ?? 0) / 60));
    }
    void this.ctx.webhooks.send({ url: callback.url, method: callback.method, params, authToken: this.ctx.authToken(record.accountSid), orderKey: record.id });
  }
}
