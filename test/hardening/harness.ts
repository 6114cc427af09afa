/**
 * A gateway started in-process against its own emulator (demo data), with the gateway's JSON log
 * lines captured, raw HTTP helpers, and the emulator's request counter, so tests can prove that
 * refused input made no upstream call.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startGateway, type GatewayConfig, type RunningGateway } from '../../src/gateway/start.js';

export interface HttpResult {
  status: number;
  text: string;
  /** Parsed body when it is JSON. */
  json: any;
}

export interface Hardened {
  emulator: RunningEmulator;
  gateway: RunningGateway;
  /** `Basic` header for the emulator's main account. */
  authorization: string;
  /** Every line the gateway logged, in order. */
  logs: string[];
  /** POSTs a JSON body (a string is sent as is) to /graphql. */
  post(body: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  /** GETs /graphql with these query-string parameters. */
  get(params: Record<string, string>, headers?: Record<string, string>): Promise<HttpResult>;
  /** Upstream requests the emulator has received so far. */
  upstreamTotal(): Promise<number>;
  /** A REST GET straight to the emulator with the main account (counted like any upstream call). */
  rest(path: string, authorization?: string): Promise<any>;
  close(): Promise<void>;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

async function result(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/**
 * Starts emulator and gateway; `config` overrides the gateway's (limits, persisted operations…),
 * or builds the overrides from the started emulator (to use its credentials as the server's).
 */
export async function startHardened(
  config: Partial<GatewayConfig> | ((emulator: RunningEmulator) => Partial<GatewayConfig>) = {},
): Promise<Hardened> {
  const emulator = await startEmulator({ port: 0, seed: 'demo' });
  const overrides = typeof config === 'function' ? config(emulator) : config;
  const logs: string[] = [];
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      upstream: { kind: 'url', baseUrl: emulator.url },
      port: 0,
      log: { level: 'info', stream: { write: (line) => void logs.push(line) } },
      ...overrides,
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const authorization = basic(emulator.accountSid, emulator.authToken);
  return {
    emulator,
    gateway,
    authorization,
    logs,
    async post(body, headers = { authorization }) {
      return result(
        await fetch(gateway.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
    async get(params, headers = { authorization }) {
      return result(await fetch(`${gateway.graphqlUrl}?${new URLSearchParams(params)}`, { headers: { accept: 'application/json', ...headers } }));
    },
    async upstreamTotal() {
      const counters = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { total: number };
      return counters.total;
    },
    async rest(path, auth = authorization) {
      return (await fetch(`${emulator.url}${path}`, { headers: { authorization: auth } })).json();
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}
