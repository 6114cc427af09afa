/**
 * Accounts and credentials. Accounts are ordinary records of the 2010 Accounts collection
 * (each in its own partition); API keys are records of the 2010 Keys collection.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Catalog, Collection } from './catalog.js';
import { authError, notFound } from './errors.js';
import type { Store, StoredRecord } from './store.js';

/** Collection id of `/2010-04-01/Accounts/{Sid}.json`. */
export const ACCOUNTS_COLLECTION = 'api:/2010-04-01/Accounts';
/** Collection id of `/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json`. */
export const KEYS_COLLECTION = 'api:/2010-04-01/Accounts/*/Keys';

/** A fresh auth token or key secret: 32 lowercase hex characters. */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}

function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Account lookups and credential checks over the store. */
export class Accounts {
  readonly collection: Collection;
  private readonly keys: Collection;

  constructor(
    catalog: Catalog,
    private readonly store: Store,
  ) {
    const accounts = catalog.collections.get(ACCOUNTS_COLLECTION);
    const keys = catalog.collections.get(KEYS_COLLECTION);
    if (!accounts || !keys) throw new Error('the API model lacks the 2010 Accounts or Keys collection');
    this.collection = accounts;
    this.keys = keys;
  }

  /** The account record, or undefined. */
  get(accountSid: string): StoredRecord | undefined {
    return this.store.get(this.collection, accountSid, [], accountSid);
  }

  /** The account's auth token (for signing webhooks), or undefined for an unknown account. */
  authToken(accountSid: string): string | undefined {
    const token = this.get(accountSid)?.data['auth_token'];
    return typeof token === 'string' ? token : undefined;
  }

  /**
   * Checks HTTP Basic credentials: an Account SID with its auth token, or an API key SID with
   * its secret. Returns the account acting; throws 401/20003 otherwise.
   */
  authenticate(username: string, password: string): string {
    if (username.startsWith('AC')) {
      const account = this.get(username);
      if (account && account.data['status'] !== 'closed' && sameSecret(account.data['auth_token'], password)) return username;
    } else if (username.startsWith('SK')) {
      const key = this.store.all(this.keys).find((k) => k.id === username);
      if (key && sameSecret(key.data['secret'], password) && this.get(key.accountSid)) return key.accountSid;
    }
    throw authError('Authentication Error - invalid username or password');
  }

  /**
   * The account a 2010 path names, checked against the acting account: itself or one of its
   * subaccounts. An unknown account is a 404; someone else's a 401/20003.
   */
  reach(actingSid: string, pathSid: string): string {
    if (pathSid === actingSid) return pathSid;
    const target = this.get(pathSid);
    if (!target) throw notFound(`The requested resource /2010-04-01/Accounts/${pathSid} was not found`);
    if (target.data['owner_account_sid'] === actingSid) return pathSid;
    throw authError(`Authentication Error - the credentials cannot access account ${pathSid}`);
  }

  /** The acting account and its subaccounts, in creation order. */
  visible(actingSid: string): StoredRecord[] {
    return this.store
      .all(this.collection)
      .filter((a) => a.id === actingSid || a.data['owner_account_sid'] === actingSid)
      .sort((a, b) => a.seq - b.seq);
  }
}
