/**
 * The local Twilio emulator: one HTTP server serving every operation of the API model, with
 * product hosts as path prefixes (see notes/CONTRACTS.md). `startEmulator` is the library entry;
 * the engine and its extension points are re-exported for behaviours, seeds and tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadApiModel } from '../spec/load-model.js';
import { installBehaviours as installDefaultBehaviours, type BehaviourOptions, type Behaviours } from './behaviours/index.js';
import { Engine } from './engine.js';
import { createListener, RequestCounters } from './http.js';
import { Persistence } from './persistence.js';
import { seedDemo } from './seed/demo.js';

export { Engine } from './engine.js';
export type {
  ChangeEvent,
  ChangeHandler,
  ChangeType,
  ComputedFields,
  DispatchRequest,
  DispatchResult,
  EngineOptions,
  ExistingRecordFinder,
  FieldsProvider,
  InternalResponse,
  InternalRouteHandler,
  ListedItem,
  ListFilterProvider,
  ListProvider,
  ReadRequest,
  WriteRequest,
} from './engine.js';
export type { Store, StoredRecord, RecordData } from './store.js';
export type { Params } from './params.js';
export { EmulatorError } from './errors.js';
export type { BehaviourOptions, Behaviours } from './behaviours/index.js';

/** Fixed demo credentials, printed at start; override with options or the environment. */
export const DEMO_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const DEMO_AUTH_TOKEN = 'c0ffee0123456789abcdef0123456789';

/** A seed: fills a fresh engine through `engine.dispatch` or the store. May be async. */
export type EmulatorPlugin = (engine: Engine) => void | Promise<void>;

/**
 * Installs behaviours on an engine (hooks with `engine.on`, routes with `engine.addInternalRoute`,
 * cleanup with `engine.onClose`). `installBehaviours` from `./behaviours/index.js` is one; what it
 * returns becomes {@link RunningEmulator.behaviours}. May be async.
 */
export type BehavioursPlugin = (
  engine: Engine,
  options: BehaviourOptions,
) => Behaviours | void | Promise<Behaviours | void>;

export interface EmulatorOptions {
  /** 0 = random free port; default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `EMULATOR_ACCOUNT_SID` or {@link DEMO_ACCOUNT_SID}. */
  accountSid?: string;
  /** Default `EMULATOR_AUTH_TOKEN` or {@link DEMO_AUTH_TOKEN}. */
  authToken?: string;
  /**
   * `'demo'` runs `seedDemo(engine)` from `./seed/demo.js`; a function runs that function.
   * Seeds run only on fresh state (not when `dataFile` restored some), after the behaviours are
   * installed, so they shape seeded data as they would live. Default `'none'`.
   */
  seed?: 'demo' | 'none' | EmulatorPlugin;
  /**
   * Living behaviours. `true` (default) installs `installBehaviours` from `./behaviours/index.js`
   * with {@link behaviourOptions}; `false` serves plain CRUD; a function installs that instead
   * (it receives the same options).
   */
  behaviours?: boolean | BehavioursPlugin;
  /** Tuning of the behaviours (`statusStepMs`, `webhookTimeoutMs`); `log` defaults to {@link log}. */
  behaviourOptions?: BehaviourOptions;
  /** Persist state across restarts in this JSON file (written atomically). */
  dataFile?: string;
  /** Delay every product response by this many milliseconds (benchmarks). */
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: base URL for the REST client. */
  url: string;
  accountSid: string;
  authToken: string;
  /** The engine behind the server, for in-process dispatch, hooks and record access. */
  engine: Engine;
  /**
   * Handles on the installed behaviours (e.g. `behaviours.verify.codes(to)`); undefined when
   * behaviours are off or a custom plugin returned none.
   */
  behaviours?: Behaviours;
  close(): Promise<void>;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;

async function installBehaviours(engine: Engine, option: boolean | BehavioursPlugin, options: BehaviourOptions): Promise<Behaviours | undefined> {
  if (option === false) return undefined;
  const install = option === true ? installDefaultBehaviours : option;
  return (await install(engine, options)) ?? undefined;
}

async function runSeed(engine: Engine, seed: EmulatorOptions['seed']): Promise<void> {
  if (seed === undefined || seed === 'none') return;
  if (typeof seed === 'function') return seed(engine);
  await seedDemo(engine);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts the emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const accountSid = options.accountSid ?? process.env['EMULATOR_ACCOUNT_SID'] ?? DEMO_ACCOUNT_SID;
  const authToken = options.authToken ?? process.env['EMULATOR_AUTH_TOKEN'] ?? DEMO_AUTH_TOKEN;
  if (!ACCOUNT_SID.test(accountSid)) throw new Error(`account SID must be AC followed by 32 lowercase hex digits: ${accountSid}`);
  if (authToken.length === 0) throw new Error('auth token must not be empty');
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);

  const engine = new Engine({ model: loadApiModel(), accountSid, authToken, log });
  const persistence = options.dataFile ? new Persistence(options.dataFile, engine.store) : undefined;
  const restored = persistence?.load() ?? false;
  engine.ensureMainAccount();

  const counters = new RequestCounters();
  const server = createServer({ keepAlive: true }, createListener(engine, { latencyMs: options.latencyMs ?? 0, counters }));
  const address = await listen(server, options.port ?? 4010, host);
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  engine.baseUrl = url;

  const close = async (): Promise<void> => {
    await engine.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    persistence?.flush();
  };

  let behaviours: Behaviours | undefined;
  try {
    behaviours = await installBehaviours(engine, options.behaviours ?? true, { log, ...options.behaviourOptions });
    if (!restored) await runSeed(engine, options.seed);
    persistence?.watch();
    persistence?.flush();
  } catch (err) {
    await close();
    throw err;
  }
  return { url, accountSid, authToken, engine, behaviours, close };
}
