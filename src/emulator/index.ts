/**
 * The local Twilio emulator: one HTTP server serving every operation of the API model, with
 * product hosts as path prefixes (see notes/CONTRACTS.md). `startEmulator` is the library entry;
 * the engine and its extension points are re-exported for behaviours, seeds and tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadApiModel } from '../spec/load-model.js';
import { Engine } from './engine.js';
import { createListener, RequestCounters } from './http.js';
import { Persistence } from './persistence.js';

export { Engine } from './engine.js';
export type {
  ChangeEvent,
  ChangeHandler,
  ChangeType,
  DispatchRequest,
  DispatchResult,
  EngineOptions,
  InternalResponse,
  InternalRouteHandler,
} from './engine.js';
export type { Store, StoredRecord, RecordData } from './store.js';
export type { Params } from './params.js';
export { EmulatorError } from './errors.js';

/** Fixed demo credentials, printed at start; override with options or the environment. */
export const DEMO_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const DEMO_AUTH_TOKEN = 'c0ffee0123456789abcdef0123456789';

/** Something that sets up an engine: a seed or a set of behaviours. May be async. */
export type EmulatorPlugin = (engine: Engine) => void | Promise<void>;

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
   * Seeds run only on fresh state (not when `dataFile` restored some). Default `'none'`.
   */
  seed?: 'demo' | 'none' | EmulatorPlugin;
  /**
   * Living behaviours. `true` (default) installs `installBehaviours(engine)` from
   * `./behaviours/index.js` when that module exists; `false` serves plain CRUD; a function
   * installs that instead. Behaviours register hooks with `engine.on` and cleanup with `engine.onClose`.
   */
  behaviours?: boolean | EmulatorPlugin;
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
  close(): Promise<void>;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;

/** Loads an optional sibling module (behaviours, seed); undefined only when that module does not exist. */
async function optionalModule<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = err instanceof Error ? err.message : '';
    const leaf = specifier.replace(/^\.\//, '').replace(/\.js$/, '');
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(leaf)) return undefined;
    throw err;
  }
}

async function installBehaviours(engine: Engine, option: boolean | EmulatorPlugin): Promise<void> {
  if (option === false) return;
  if (typeof option === 'function') return option(engine);
  const mod = await optionalModule<{ installBehaviours?: EmulatorPlugin }>('./behaviours/index.js');
  if (mod?.installBehaviours) await mod.installBehaviours(engine);
}

async function runSeed(engine: Engine, seed: EmulatorOptions['seed']): Promise<void> {
  if (seed === undefined || seed === 'none') return;
  if (typeof seed === 'function') return seed(engine);
  const mod = await optionalModule<{ seedDemo?: EmulatorPlugin }>('./seed/demo.js');
  if (!mod?.seedDemo) throw new Error('the demo seed (src/emulator/seed/demo.ts, seedDemo) is not available');
  await mod.seedDemo(engine);
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

  try {
    await installBehaviours(engine, options.behaviours ?? true);
    if (!restored) await runSeed(engine, options.seed);
    persistence?.watch();
    persistence?.flush();
  } catch (err) {
    await close();
    throw err;
  }
  return { url, accountSid, authToken, engine, close };
}
