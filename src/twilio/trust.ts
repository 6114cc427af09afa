/**
 * Which credentials Twilio has accepted. A call only claims its account (the Basic username, or the
 * account a caller names), so the per-account limiter and circuit must not be open to whoever knows
 * an Account SID: a credential shares its account's limiter once Twilio has answered a call made
 * with it with a status that means it read the credential (2xx–4xx but 401 and 429), and a 401
 * takes it out again. Credentials are held as keyed hashes (HMAC with a per-process key), never as text.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Credential } from './types.js';

/** Remembers accepted credentials, at most `maxEntries` of them (least recently accepted dropped first). */
export class CredentialTrust {
  private readonly key = randomBytes(32);
  private readonly accepted = new Set<string>();
  /** One hash per credential object: a request's credential is used for all of its calls. */
  private readonly fingerprints = new WeakMap<Credential, string>();

  constructor(private readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  }

  /** A stable, secret-free name for the credential and the account it claims. */
  fingerprint(credential: Credential): string {
    let fingerprint = this.fingerprints.get(credential);
    if (fingerprint === undefined) {
      fingerprint = createHmac('sha256', this.key)
        .update(`${credential.username}\0${credential.password}\0${credential.accountSid}`)
        .digest('base64url');
      this.fingerprints.set(credential, fingerprint);
    }
    return fingerprint;
  }

  /** Whether Twilio has accepted the credential with this fingerprint. */
  isAccepted(fingerprint: string): boolean {
    return this.accepted.has(fingerprint);
  }

  /** Records Twilio's HTTP answer to a call made with the credential. */
  record(fingerprint: string, status: number): void {
    if (status === 401) {
      this.accepted.delete(fingerprint);
      return;
    }
    // A 5xx or 429 may come before Twilio has looked at the credential at all.
    if (status >= 500 || status === 429 || status < 200) return;
    // Re-inserting keeps the set ordered by last acceptance, so the oldest is dropped first.
    this.accepted.delete(fingerprint);
    if (this.accepted.size >= this.maxEntries) {
      const oldest = this.accepted.values().next().value;
      if (oldest !== undefined) this.accepted.delete(oldest);
    }
    this.accepted.add(fingerprint);
  }
}
