/** Subaccounts on the emulator, each with its own credentials and its own named workspace. */
import { basic, type Hardened } from './harness.js';

export interface Tenant {
  accountSid: string;
  friendlyName: string;
  authToken: string;
  /** `Authorization` header with the tenant's Account SID and Auth Token. */
  authorization: string;
  /** The one workspace created for the tenant (named after it). */
  workspaceName: string;
}

async function form(h: Hardened, path: string, authorization: string, fields: Record<string, string>): Promise<any> {
  const response = await fetch(`${h.emulator.url}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Creates `count` subaccounts of the main account, each seeded with a workspace named after it. */
export async function createTenants(h: Hardened, count: number): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < count; i++) {
    const friendlyName = `Tenant ${String.fromCharCode(65 + i)}`;
    const account = await form(h, '/api/2010-04-01/Accounts.json', h.authorization, { FriendlyName: friendlyName });
    const authorization = basic(account.sid, account.auth_token);
    const workspaceName = `Workspace of ${account.sid}`;
    await form(h, '/taskrouter/v1/Workspaces', authorization, { FriendlyName: workspaceName });
    tenants.push({ accountSid: account.sid, friendlyName, authToken: account.auth_token, authorization, workspaceName });
  }
  return tenants;
}

/** Creates an API key (SK… + secret) for `accountSid`, authenticated as that account. */
export async function createApiKey(h: Hardened, accountSid: string, authorization: string): Promise<{ sid: string; secret: string }> {
  const key = await form(h, `/api/2010-04-01/Accounts/${accountSid}/Keys.json`, authorization, { FriendlyName: 'hardening test key' });
  return { sid: key.sid, secret: key.secret };
}
