/**
 * A small CRM subgraph written for the composition test, the way a team would write one next to
 * twilio-graphql: its own `Customer` entity that references Twilio's `Worker` (the assigned agent)
 * and `Message` (the last message) by their keys, and a `crmProfile` field it adds to `Worker`.
 * Built with @apollo/subgraph and served by graphql-yoga on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

export const CRM_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

type Query {
  customers: [Customer!]!
}

type Customer @key(fields: "phone") {
  phone: String!
  name: String!
  agent: Worker
  lastMessage: Message
}

type Worker @key(fields: "workspaceSid sid") {
  workspaceSid: ID
  sid: ID
  crmProfile: CrmProfile
}

type CrmProfile {
  team: String!
  openCases: Int!
}

type Message @key(fields: "accountSid sid", resolvable: false) {
  accountSid: ID
  sid: ID
}
`;

export interface CrmCustomer {
  phone: string;
  name: string;
  agent: { workspaceSid: string; sid: string };
  lastMessage: { accountSid: string; sid: string };
}

export interface CrmData {
  customers: CrmCustomer[];
  /** Worker SID → profile. */
  profiles: Record<string, { team: string; openCases: number }>;
}

/** Starts the CRM subgraph over `data`; resolves to its GraphQL URL and a close function. */
export async function startCrmSubgraph(data: CrmData): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(CRM_SDL),
    resolvers: {
      Query: { customers: () => data.customers },
      Customer: {
        __resolveReference: (reference: { phone: string }) => data.customers.find((c) => c.phone === reference.phone) ?? null,
      },
      Worker: {
        __resolveReference: (reference: { workspaceSid: string; sid: string }) => reference,
        crmProfile: (worker: { sid: string }) => data.profiles[worker.sid] ?? null,
      },
    },
  });
  let requests = 0;
  const yoga = createYoga({ schema, logging: false, graphiql: false });
  const server: Server = createServer((request, response) => {
    requests++;
    void yoga(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
