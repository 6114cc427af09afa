import { randomInt } from 'node:crypto';
import { isoDate } from '../dates.js';
import { notFound } from '../errors.js';
import { newSid } from '../sid.js';
import type { WriteRequest } from '../engine.js';
import type { StoredRecord } from '../store.js';
import type { BehaviourContext } from './host.js';

/** Schema keys of the Verify resources involved. */
export const VERIFY = {
  service: 'verify_v2:verify.v2.service',
  verification: 'verify_v2:verify.v2.service.verification',
  attempt: 'verify_v2:verify.v2.verification_attempt',
} as const;

/** Channels a Verification Attempt record can name (its schema's enum). */
const ATTEMPT_CHANNELS = new Set(['sms', 'call', 'email', 'whatsapp', 'rbm']);

/** How long a code can be checked, as in Twilio Verify. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Hidden-state keys of a verification (see `StoredRecord.hidden`): its code and when it was issued. */
const CODE = 'code';
const ISSUED_AT = 'issued_at';

/** A code the emulator "sent"; revealed to tests through `/__emulator/verify/codes`. */
export interface IssuedCode {
  accountSid: string;
  serviceSid: string;
  verificationSid: string;
  to: string;
  channel: string;
  code: string;
  issuedAt: Date;
}

/** An issued code as `/__emulator/verify/codes` reveals it (`issuedAt` in ISO 8601). */
export interface RevealedCode {
  to: string;
  code: string;
  channel: string;
  verificationSid: string;
  serviceSid: string;
  accountSid: string;
  issuedAt: string;
}

/** A random numeric code; a leading zero is kept (the code is a string). */
export function newCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}

/**
 * Verify: a new Verification gets a code (the request's `CustomCode`, or
 * `code_length` random digits from its service, default 6) kept in the
 * verification's hidden state instead of being sent (so it survives a restart
 * with a data file), and a Verification Attempt records the send; one to a number
 * with a pending verification sends that one's code again; a
 * VerificationCheck with the right code approves the pending verification
 * (and converts its attempts), a wrong one leaves it pending with `valid: false`.
 */
export class VerifyBehaviour {
  constructor(private readonly ctx: BehaviourContext) {}

  /** After CreateVerification: set the pending state, issue the code and record its send. */
  verificationCreated(record: StoredRecord, params: Record<string, unknown>): void {
    const verification = record.data;
    const custom = typeof params.CustomCode === 'string' && params.CustomCode !== '' ? params.CustomCode : undefined;
    const now = new Date();
    this.ctx.records.patch(record, {
      status: 'pending',
      valid: false,
      to: params.To ?? verification.to,
      send_code_attempts: [],
      lookup: verification.lookup ?? {},
    });
    this.ctx.records.setHidden(record, { [CODE]: custom ?? newCode(this.codeLength(record)), [ISSUED_AT]: isoDate(now) });
    this.send(record, params, now);
  }

  /**
   * The pending verification a new Verification to the same `To` (in the same service) sends
   * again, as Twilio does: same SID, same code, one more send attempt. Expired ones do not count.
   */
  resendTarget(request: WriteRequest): StoredRecord | undefined {
    const to = request.body['To'];
    if (typeof to !== 'string') return undefined;
    return this.pending(request.accountSid, request.pathParams['ServiceSid'] ?? '', { To: to });
  }

  /** After a resend (see {@link resendTarget}): the same code goes out again, maybe on another channel. */
  verificationResent(record: StoredRecord, params: Record<string, unknown>): void {
    this.send(record, params, new Date());
  }

  /** One send of the verification's code: a `send_code_attempts` entry and a Verification Attempt. */
  private send(record: StoredRecord, params: Record<string, unknown>, now: Date): void {
    const verification = record.data;
    const channel = String(params.Channel ?? verification.channel ?? 'sms');
    const attemptSid = newSid('VL');
    const attempts = Array.isArray(verification.send_code_attempts) ? verification.send_code_attempts : [];
    this.ctx.records.patch(record, { channel, send_code_attempts: [...attempts, { attempt_sid: attemptSid, channel, time: isoDate(now) }] });
    if (!ATTEMPT_CHANNELS.has(channel)) return;
    this.ctx.records.insert(record.accountSid, VERIFY.attempt, {
      sid: attemptSid,
      service_sid: verification.service_sid,
      verification_sid: record.id,
      conversion_status: 'unconverted',
      channel,
      price: null,
      channel_data: { verification_sid: record.id, to: verification.to, status: 'unconfirmed', code_length: this.codeLength(record) },
    });
  }

