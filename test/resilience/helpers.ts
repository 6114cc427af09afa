/** A demo-seeded emulator with fault switches and a gateway in front of it, both over real HTTP. */
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startGateway, type GatewayConfig, type RunningGateway } from '../../src/gateway/start.js';

export interface GraphQLResult {
  status: number;
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export interface Counters {
  total: number;
  byRoute: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
}

/** A fault rule as `POST /__emulator/faults` takes it. */
export interface Fault {
  match?: { method?: string; pathPrefix?: string };
  respond: 429 | 500 | 503 | 'slow' | 'drop' | 'malformed-json';
  retryAfter?: number;
  delayMs?: number;
  times?: number;
}

export interface Rig {
  emulator: RunningEmulator;
  gateway: RunningGateway;
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult>;
  fault(...rules: Fault[]): Promise<void>;
  clearFaults(): Promise<void>;
  counters(): Promise<Counters>;
  resetCounters(): Promise<void>;
  healthz(): Promise<number>;
  close(): Promise<void>;
}

/** Starts the emulator (demo data) and a gateway pointed at it with `config` overrides. */
export async function startRig(config: Partial<GatewayConfig> = {}): Promise<Rig> {
  const emulator = await startEmulator({ port: 0, seed: 'demo' });
  const gateway = await startGateway({ upstream: { kind: 'url', baseUrl: emulator.url }, port: 0, ...config }).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  const authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
  const internal = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/__emulator${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /__emulator${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  return {
    emulator,
    gateway,
    async query(query, variables = {}) {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async fault(...rules) {
      await internal('POST', '/faults', rules);
    },
    async clearFaults() {
      await internal('DELETE', '/faults');
    },
    counters: () => internal('GET', '/requests') as Promise<Counters>,
    async resetCounters() {
      await internal('POST', '/requests/reset');
    },
    async healthz() {
      return (await fetch(`${gateway.url}/healthz`)).status;
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}
