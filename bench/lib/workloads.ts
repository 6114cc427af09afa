/**
 * The benchmark's workloads, each expressed for every contender that can express it:
 * - `ours`: one GraphQL request to our gateway;
 * - `mesh`: GraphQL Mesh's generated root fields (no nesting: the nested chain is the sequence of
 *   requests a Mesh user makes, each batching its calls with aliases);
 * - `rest`: what a twilio-node user does, direct REST calls to the emulator (parallel where possible).
 * Every operation checks its response, so a fast error never counts as a fast answer.
 */
import { Agent, request } from 'undici';
import type { CannonRequest } from './load.js';

export type Contender = 'ours' | 'mesh' | 'rest';
export const CONTENDERS: readonly Contender[] = ['ours', 'mesh', 'rest'];

/** Where things are and what they hold. */
export interface BenchTargets {
  emulatorUrl: string;
  oursUrl: string;
  meshUrl: string;
  /** `Basic …` for the emulator's account, sent to all three. */
  authorization: string;
  workspaceSid: string;
  workerSids: string[];
}

/** How one contender runs one workload. */
export interface Plan {
  /** Runs the operation once and throws unless the response is complete and error-free. */
  once(): Promise<void>;
  /** Either autocannon requests (one request per operation, cycled), or an operation for the closed loop. */
  load: { cannon: { url: string; requests: CannonRequest[] } } | { loop: () => Promise<void> };
  /** How the operation is expressed, for the report. */
  shape: string;
}

export interface Workload {
  name: string;
  /** True when operations create resources: each run then gets a fresh workspace. */
  writes: boolean;
  /** Distinct REST resources one operation needs: the floor for upstream calls. */
  resources: number;
  /** What one operation is, for the report. */
  unit: string;
  /** Builds the contender's plan; `writeWorkspace` is that run's fresh workspace for writes. */
  plan(contender: Contender, targets: BenchTargets, writeWorkspace: string): Plan;
}

const agent = new Agent({ connections: 512, keepAliveTimeout: 30_000 });

/** Closes the bench's HTTP connections. */
export function closeHttp(): Promise<void> {
  return agent.close();
}

