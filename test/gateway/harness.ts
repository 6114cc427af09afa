/**
 * Starts an emulator (with demo data) and a gateway pointed at it, in-process, and
 * gives tests a GraphQL client plus the emulator's request counters.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

export interface Harness {
  emulator: RunningEmulator;
  gateway: RunningGateway;
  /** `Basic` header for the emulator's main account. */
  authorization: string;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Upstream requests the emulator has received since the last reset. */
  upstreamCalls(): Promise<{ total: number; byRoute: Record<string, number> }>;
  resetUpstreamCalls(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, seed: 'demo' });
  const gateway = await startGateway({ upstream: { kind: 'url', baseUrl: emulator.url }, port: 0 });
  const authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
  return {
    emulator,
    gateway,
    authorization,
    async query(query, variables = {}, headers = { authorization }) {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async upstreamCalls() {
      return (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { total: number; byRoute: Record<string, number> };
    },
    async resetUpstreamCalls() {
      await fetch(`${emulator.url}/__emulator/requests/reset`, { method: 'POST' });
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}

/** The demo workspace's SID, which most TaskRouter tests start from. */
export async function demoWorkspaceSid(h: Harness): Promise<string> {
  return dataOf(await h.query(`{ workspaces(first: 1) { nodes { sid } } }`)).workspaces.nodes[0].sid;
}

/** Fails the test with the GraphQL errors when there are any, and returns the data. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}
