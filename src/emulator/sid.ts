import { randomBytes } from 'node:crypto';

/** A Twilio SID: two uppercase letters and 32 lowercase hex digits. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

const SID_SHAPE = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** True when `value` has the shape of any SID (used for ids whose prefix the model does not give). */
export function looksLikeSid(value: string): boolean {
  return SID_SHAPE.test(value);
}
