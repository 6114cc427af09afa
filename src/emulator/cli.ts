/**
 * `twilio-graphql emulator`: runs the local Twilio emulator alone until interrupted.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage-error.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './index.js';

const HELP = `Usage: twilio-graphql emulator [options]

Runs a local Twilio emulator. Products are path prefixes:
  https://taskrouter.twilio.com/v1/Workspaces -> http://HOST:PORT/taskrouter/v1/Workspaces

Options:
  --port <n>             Port to listen on (default 4010; 0 picks a free one)
  --host <address>       Interface to bind (default 127.0.0.1)
  --account-sid <sid>    Main account SID (default $EMULATOR_ACCOUNT_SID or a fixed demo SID)
  --auth-token <token>   Main account auth token (default $EMULATOR_AUTH_TOKEN or a fixed demo token)
  --seed <demo|none>     Load demo data on fresh state (default demo)
  --data <file>          Keep state in this file across restarts
  --latency <ms>         Delay every response by this many milliseconds
  --status-step-ms <ms>  Time between message/call status steps (default 250; 0 = back to back)
  --webhook-timeout-ms <ms>
                         Timeout of each status/event callback the emulator sends (default 5000)
  -h, --help             Show this help

The URL, credentials and a gateway command line are printed on stderr at start.
`;

function integer(name: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from 0 to ${max}, got "${value}".`);
  }
  return Number(value);
}

/** Where the CLI writes, what it reads, and what stops it (default: SIGINT or SIGTERM). */
export interface EmulatorCliIo {
  /** Where the help goes (default: stdout). */
  out?: (line: string) => void;
  /**
   * Where the start-up banner, the emulator's log lines and a failure to start go (default:
   * stderr, like the gateway's banner: stdout stays free for output meant for programs).
   */
  err?: (line: string) => void;
  until?: Promise<unknown>;
  /** Environment for `EMULATOR_ACCOUNT_SID` / `EMULATOR_AUTH_TOKEN` (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;

/** Why the server could not start, in one line: the common listen failures say what to do. */
function startFailure(error: unknown, host: string, port: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; pass --port <n> (0 picks a free port).`;
  if (code === 'EACCES') return `no permission to listen on port ${port} of ${host}; pick a port above 1023.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on ${host}: not an address of this machine.`;
  return error instanceof Error ? error.message : String(error);
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Parses the arguments, starts the emulator, prints its URL and credentials, and keeps running
 * until stopped. Resolves with the exit code: 0 after a stop, 1 when the server cannot start (the
 * reason printed in one line); throws a `UsageError` naming the flag or variable on invalid input.
 */
export async function runEmulatorCli(argv: readonly string[], io: EmulatorCliIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = io.env ?? process.env;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      latency: { type: 'string' },
      'status-step-ms': { type: 'string' },
      'webhook-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    out(HELP);
    return 0;
  }
  const seed = values.seed ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new UsageError(`--seed must be demo or none, got "${seed}".`);
  const accountSid = values['account-sid'] ?? env['EMULATOR_ACCOUNT_SID'];
  if (accountSid !== undefined && !ACCOUNT_SID.test(accountSid)) {
    const source = values['account-sid'] !== undefined ? '--account-sid' : 'EMULATOR_ACCOUNT_SID';
    throw new UsageError(`${source} must be "AC" followed by 32 lowercase hex digits.`);
  }
  const authToken = values['auth-token'] ?? env['EMULATOR_AUTH_TOKEN'];
  if (authToken === '') throw new UsageError(`${values['auth-token'] !== undefined ? '--auth-token' : 'EMULATOR_AUTH_TOKEN'} must not be empty.`);
  const options: EmulatorOptions = { seed, log: (line) => err(line) };
  const port = integer('port', values.port, 65535);
  const latency = integer('latency', values.latency);
  if (port !== undefined) options.port = port;
  if (latency !== undefined) options.latencyMs = latency;
  if (values.host !== undefined) options.host = values.host;
  if (accountSid !== undefined) options.accountSid = accountSid;
  if (authToken !== undefined) options.authToken = authToken;
  if (values.data !== undefined) options.dataFile = values.data;
  const statusStepMs = integer('status-step-ms', values['status-step-ms']);
  const webhookTimeoutMs = integer('webhook-timeout-ms', values['webhook-timeout-ms']);
  if (statusStepMs !== undefined || webhookTimeoutMs !== undefined) {
    options.behaviourOptions = {
      ...(statusStepMs !== undefined ? { statusStepMs } : {}),
      ...(webhookTimeoutMs !== undefined ? { webhookTimeoutMs } : {}),
    };
  }

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    err(`twilio-graphql: cannot start the emulator: ${startFailure(error, options.host ?? '127.0.0.1', options.port ?? 4010)}`);
    return 1;
  }
  err(`Twilio emulator: ${emulator.url}`);
  err(`  Account SID: ${emulator.accountSid}`);
  err(`  Auth Token:  ${emulator.authToken}`);
  err(`  e.g. curl -u ${emulator.accountSid}:${emulator.authToken} ${emulator.url}/api/2010-04-01/Accounts/${emulator.accountSid}.json`);
  err(`  Flex tokens: POST ${emulator.url}/__emulator/flex/tokens  {"identity":"alice","roles":["agent"]}`);
  err(`  Gateway:     twilio-graphql serve --upstream ${emulator.url}  (send the credentials above in Authorization)`);
  await (io.until ?? untilSignal());
  await emulator.close();
  return 0;
}
