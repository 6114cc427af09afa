/** Shared fixtures for the gateway server tests: a stand-in schema and a started server. */
import { EventEmitter } from 'node:events';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLInt } from 'graphql';
import { requireAuth, type GatewayContext } from '../../src/gateway/context.js';
import { createGatewayServer, type GatewayServerOptions } from '../../src/gateway/server.js';
import type { ServerCredentials } from '../../src/gateway/auth.js';

export const ACCOUNT = 'AC' + '0123456789abcdef'.repeat(2);
export const SUBACCOUNT = 'AC' + 'fedcba9876543210'.repeat(2);
export const API_KEY = 'SK' + '00112233445566778899aabbccddeeff';

/** `Basic base64(username:password)`. */
export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const SERVER_CREDENTIALS: ServerCredentials = {
  credential: { kind: 'basic', username: ACCOUNT, password: 'server-secret-token', accountSid: ACCOUNT },
  accountSid: ACCOUNT,
};

/** Emits `start` whenever a `slow` resolver begins: proof that a request is in flight. */
export const slowResolvers = new EventEmitter();

/**
 * A stand-in for the generated schema: `hello` needs no upstream, `whoami` reports the account
 * and credential source the resolver saw, `slow(ms)` waits, `poke` is a mutation.
 */
export const standInSchema = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, GatewayContext>({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'world' },
      whoami: {
        type: GraphQLString,
        resolve: (_source, _args, context) => {
          const auth = requireAuth(context);
          return `${auth.accountSid} ${auth.credential.username.slice(0, 2)} ${auth.source}`;
        },
      },
      slow: {
        type: GraphQLInt,
        args: { ms: { type: GraphQLInt } },
        resolve: async (_source, args: { ms?: number }) => {
          slowResolvers.emit('start');
          await new Promise((resolve) => setTimeout(resolve, args.ms ?? 0));
          return args.ms ?? 0;
        },
      },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: { poke: { type: GraphQLString, resolve: () => 'poked' } },
  }),
});

/** Starts a gateway on 127.0.0.1 and a random port; `close` must be awaited by the test. */
export async function startServer(options: Partial<GatewayServerOptions> = {}) {
  const server = await createGatewayServer({ schema: standInSchema, host: '127.0.0.1', port: 0, ...options });
  const url = await server.listen();
  return { server, url, close: () => server.close() };
}

/** POSTs a GraphQL request; returns status, content type and parsed body. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; json: any }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), json: text === '' ? undefined : JSON.parse(text) };
}

/** GETs `/graphql` with the given query-string parameters. */
export async function get(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; json: any }> {
  const response = await fetch(`${url}/graphql?${new URLSearchParams(params)}`, { headers });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), json: JSON.parse(text) };
}