async function http(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string): Promise<unknown> {
  const response = await request(url, { method, headers, ...(body === undefined ? {} : { body }), dispatcher: agent });
  const text = await response.body.text();
  if (response.statusCode < 200 || response.statusCode > 299) throw new Error(`${method} ${url}: HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies checked at run time

async function graphql(url: string, authorization: string, query: string): Promise<Json> {
  const result = (await http('POST', url, { 'content-type': 'application/json', authorization }, JSON.stringify({ query }))) as Json;
  if (result['errors'] !== undefined || result['data'] === undefined) throw new Error(`GraphQL errors: ${JSON.stringify(result).slice(0, 500)}`);
  return result['data'] as Json;
}

function rest(t: BenchTargets, path: string): Promise<Json> {
  return http('GET', `${t.emulatorUrl}/taskrouter${path}`, { authorization: t.authorization }) as Promise<Json>;
}

function restPost(t: BenchTargets, path: string, form: Record<string, string>): Promise<Json> {
  const body = new URLSearchParams(form).toString();
  return http('POST', `${t.emulatorUrl}/taskrouter${path}`, { authorization: t.authorization, 'content-type': 'application/x-www-form-urlencoded' }, body) as Promise<Json>;
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const noErrors = (_status: number, body: string): boolean => !body.includes('"errors"');

function graphqlRequest(url: string, authorization: string, query: string | (() => string)): CannonRequest {
  const headers = { 'content-type': 'application/json', authorization };
  const path = new URL(url).pathname;
  if (typeof query === 'string') return { method: 'POST', path, headers, body: JSON.stringify({ query }), check: noErrors };
  return {
    method: 'POST',
    path,
    headers,
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: query() }) }),
    check: noErrors,
  };
}

let unique = 0;
/** A new worker name per create (names are not required to be unique, but real ones are). */
function nextName(): string {
  return `bench-new-${process.pid}-${++unique}`;
}

// ---- the operations, per contender ----

const WORKER_FIELDS_OURS = 'sid friendlyName activityName available attributes dateCreated';
const WORKER_FIELDS_MESH = 'sid friendly_name activity_name available attributes date_created';

function fetchWorker(c: Contender, t: BenchTargets): { query?: string; path?: string; check: (data: Json) => void } {
  const ws = t.workspaceSid;
  const wk = t.workerSids[0]!;
  if (c === 'ours') {
    return {
      query: `{ workspace(sid: "${ws}") { worker(sid: "${wk}") { ${WORKER_FIELDS_OURS} } } }`,
      check: (d) => expect(d['workspace']?.['worker']?.['sid'] === wk, 'worker missing'),
    };
  }
  if (c === 'mesh') {
    return {
      query: `{ TaskRouter_FetchWorker(WorkspaceSid: "${ws}", Sid: "${wk}") { ${WORKER_FIELDS_MESH} } }`,
      check: (d) => expect(d['TaskRouter_FetchWorker']?.['sid'] === wk, 'worker missing'),
    };
  }
  return { path: `/v1/Workspaces/${ws}/Workers/${wk}`, check: (d) => expect(d['sid'] === wk, 'worker missing') };
}

function listWorkers(c: Contender, t: BenchTargets): { query?: string; path?: string; check: (data: Json) => void } {
  const ws = t.workspaceSid;
  if (c === 'ours') {
    return {
      query: `{ workspace(sid: "${ws}") { workers(first: 50) { nodes { ${WORKER_FIELDS_OURS} } } } }`,
      check: (d) => expect(d['workspace']?.['workers']?.['nodes']?.length === 50, 'expected 50 workers'),
    };
  }
  if (c === 'mesh') {
    return {
      query: `{ TaskRouter_ListWorker(WorkspaceSid: "${ws}", PageSize: 50) { workers { ${WORKER_FIELDS_MESH} } } }`,
      check: (d) => expect(d['TaskRouter_ListWorker']?.['workers']?.length === 50, 'expected 50 workers'),
    };
  }
  return { path: `/v1/Workspaces/${ws}/Workers?PageSize=50`, check: (d) => expect(d['workers']?.length === 50, 'expected 50 workers') };
}

function createWorker(c: Contender, ws: string): { query?: () => string; form?: () => Record<string, string>; check: (data: Json) => void } {
  if (c === 'ours') {
    return {
      query: () => `mutation { createWorker(workspaceSid: "${ws}", input: { friendlyName: "${nextName()}" }) { sid friendlyName dateCreated } }`,
      check: (d) => expect(typeof d['createWorker']?.['sid'] === 'string', 'no worker created'),
    };
  }
  if (c === 'mesh') {
    return {
      query: () => `mutation { TaskRouter_CreateWorker(WorkspaceSid: "${ws}", input: { FriendlyName: "${nextName()}" }) { sid friendly_name date_created } }`,
      check: (d) => expect(typeof d['TaskRouter_CreateWorker']?.['sid'] === 'string', 'no worker created'),
    };
  }
  return { form: () => ({ FriendlyName: nextName() }), check: (d) => expect(typeof d['sid'] === 'string', 'no worker created') };
}

/** Single-request reads: the same plan shape for all three contenders. */
function readPlan(c: Contender, t: BenchTargets, op: { query?: string; path?: string; check: (data: Json) => void }): Plan {
  if (c === 'rest') {
    return {
      once: async () => op.check(await rest(t, op.path!)),
      load: { cannon: { url: t.emulatorUrl, requests: [{ method: 'GET', path: `/taskrouter${op.path!}`, headers: { authorization: t.authorization } }] } },
      shape: `GET ${op.path!.replace(t.workspaceSid, '{ws}').replace(t.workerSids[0]!, '{wk}')}`,
    };
  }
  const url = c === 'ours' ? t.oursUrl : t.meshUrl;
  return {
    once: async () => op.check(await graphql(url, t.authorization, op.query!)),
    load: { cannon: { url, requests: [graphqlRequest(url, t.authorization, op.query!)] } },
    shape: '1 GraphQL request',
  };
}

function writePlan(c: Contender, t: BenchTargets, ws: string): Plan {
  const op = createWorker(c, ws);
  if (c === 'rest') {
    const path = `/v1/Workspaces/${ws}/Workers`;
    return {
      once: async () => op.check(await restPost(t, path, op.form!())),
      load: {
        cannon: {
          url: t.emulatorUrl,
          requests: [
            {
              method: 'POST',
              path: `/taskrouter${path}`,
              headers: { authorization: t.authorization, 'content-type': 'application/x-www-form-urlencoded' },
              setupRequest: (req) => ({ ...req, body: new URLSearchParams(op.form!()).toString() }),
            },
          ],
        },
      },
      shape: 'POST /v1/Workspaces/{ws}/Workers',
    };
  }
  const url = c === 'ours' ? t.oursUrl : t.meshUrl;
  return {
    once: async () => op.check(await graphql(url, t.authorization, op.query!())),
    load: { cannon: { url, requests: [graphqlRequest(url, t.authorization, op.query!)] } },
    shape: '1 GraphQL mutation',
  };
}

/** 4 reads (fetch one Worker, list 50, alternating) then 1 create, per connection cycle. */
function mixedPlan(c: Contender, t: BenchTargets, ws: string): Plan {
  const reads = [readPlan(c, t, fetchWorker(c, t)), readPlan(c, t, listWorkers(c, t))];
  const write = writePlan(c, t, ws);
  const cannon = (p: Plan) => (p.load as { cannon: { url: string; requests: CannonRequest[] } }).cannon;
  const [fetch, list] = reads.map(cannon) as [{ url: string; requests: CannonRequest[] }, { url: string; requests: CannonRequest[] }];
  return {
    once: async () => {
      for (const p of [...reads, ...reads, write]) await p.once();
    },
    load: { cannon: { url: fetch.url, requests: [fetch.requests[0]!, list.requests[0]!, fetch.requests[0]!, list.requests[0]!, cannon(write).requests[0]!] } },
    shape: `${c === 'rest' ? 'REST calls' : 'GraphQL requests'}: fetch, list 50, fetch, list 50, create`,
  };
}

// ---- nested chain: workspace → workers (10) → reservations → task ----

async function chainOurs(t: BenchTargets): Promise<void> {
  const query = `{ workspace(sid: "${t.workspaceSid}") { sid friendlyName workers(first: 10) { nodes { sid friendlyName
    reservations(first: 10) { nodes { sid reservationStatus task { sid assignmentStatus attributes } } } } } } }`;
  const data = await graphql(t.oursUrl, t.authorization, query);
  const workers = data['workspace']?.['workers']?.['nodes'] as Json[] | undefined;
  expect(workers?.length === 10, 'expected 10 workers');
  for (const w of workers!) expect(typeof w['reservations']?.['nodes']?.[0]?.['task']?.['sid'] === 'string', 'reservation or task missing');
}

/** A Mesh user's three round trips, each batching its root fields with aliases. */
async function chainMesh(t: BenchTargets): Promise<void> {
  const ws = t.workspaceSid;
  const first = await graphql(
    t.meshUrl,
    t.authorization,
    `{ TaskRouter_FetchWorkspace(Sid: "${ws}") { sid friendly_name } TaskRouter_ListWorker(WorkspaceSid: "${ws}", PageSize: 10) { workers { sid friendly_name } } }`,
  );
  const workers = (first['TaskRouter_ListWorker']?.['workers'] ?? []) as Json[];
  expect(workers.length === 10 && first['TaskRouter_FetchWorkspace']?.['sid'] === ws, 'expected the workspace and 10 workers');
  const second = await graphql(
    t.meshUrl,
    t.authorization,
    `{ ${workers
      .map((w, i) => `r${i}: TaskRouter_ListWorkerReservation(WorkspaceSid: "${ws}", WorkerSid: "${String(w['sid'])}", PageSize: 10) { reservations { sid reservation_status task_sid } }`)
      .join(' ')} }`,
  );
  const taskSids = workers.map((_w, i) => String(second[`r${i}`]?.['reservations']?.[0]?.['task_sid']));
  expect(taskSids.every((s) => s.startsWith('WT')), 'reservation missing');
  const third = await graphql(
    t.meshUrl,
    t.authorization,
    `{ ${taskSids.map((sid, i) => `t${i}: TaskRouter_FetchTask(WorkspaceSid: "${ws}", Sid: "${sid}") { sid assignment_status attributes }`).join(' ')} }`,
  );
  expect(taskSids.every((sid, i) => third[`t${i}`]?.['sid'] === sid), 'task missing');
}

/** What a twilio-node user writes: workspace and workers in parallel, then reservations, then tasks. */
async function chainRest(t: BenchTargets): Promise<void> {
  const ws = `/v1/Workspaces/${t.workspaceSid}`;
  const [workspace, list] = await Promise.all([rest(t, ws), rest(t, `${ws}/Workers?PageSize=10`)]);
  const workers = (list['workers'] ?? []) as Json[];
  expect(workspace['sid'] === t.workspaceSid && workers.length === 10, 'expected the workspace and 10 workers');
  const reservations = await Promise.all(workers.map((w) => rest(t, `${ws}/Workers/${String(w['sid'])}/Reservations?PageSize=10`)));
  const taskSids = reservations.map((r) => String(r['reservations']?.[0]?.['task_sid']));
  expect(taskSids.every((s) => s.startsWith('WT')), 'reservation missing');
  const tasks = await Promise.all(taskSids.map((sid) => rest(t, `${ws}/Tasks/${sid}`)));
  expect(tasks.every((task, i) => task['sid'] === taskSids[i]), 'task missing');
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'fetch one Worker', writes: false, resources: 1, unit: 'request', plan: (c, t) => readPlan(c, t, fetchWorker(c, t)) },
  { name: 'list 50 Workers', writes: false, resources: 1, unit: 'request', plan: (c, t) => readPlan(c, t, listWorkers(c, t)) },
  {
    name: 'nested chain: workspace → 10 workers → reservations → task',
    writes: false,
    // the workspace, the worker page, 10 reservation lists, 10 tasks
    resources: 22,
    unit: 'chain',
    plan: (c, t) => {
      const op = c === 'ours' ? chainOurs : c === 'mesh' ? chainMesh : chainRest;
      const shape =
        c === 'ours'
          ? '1 GraphQL request'
          : c === 'mesh'
            ? '3 sequential GraphQL requests (workspace + workers; 10 aliased reservation lists; 10 aliased task fetches)'
            : '3 sequential rounds of parallel REST calls (2, 10, 10)';
      return { once: () => op(t), load: { loop: () => op(t) }, shape };
    },
  },
  { name: 'create a Worker', writes: true, resources: 1, unit: 'request', plan: (c, t, ws) => writePlan(c, t, ws) },
  { name: 'mixed 80/20 read/write', writes: true, resources: 5, unit: 'request (calls counted per 5-request cycle)', plan: (c, t, ws) => mixedPlan(c, t, ws) },
];

/** Creates an empty workspace for one write run, so state growth is the same for every contender. */
export async function freshWorkspace(t: BenchTargets, label: string): Promise<string> {
  const created = await http(
    'POST',
    `${t.emulatorUrl}/taskrouter/v1/Workspaces`,
    { authorization: t.authorization, 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ FriendlyName: `bench-writes-${label}-${Date.now()}` }).toString(),
  );
  return String((created as Json)['sid']);
}