  /** The service's `code_length` (4 to 10), default 6. */
  private codeLength(record: StoredRecord): number {
    const service = this.ctx.records.get(record.accountSid, VERIFY.service, record.data.service_sid);
    const length = Number(service?.data.code_length ?? 6);
    return Number.isInteger(length) && length >= 4 && length <= 10 ? length : 6;
  }

  /**
   * After CreateVerificationCheck: finds the pending verification by
   * `VerificationSid` or `To` (the newest), compares `Code`, approves it on a
   * match, and turns the stored check into the verification as Twilio answers
   * it (same `VE` sid, `approved`/`pending`, `valid`). Nothing pending — after
   * approval, cancellation or expiry — is a 404/20404, as in Twilio.
   */
  checked(check: StoredRecord, params: Record<string, unknown>): void {
    const record = this.pending(check.accountSid, String(check.data.service_sid), params);
    if (!record) throw notFound('The requested resource was not found');
    const issued = this.issuedCode(record);
    const valid = issued !== undefined && typeof params.Code === 'string' && params.Code === issued.code;
    if (valid) {
      this.ctx.records.patch(record, { status: 'approved', valid: true });
      for (const attempt of this.ctx.records.list(check.accountSid, VERIFY.attempt, { verification_sid: record.id })) {
        const data = attempt.data.channel_data as Record<string, unknown> | null;
        this.ctx.records.patch(attempt, { conversion_status: 'converted', channel_data: { ...data, status: 'confirmed' } });
      }
    }
    const v = record.data;
    this.ctx.records.patch(check, {
      sid: record.id,
      to: v.to,
      channel: v.channel,
      status: valid ? 'approved' : 'pending',
      valid,
      amount: v.amount ?? null,
      payee: v.payee ?? null,
      date_created: v.date_created,
      date_updated: v.date_updated,
      sna_attempts_error_codes: [],
    });
  }

  /** Codes issued so far, newest first, optionally only those sent to `to`. */
  codes(to?: string): IssuedCode[] {
    return this.ctx.records
      .everywhere(VERIFY.verification)
      .map((v) => this.issuedCode(v))
      .filter((c): c is IssuedCode => c !== undefined && (to === undefined || c.to === to))
      .reverse();
  }

  /** The code a verification was issued, from its hidden state. */
  private issuedCode(verification: StoredRecord): IssuedCode | undefined {
    const hidden = this.ctx.records.hidden(verification);
    const code = hidden[CODE];
    const issuedAt = new Date(String(hidden[ISSUED_AT]));
    if (typeof code !== 'string' || Number.isNaN(issuedAt.getTime())) return undefined;
    const v = verification.data;
    return {
      accountSid: verification.accountSid,
      serviceSid: String(v.service_sid),
      verificationSid: verification.id,
      to: String(v.to),
      channel: String(v.channel),
      code,
      issuedAt,
    };
  }

  /**
   * The body of `GET /__emulator/verify/codes[?to=+1555…]`: the codes issued, newest first,
   * optionally only those sent to `to` (a repeated `to` takes the first).
   */
  codesResponse(to: string | string[] | undefined): { codes: RevealedCode[] } {
    const wanted = Array.isArray(to) ? to[0] : to;
    return {
      codes: this.codes(wanted).map((c) => ({
        to: c.to,
        code: c.code,
        channel: c.channel,
        verificationSid: c.verificationSid,
        serviceSid: c.serviceSid,
        accountSid: c.accountSid,
        issuedAt: c.issuedAt.toISOString(),
      })),
    };
  }

  private pending(accountSid: string, serviceSid: string, params: Record<string, unknown>): StoredRecord | undefined {
    const where: Record<string, unknown> = { service_sid: serviceSid, status: 'pending' };
    if (typeof params.VerificationSid === 'string') where.sid = params.VerificationSid;
    else if (typeof params.To === 'string') where.to = params.To;
    else return undefined;
    const now = Date.now();
    const candidates = this.ctx.records.list(accountSid, VERIFY.verification, where).filter((v) => {
      const issued = this.issuedCode(v);
      if (issued && now - issued.issuedAt.getTime() <= CODE_LIFETIME_MS) return true;
      this.ctx.records.patch(v, { status: 'expired' });
      return false;
    });
    // The newest pending verification is the one a `To` addresses.
    return candidates[candidates.length - 1];
  }
}
