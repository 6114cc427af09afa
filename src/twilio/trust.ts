/**
 * Which credentials Twilio has accepted, and for which account. A call only claims its account, so
 * the per-account limiter and circuit must not be open to whoever knows an Account SID, nor to a
 * valid credential that merely names someone else's account (`X-Twilio-Account-Sid`):
 *
 * - A call acts on the account its 2010 path names (`/2010-04-01/Accounts/{AC…}/…`); any other call
 *   (product hosts such as TaskRouter, which never see a claimed account) acts on the credential's
 *   own account, its username: the Account SID of an Auth Token, or the API key itself, whose
 *   account the client cannot see.
 * - A credential is accepted for its own username once Twilio answers a call made with it with a
 *   status that means it read the credential (2xx–4xx but 401 and 429); for another account only
 *   once a call whose path names that account succeeded (2xx), since only then did Twilio agree the
 *   credential may act on it. A 401 takes the acceptance out again.
 *
 * Credentials are held as keyed hashes (HMAC with a per-process key), never as text.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Credential } from './types.js';

/** A 2010 path naming an account: `/2010-04-01/Accounts/AC…` alone, `.json` or with a subresource. */
const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})(?:[./]|$)/;

/** The account a call acts on at Twilio, and whose acceptance it needs (see the module comment). */
export interface CallAccount {
  /** Account SID (or API key SID, for a key's product-host calls) whose limiter and circuit the call uses. */
  account: string;
  /** Key of (credential, account) in {@link CredentialTrust}. */
  trustKey: string;
  /** True when `account` is the credential's username: any answer that read the credential proves it. */
  own: boolean;
}

/** Remembers accepted (credential, account) pairs, at most `maxEntries` of them (least recently accepted dropped first). */
export class CredentialTrust {
  private readonly key = randomBytes(32);
  private readonly accepted = new Set<string>();
  /** One hash per credential object: a request's credential is used for all of its calls. */
  private readonly fingerprints = new WeakMap<Credential, string>();

  constructor(private readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  }

  /**
   * The account a call with `credential` to `product`'s `path` acts on, keyed for this trust store.
   * The account the credential claims (`accountSid`) counts only where Twilio reads it: in a 2010 path.
   */
  callAccount(credential: Credential, product: string, path: string): CallAccount {
    const named = product === 'api' ? ACCOUNT_PATH.exec(path)?.[1] : undefined;
    const account = named ?? credential.username;
    return { account, trustKey: `${this.fingerprint(credential)} ${account}`, own: account === credential.username };
  }

  /** Whether Twilio has accepted the credential for the call's account. */
  isAccepted(call: CallAccount): boolean {
    return this.accepted.has(call.trustKey);
  }

  /** Records Twilio's HTTP answer to a call. */
  record(call: CallAccount, status: number): void {
    if (status === 401) {
      this.accepted.delete(call.trustKey);
      return;
    }
    // A 5xx or 429 may come before Twilio has looked at the credential at all; another account's
    // 403 or 404 says the credential is valid, not that it may act on that account.
    const proves = call.own ? status >= 200 && status < 500 && status !== 429 : status >= 200 && status < 300;
    if (!proves) return;
    // Re-inserting keeps the set ordered by last acceptance, so the oldest is dropped first.
    this.accepted.delete(call.trustKey);
    if (this.accepted.size >= this.maxEntries) {
      const oldest = this.accepted.values().next().value;
      if (oldest !== undefined) this.accepted.delete(oldest);
    }
    this.accepted.add(call.trustKey);
  }

  /** A stable, secret-free name for the credential (username and password; not the account it claims). */
  private fingerprint(credential: Credential): string {
    let fingerprint = this.fingerprints.get(credential);
    if (fingerprint === undefined) {
      fingerprint = createHmac('sha256', this.key).update(`${credential.username}\0${credential.password}`).digest('base64url');
      this.fingerprints.set(credential, fingerprint);
    }
    return fingerprint;
  }
}
