/**
 * The data layer of a Flex plugin, written against twilio-graphql with Apollo Client (core, no
 * React) and the typed documents GraphQL Code Generator produced in ./gql. Every result is typed
 * from the schema: `panels.agent.worker?.reservations?.nodes[0]?.task?.queue?.friendlyName` is a
 * `string | null`, and a typo in a field name fails to compile.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import {
  AgentReservationsDocument,
  ConversationLastMessagesDocument,
  DirectoryDocument,
  QueueOverviewDocument,
  type AgentReservationsQuery,
  type ConversationLastMessagesQuery,
  type DirectoryQuery,
  type QueueOverviewQuery,
} from './gql/graphql.js';

export interface FlexClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** `Authorization` header value: `Basic base64(AccountSid:AuthToken)` or an API key pair. */
  authorization: string;
  /** The fetch to send requests with; default the platform's (Node's or the browser's). */
  fetch?: typeof globalThis.fetch;
}

/** An Apollo Client for the gateway: Node's (or the browser's) fetch, the Authorization header, a normalized cache. */
export function createFlexClient(options: FlexClientOptions): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: options.url, fetch: options.fetch ?? globalThis.fetch, headers: { Authorization: options.authorization } }),
    cache: new InMemoryCache(),
  });
}

/** What the plugin's panels show. */
export interface FlexPanels {
  agent: NonNullable<AgentReservationsQuery['workspace']>;
  queue: NonNullable<QueueOverviewQuery['workspace']>;
  conversation: NonNullable<ConversationLastMessagesQuery['conversation']>;
}

/** Where the panels start: a worker, a queue and a conversation, by SID. */
export interface FlexSelection {
  workspaceSid: string;
  workerSid: string;
  queueSid: string;
  conversationSid: string;
}

/** The SIDs the panels can start from (a Flex plugin reads its own from the Flex manager instead). */
export async function directory(client: ApolloClient): Promise<DirectoryQuery> {
  const { data } = await client.query({ query: DirectoryDocument });
  return data!;
}

/** Runs the three panel operations in parallel; Apollo rejects on any GraphQL error. */
export async function loadFlexPanels(client: ApolloClient, selection: FlexSelection): Promise<FlexPanels> {
  const [agent, queue, conversation] = await Promise.all([
    client.query({ query: AgentReservationsDocument, variables: { workspaceSid: selection.workspaceSid, workerSid: selection.workerSid, first: 5 } }),
    client.query({ query: QueueOverviewDocument, variables: { workspaceSid: selection.workspaceSid, queueSid: selection.queueSid } }),
    client.query({ query: ConversationLastMessagesDocument, variables: { conversationSid: selection.conversationSid, last: 3 } }),
  ]);
  return {
    agent: required(agent.data?.workspace, `workspace ${selection.workspaceSid}`),
    queue: required(queue.data?.workspace, `workspace ${selection.workspaceSid}`),
    conversation: required(conversation.data?.conversation, `conversation ${selection.conversationSid}`),
  };
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} not found`);
  return value;
}
