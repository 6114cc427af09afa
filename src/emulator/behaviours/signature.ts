import { createHmac } from 'node:crypto';

/** Form parameters of a webhook: one value, or several for a repeated key. */
export type WebhookParams = Record<string, string | string[]>;

/**
 * The string Twilio signs: the full URL followed by every parameter as
 * `key + value`, keys in sorted order. A repeated key contributes each of its
 * distinct values, sorted, as `key + value` — the exact rule of twilio-node's
 * `getExpectedTwilioSignature`, so `validateRequest` accepts what we send.
 */
export function signaturePayload(url: string, params: WebhookParams): string {
  let data = url;
  // Default `sort()` (UTF-16 code units) on purpose: it is what the validator uses.
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const v of values) data += key + v;
  }
  return data;
}

/** `X-Twilio-Signature`: base64(HMAC-SHA1(authToken, url + sorted key/value pairs)). */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  return createHmac('sha1', authToken).update(Buffer.from(signaturePayload(url, params), 'utf8')).digest('base64');
}
