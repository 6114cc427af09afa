/**
 * HEAD never runs an operation. fastify would answer HEAD with a GET route's handler, and mercurius
 * refuses mutations only for the method name "GET": a `curl -I` with a mutation in the query string
 * once changed a task, with the server's credentials lent to a header-less loopback request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHardened, type Hardened } from './harness.js';

describe('HEAD /graphql', () => {
  let h: Hardened;
  let workspaceSid: string;
  let task: { sid: string; priority: number };

  before(async () => {
    // Server credentials on a loopback listener: header-less requests from this machine may use them.
    h = await startHardened((emulator) => ({
      serverCredentials: {
        credential: { kind: 'basic', username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
        accountSid: emulator.accountSid,
      },
    }));
    workspaceSid = (await h.rest('/taskrouter/v1/Workspaces?PageSize=1')).workspaces[0].sid;
    task = (await h.rest(`/taskrouter/v1/Workspaces/${workspaceSid}/Tasks?PageSize=1`)).tasks[0];
  });
  after(() => h.close());

  const head = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${h.gateway.graphqlUrl}?${new URLSearchParams({ query })}`, { method: 'HEAD', headers });

  test('a query or a mutation over HEAD is 405 with the methods /graphql takes, and nothing reaches Twilio', async () => {
    const mutation = `mutation { updateTask(workspaceSid: "${workspaceSid}", sid: "${task.sid}", input: { priority: ${task.priority + 7} }) { priority } }`;
    const before = await h.upstreamTotal();
    for (const query of ['{ workspaces(first: 1) { nodes { sid } } }', mutation]) {
      for (const headers of [{}, { authorization: h.authorization }] as Array<Record<string, string>>) {
        const response = await head(query, headers);
        assert.equal(response.status, 405, `${query} ${JSON.stringify(headers)}`);
        assert.equal(response.headers.get('allow'), 'GET, POST');
      }
    }
    assert.equal(await h.upstreamTotal(), before, 'no upstream call');
    const unchanged = await h.rest(`/taskrouter/v1/Workspaces/${workspaceSid}/Tasks/${task.sid}`);
    assert.equal(unchanged.priority, task.priority);
  });

  test('GET still runs the query', async () => {
    const answer = await h.get({ query: '{ workspaces(first: 1) { nodes { sid } } }' });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.data.workspaces.nodes[0].sid, workspaceSid);
  });
});
