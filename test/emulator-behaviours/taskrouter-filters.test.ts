/**
 * TaskRouter list filters that evaluate expressions: Workers by the queue they are eligible
 * for (`TaskQueueSid`, `TaskQueueName`) or by `TargetWorkersExpression`, TaskQueues by
 * `WorkerSid` / `EvaluateWorkerAttributes`, Tasks by `EvaluateTaskAttributes` and names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { assertSpecResponse } from '../emulator/support.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

describe('TaskRouter expression filters', () => {
  let t: TestEmulator;
  let W: string;
  let workspaceSid: string;
  const sid: Record<string, string> = {};
  const of = (name: string): string => sid[name]!;
  const names = (list: any[]): string[] => list.map((x) => x.friendly_name).sort();

  before(async () => {
    t = await startTestEmulator();
    const ws = (await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Filters' })).body;
    workspaceSid = ws.sid;
    W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const queues = { Support: `skills HAS "support"`, Spanish: `languages HAS "es" AND level >= 2`, Everyone: '' };
    for (const [name, target] of Object.entries(queues)) {
      sid[name] = (await t.post(`${W}/TaskQueues`, { FriendlyName: name, ...(target ? { TargetWorkers: target } : {}) })).body.sid;
    }
    const workers = {
      Ann: { skills: ['support'], languages: ['en'], level: 1 },
      Bea: { skills: ['support', 'billing'], languages: ['es', 'en'], level: 3 },
      Cruz: { skills: ['sales'], languages: ['es'], level: 2 },
    };
    for (const [name, attributes] of Object.entries(workers)) {
      sid[name] = (await t.post(`${W}/Workers`, { FriendlyName: name, Attributes: JSON.stringify(attributes) })).body.sid;
    }
  });
  after(async () => {
    await t.close();
  });

  test('Workers by TaskQueueSid / TaskQueueName: those the queue’s target expression admits', async () => {
    assert.deepEqual(names((await t.get(`${W}/Workers?TaskQueueSid=${sid.Support}`)).workers), ['Ann', 'Bea']);
    assert.deepEqual(names((await t.get(`${W}/Workers?TaskQueueName=Spanish`)).workers), ['Bea', 'Cruz']);
    assert.deepEqual(names((await t.get(`${W}/Workers?TaskQueueName=Everyone`)).workers), ['Ann', 'Bea', 'Cruz']);
    assert.deepEqual((await t.get(`${W}/Workers?TaskQueueName=Nowhere`)).workers, []);
    // Combined with a plain field filter.
    assert.deepEqual(names((await t.get(`${W}/Workers?TaskQueueSid=${sid.Spanish}&FriendlyName=Cruz`)).workers), ['Cruz']);
  });

  test('Workers by TargetWorkersExpression, over attributes and worker fields; bad text is a 400', async () => {
    const q = (e: string): string => `${W}/Workers?TargetWorkersExpression=${encodeURIComponent(e)}`;
    assert.deepEqual(names((await t.get(q('level > 1'))).workers), ['Bea', 'Cruz']);
    assert.deepEqual(names((await t.get(q(`friendly_name == "Ann" OR skills HAS "sales"`))).workers), ['Ann', 'Cruz']);
    assert.deepEqual(names((await t.get(q(`sid == "${sid.Bea}"`))).workers), ['Bea']);
    const res = await t.send('GET', q('level >'));
    assert.equal(res.status, 400);
    assert.match(res.body.message, /TargetWorkersExpression/);
  });

  test('TaskQueues by WorkerSid and by EvaluateWorkerAttributes', async () => {
    assert.deepEqual(names((await t.get(`${W}/TaskQueues?WorkerSid=${sid.Ann}`)).task_queues), ['Everyone', 'Support']);
    assert.deepEqual(names((await t.get(`${W}/TaskQueues?WorkerSid=${sid.Bea}`)).task_queues), ['Everyone', 'Spanish', 'Support']);
    const attrs = encodeURIComponent(JSON.stringify({ languages: ['es'], level: 5, skills: [] }));
    assert.deepEqual(names((await t.get(`${W}/TaskQueues?EvaluateWorkerAttributes=${attrs}`)).task_queues), ['Everyone', 'Spanish']);
    const bad = await t.send('GET', `${W}/TaskQueues?EvaluateWorkerAttributes=not-json`);
    assert.equal(bad.status, 400);
  });

  test('Tasks by EvaluateTaskAttributes and TaskQueueName', async () => {
    await t.post(`${W}/Tasks`, { TaskQueueSid: of('Everyone'), Attributes: JSON.stringify({ type: 'billing', vip: true }) });
    await t.post(`${W}/Tasks`, { TaskQueueSid: of('Support'), Attributes: JSON.stringify({ type: 'support' }) });
    const q = (e: string): string => `${W}/Tasks?EvaluateTaskAttributes=${encodeURIComponent(e)}`;
    // List reads leave attributes out, as Twilio's do: read each task's type from its own fetch.
    const types = async (list: any[]): Promise<string[]> =>
      (await Promise.all(list.map(async (x) => JSON.parse((await t.get(`${W}/Tasks/${x.sid}`)).attributes).type))).sort();
    assert.deepEqual(await types((await t.get(q(`type == "billing"`))).tasks), ['billing']);
    assert.deepEqual(await types((await t.get(q(`vip == true OR type IN ["support"]`))).tasks), ['billing', 'support']);
    assert.deepEqual(await types((await t.get(`${W}/Tasks?TaskQueueName=Support`)).tasks), ['support']);
  });

  test('the official SDK’s taskQueueSid / workerSid options reach the same filters', async () => {
    const sdk = twilio(t.emulator.accountSid, t.emulator.authToken, {
      httpClient: new (class extends twilio.RequestClient {
        override async request(opts: Parameters<twilio.RequestClient['request']>[0]): Promise<any> {
          const uri = opts.uri.replace(/^https:\/\/([a-z-]+)\.twilio\.com/, `${t.emulator.url}/$1`);
          const res = await super.request({ ...opts, uri });
          assertSpecResponse(t.emulator.engine, opts.method.toUpperCase(), uri, res.statusCode, res.body);
          return res;
        }
      })(),
    });
    const workspace = sdk.taskrouter.v1.workspaces(workspaceSid);
    const workers = await workspace.workers.list({ taskQueueSid: sid.Spanish });
    assert.deepEqual(workers.map((w) => w.friendlyName).sort(), ['Bea', 'Cruz']);
    const queues = await workspace.taskQueues.list({ workerSid: sid.Cruz });
    assert.deepEqual(queues.map((q) => q.friendlyName).sort(), ['Everyone', 'Spanish']);
  });
});
