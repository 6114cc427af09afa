/**
 * twilio-graphql in a federated supergraph: our subgraph (read through `_service { sdl }`) composed
 * with a CRM subgraph by Apollo's composition library, served by Hive Gateway's runtime, queried
 * across both subgraphs against the embedded emulator's demo data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';
import { CRM_SDL, startCrmSubgraph, type CrmData } from './crm-subgraph.js';
import { emulatorRequests, graphql, resetEmulatorRequests } from './helpers.js';

const WORKER_FETCH = 'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}';
const ACTIVITY_FETCH = 'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Activities/{Sid}';
const MESSAGE_FETCH = 'GET /api/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';

interface DemoWorker {
  sid: string;
  workspaceSid: string;
  friendlyName: string;
  activity: { sid: string; friendlyName: string };
}
interface DemoMessage {
  sid: string;
  accountSid: string;
  body: string;
}

describe('supergraph: twilio-graphql + a CRM subgraph', { timeout: 120_000 }, () => {
  let twilio: RunningGateway;
  let crm: Awaited<ReturnType<typeof startCrmSubgraph>>;
  let supergraph: GatewayRuntime;
  let workers: DemoWorker[];
  let messages: DemoMessage[];
  let data: CrmData;

  /** Runs an operation through the supergraph gateway, as a client of the supergraph would. */
  async function query(source: string): Promise<any> {
    const response = await supergraph.fetch('http://supergraph.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: twilio.demoAuthorization! },
      body: JSON.stringify({ query: source }),
    });
    return response.json();
  }

  before(async () => {
    twilio = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0 });
    const auth = { authorization: twilio.demoAuthorization! };
    const demo = await graphql(
      twilio.graphqlUrl,
      `{ workspaces(first: 1) { nodes { workers(first: 3) { nodes { sid workspaceSid friendlyName activity { sid friendlyName } } } } }
         messages(first: 2) { nodes { sid accountSid body } } }`,
      undefined,
      auth,
    );
    assert.equal(demo.errors, undefined, JSON.stringify(demo.errors));
    workers = demo.data.workspaces.nodes[0].workers.nodes;
    messages = demo.data.messages.nodes;
    assert.equal(workers.length, 3);
    assert.equal(messages.length, 2);
    const [w0, w1] = workers as [DemoWorker, DemoWorker];
    const [m0, m1] = messages as [DemoMessage, DemoMessage];
    const ref = (w: DemoWorker) => ({ workspaceSid: w.workspaceSid, sid: w.sid });
    const msg = (m: DemoMessage) => ({ accountSid: m.accountSid, sid: m.sid });
    // Three customers, two distinct agents and two distinct messages: the entity batches repeat keys.
    data = {
      customers: [
        { phone: '+15550001001', name: 'Ana Silva', agent: ref(w0), lastMessage: msg(m0) },
        { phone: '+15550001002', name: 'Ben Okafor', agent: ref(w1), lastMessage: msg(m1) },
        { phone: '+15550001003', name: 'Cleo Park', agent: ref(w0), lastMessage: msg(m0) },
      ],
      profiles: { [w0.sid]: { team: 'Retention', openCases: 4 }, [w1.sid]: { team: 'Billing', openCases: 1 } },
    };
    crm = await startCrmSubgraph(data);

    // Composition reads our SDL the way composition tooling does: from `_service`.
    const service = await graphql(twilio.graphqlUrl, '{ _service { sdl } }');
    const composed = composeServices([
      { name: 'twilio', url: twilio.graphqlUrl, typeDefs: parse(service.data._service.sdl) },
      { name: 'crm', url: crm.url, typeDefs: parse(CRM_SDL) },
    ]);
    assert.deepEqual(composed.errors?.map((e) => e.message), undefined);
    supergraph = createGatewayRuntime({
      supergraph: composed.supergraphSdl!,
      logging: false,
      // The client's Twilio credential travels to the twilio subgraph, as in a real deployment.
      propagateHeaders: {
        fromClientToSubgraphs: ({ request, subgraphName }) =>
          subgraphName === 'twilio' ? { authorization: request.headers.get('authorization') } : {},
      },
    });
  });

  after(async () => {
    await supergraph?.dispose();
    await crm?.close();
    await twilio?.close();
  });

  test('CRM customers resolve their Twilio agent and last message, one upstream call per distinct resource', async () => {
    await resetEmulatorRequests(twilio.emulator!.url);
    const result = await query(`{
      customers {
        name
        phone
        agent { sid friendlyName activity { friendlyName } crmProfile { team openCases } }
        lastMessage { sid body }
      }
    }`);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const expected = data.customers.map((customer) => {
      const worker = workers.find((w) => w.sid === customer.agent.sid)!;
      const message = messages.find((m) => m.sid === customer.lastMessage.sid)!;
      return {
        name: customer.name,
        phone: customer.phone,
        agent: { sid: worker.sid, friendlyName: worker.friendlyName, activity: { friendlyName: worker.activity.friendlyName }, crmProfile: data.profiles[worker.sid] },
        lastMessage: { sid: message.sid, body: message.body },
      };
    });
    assert.deepEqual(result.data.customers, expected);

    const counts = await emulatorRequests(twilio.emulator!.url);
    const distinctActivities = new Set(workers.slice(0, 2).map((w) => w.activity.sid)).size;
    assert.deepEqual(counts.byRoute, { [WORKER_FETCH]: 2, [ACTIVITY_FETCH]: distinctActivities, [MESSAGE_FETCH]: 2 });
  });

  test('Twilio workers gain the CRM profile without being fetched again', async () => {
    await resetEmulatorRequests(twilio.emulator!.url);
    const crmCallsBefore = crm.requests();
    const result = await query('{ workspaces(first: 1) { nodes { workers(first: 3) { nodes { friendlyName crmProfile { team } } } } } }');
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(
      result.data.workspaces.nodes[0].workers.nodes,
      workers.map((w) => ({ friendlyName: w.friendlyName, crmProfile: data.profiles[w.sid] ? { team: data.profiles[w.sid]!.team } : null })),
    );
    // Two list pages from Twilio (workspaces, workers); the key fields came with the list items.
    const counts = await emulatorRequests(twilio.emulator!.url);
    assert.equal(counts.byRoute[WORKER_FETCH], undefined);
    assert.equal(counts.total, 2);
    assert.equal(crm.requests() - crmCallsBefore, 1, 'one _entities batch to the CRM subgraph');
  });
});
