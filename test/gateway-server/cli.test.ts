/** The command line: help, flag errors (spawned), and the flag/environment rules of `serve` (unit). */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { parseServeArgs, type ServeEnv } from '../../src/cli/serve-options.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { ACCOUNT, API_KEY } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs the CLI from source with no Twilio variables in its environment. */
function cli(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')));
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves once `ready()` holds, checked whenever the child writes; rejects if it exits first. */
function waitFor(child: ChildProcess, ready: () => boolean, output: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = () => ready() && (cleanup(), resolve());
    const exited = (code: number | null) => (cleanup(), reject(new Error(`exited with ${code}: ${output()}`)));
    const cleanup = () => {
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

/** A TCP port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('CLI (spawned)', () => {
  test('--help lists the commands', () => {
    const { status, stdout } = cli('--help');
    assert.equal(status, 0);
    for (const word of ['serve', 'emulator', '<command> --help']) assert.ok(stdout.includes(word), word);
  });

  test('serve --help documents every flag and environment variable', () => {
    const { status, stdout } = cli('serve', '--help');
    assert.equal(status, 0);
    const documented = [
      '--port', '--host', '--upstream', '--emulator', '--region', '--edge', '--gateway-token', '--body-limit', '--log-level',
      'PORT', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_REGION', 'TWILIO_EDGE',
      'TWILIO_GRAPHQL_UPSTREAM', 'TWILIO_GRAPHQL_GATEWAY_TOKEN', 'X-Twilio-Account-Sid', 'X-Gateway-Token', 'loopback',
      '--cors-origin', 'TWILIO_GRAPHQL_CORS_ORIGIN',
    ];
    for (const word of documented) assert.ok(stdout.includes(word), `serve --help mentions ${word}`);
  });

  test('serve writes its banner on stderr, so stdout holds only the JSON log lines', { timeout: 60_000 }, async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--log-level', 'info'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => stderr.includes('Press Ctrl+C to stop.') && (clearInterval(poll), resolve()), 50);
        child.once('exit', (code) => (clearInterval(poll), reject(new Error(`serve exited with ${code}: ${stderr}`))));
      });
      const url = /GraphiQL:\s+(http:\/\/\S+)/.exec(stderr)![1]!;
      const authorization = /Authorization:\s+(Basic \S+)/.exec(stderr)![1]!;
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ __typename }' }) });
      while (!stdout.includes('graphql request')) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
    const lines = stdout.split('\n').filter((line) => line !== '');
    assert.ok(lines.length > 0);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON log line: ${line}`);
    assert.match(stderr, /Stopped\./);
  });

  test('in persisted-operations mode the banner offers no GraphiQL and its example sends a hash', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persisted-banner-'));
    const file = join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify({ abc: '{ __typename }' }));
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--persisted-operations', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => stderr.includes('Press Ctrl+C to stop.') && (clearInterval(poll), resolve()), 50);
        child.once('exit', (code) => (clearInterval(poll), reject(new Error(`serve exited with ${code}: ${stderr}`))));
      });
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(stderr, /GraphQL:\s+http:\/\/\S+\s+\(persisted operations only; no GraphiQL\)/);
    assert.doesNotMatch(stderr, /GraphiQL:|pre-filled in GraphiQL|"query"/);
    assert.match(stderr, /"persistedQuery":\{"version":1,"sha256Hash":/);
  });

  test('emulator --help is the emulator\'s own help, and -h is the same', () => {
    const long = cli('emulator', '--help');
    assert.equal(long.status, 0);
    assert.match(long.stdout, /--seed <demo\|none>/);
    assert.deepEqual(cli('emulator', '-h'), long);
    assert.equal(cli('serve', '-h').stdout, cli('serve', '--help').stdout);
  });

  test('--version and -v print the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) assert.deepEqual(cli(flag), { status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('the emulator prints its banner on stderr too, with the serve command that uses it', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'emulator', '--port', '0', '--seed', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await waitFor(child, () => stderr.includes('Gateway:'), () => stderr);
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
    const url = /^Twilio emulator: (http:\S+)$/m.exec(stderr)?.[1];
    assert.ok(url, stderr);
    assert.match(stderr, new RegExp(`Gateway: +twilio-graphql serve --upstream ${url.replace(/[.]/g, '\\.')} `));
    assert.equal(stdout, '');
  });

  test('serve --emulator-port pins the embedded emulator, whose URL the banner prints with the Flex token endpoint', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--emulator-port', String(port)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await waitFor(child, () => stderr.includes('Press Ctrl+C to stop.'), () => stderr);
      const emulator = `http://127.0.0.1:${port}`;
      assert.match(stderr, new RegExp(`Emulator: +${emulator} `));
      assert.match(stderr, new RegExp(`Flex tokens: +POST ${emulator}/__emulator/flex/tokens `));
      // What a Flex developer does with it: mint a token there and call the gateway with it.
      const minted = (await (await fetch(`${emulator}/__emulator/flex/tokens`, { method: 'POST', body: JSON.stringify({ identity: 'dev', roles: ['agent'] }) })).json()) as { token: string };
      const graphqlUrl = /GraphiQL:\s+(http:\/\/\S+)/.exec(stderr)![1]!;
      const answer = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.token}` },
        body: JSON.stringify({ query: '{ workspaces(first: 1) { nodes { friendlyName } } }' }),
      });
      assert.deepEqual(await answer.json(), { data: { workspaces: { nodes: [{ friendlyName: 'Demo Contact Center' }] } } });
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
  });

  test('an unknown flag is a usage error naming it (exit 2)', () => {
    const { status, stderr } = cli('serve', '--bogus');
    assert.equal(status, 2);
    assert.match(stderr, /Unknown option --bogus for "serve"/);
    assert.match(stderr, /twilio-graphql serve --help/);
  });

  test('an unknown flag without a command is refused by the default command', () => {
    const { status, stderr } = cli('--prot', '4000');
    assert.equal(status, 2);
    assert.match(stderr, /Unknown option --prot/);
  });

  test('an unknown emulator flag is a usage error too', () => {
    const { status, stderr } = cli('emulator', '--bogus');
    assert.equal(status, 2);
    assert.match(stderr, /Unknown option --bogus for "emulator"/);
  });

  test('an unknown command is a usage error listing the commands, pointing at the main help', () => {
    const { status, stderr } = cli('bogus');
    assert.equal(status, 2);
    assert.equal(stderr, 'twilio-graphql: Unknown command "bogus". Commands: serve, emulator, help.\nRun "twilio-graphql --help" for usage.\n');
  });
});

describe('serve: flags and environment', () => {
  const parse = (argv: string[], env: ServeEnv = {}) => {
    const command = parseServeArgs(argv, env);
    assert.ok(!command.help);
    return command;
  };

  test('--emulator-port pins the embedded emulator, and is refused where none starts', () => {
    assert.deepEqual(parse(['--emulator-port', '4010']).config.upstream, { kind: 'embedded-emulator', port: 4010 });
    assert.deepEqual(parse(['--emulator', '--emulator-port', '0'], { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 't' }).config.upstream, { kind: 'embedded-emulator', port: 0 });
    assert.throws(() => parseServeArgs(['--emulator-port', '4010', '--upstream', 'http://127.0.0.1:4010'], {}), (e: unknown) => e instanceof UsageError && /--emulator-port is for the embedded emulator/.test(e.message));
    assert.throws(() => parseServeArgs(['--emulator-port', '70000'], {}), /--emulator-port must be an integer from 0 to 65535/);
  });

  test('a fresh machine (no credentials, no upstream) gets the embedded emulator on 127.0.0.1:4000', () => {
    const { config } = parse([]);
    assert.deepEqual(config.upstream, { kind: 'embedded-emulator' });
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 4000);
    assert.equal(config.serverCredentials, undefined);
  });

  test('PORT is read, --port wins', () => {
    assert.equal(parse([], { PORT: '5000' }).config.port, 5000);
    assert.equal(parse(['--port', '0'], { PORT: '5000' }).config.port, 0);
  });

  test('Account SID + Auth Token: Twilio with server credentials, region and edge', () => {
    const { config, notes } = parse(['--region', 'ie1'], { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 'tok', TWILIO_EDGE: 'dublin' });
    assert.deepEqual(config.upstream, { kind: 'twilio', region: 'ie1', edge: 'dublin' });
    assert.deepEqual(config.serverCredentials, {
      credential: { kind: 'basic', username: ACCOUNT, password: 'tok', accountSid: ACCOUNT },
      accountSid: ACCOUNT,
    });
    assert.ok(!notes.join('\n').includes('tok'), 'notes carry no secret');
  });

  test('an API key (with the account) is preferred over the Auth Token', () => {
    const { config } = parse([], { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 't', TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: 's' });
    assert.equal(config.serverCredentials?.credential.username, API_KEY);
    assert.equal(config.serverCredentials?.accountSid, ACCOUNT);
  });

  test('only TWILIO_ACCOUNT_SID: Twilio, no server credentials, default account for API keys', () => {
    const { config } = parse([], { TWILIO_ACCOUNT_SID: ACCOUNT });
    assert.equal(config.upstream.kind, 'twilio');
    assert.equal(config.serverCredentials, undefined);
    assert.equal(config.defaultAccountSid, ACCOUNT);
  });

  test('--upstream / TWILIO_GRAPHQL_UPSTREAM', () => {
    assert.deepEqual(parse(['--upstream', 'http://127.0.0.1:4010/'], {}).config.upstream, { kind: 'url', baseUrl: 'http://127.0.0.1:4010' });
    assert.deepEqual(parse([], { TWILIO_GRAPHQL_UPSTREAM: 'http://localhost:9' }).config.upstream, { kind: 'url', baseUrl: 'http://localhost:9' });
  });

  test('--emulator forces the embedded emulator and drops configured credentials', () => {
    const { config } = parse(['--emulator'], { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 'tok' });
    assert.deepEqual(config.upstream, { kind: 'embedded-emulator' });
    assert.equal(config.serverCredentials, undefined);
  });

  test('gateway token from flag or environment', () => {
    assert.equal(parse(['--gateway-token', 'a'], { TWILIO_GRAPHQL_GATEWAY_TOKEN: 'b' }).config.gatewayToken, 'a');
    assert.equal(parse([], { TWILIO_GRAPHQL_GATEWAY_TOKEN: 'b' }).config.gatewayToken, 'b');
  });

  test('CORS origins from flag or environment; off by default', () => {
    assert.equal(parse([], {}).config.corsOrigins, undefined);
    assert.deepEqual(parse(['--cors-origin', 'https://flex.twilio.com, http://localhost:3000'], {}).config.corsOrigins, ['https://flex.twilio.com', 'http://localhost:3000']);
    assert.deepEqual(parse([], { TWILIO_GRAPHQL_CORS_ORIGIN: 'https://flex.twilio.com' }).config.corsOrigins, ['https://flex.twilio.com']);
  });

  test('--help', () => assert.deepEqual(parseServeArgs(['-h'], {}), { help: true }));

  const refused: [string, string[], ServeEnv, RegExp][] = [
    ['unknown flag', ['--nope'], {}, /Unknown option --nope/],
    ['positional', ['extra'], {}, /no positional arguments/],
    ['missing value', ['--port'], {}, /argument missing/],
    ['bad port', ['--port', '70000'], {}, /--port \/ PORT must be an integer from 0 to 65535/],
    ['bad PORT', [], { PORT: 'http' }, /PORT must be an integer/],
    ['bad upstream', ['--upstream', 'not a url'], {}, /absolute http\(s\) URL/],
    ['ftp upstream', ['--upstream', 'ftp://x'], {}, /http or https/],
    ['--emulator with --upstream', ['--emulator', '--upstream', 'http://x'], {}, /cannot be combined/],
    ['bad region', ['--region', 'IE1'], {}, /--region \/ TWILIO_REGION/],
    ['bad log level', ['--log-level', 'loud'], {}, /--log-level must be one of/],
    ['bad body limit', ['--body-limit', '0'], {}, /--body-limit/],
    ['a CORS origin with a path', ['--cors-origin', 'https://flex.twilio.com/'], {}, /--cors-origin .*"https:\/\/flex.twilio.com\/" is not an origin/],
    ['a CORS wildcard', [], { TWILIO_GRAPHQL_CORS_ORIGIN: '*' }, /"\*" is not an origin/],
    ['token without account', [], { TWILIO_AUTH_TOKEN: 'secret-value' }, /TWILIO_AUTH_TOKEN needs TWILIO_ACCOUNT_SID/],
    ['key without secret', [], { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: API_KEY }, /together/],
    ['key without account', [], { TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: 's' }, /needs TWILIO_ACCOUNT_SID/],
    ['bad account sid', [], { TWILIO_ACCOUNT_SID: 'secret-value' }, /TWILIO_ACCOUNT_SID must be an Account SID/],
    ['bad api key', [], { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: 'secret-value', TWILIO_API_SECRET: 's' }, /TWILIO_API_KEY must be/],
  ];
  for (const [name, argv, env, pattern] of refused) {
    test(`refused: ${name}`, () => {
      assert.throws(() => parseServeArgs(argv, env), (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, pattern);
        assert.ok(!error.message.includes('secret-value'), 'no environment value is echoed');
        return true;
      });
    });
  }
});
