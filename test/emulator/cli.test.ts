/**
 * The standalone CLI: help, argument errors, start with flags, and the demo seed hook.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../../src/cli/usage-error.js';
import { runEmulatorCli } from '../../src/emulator/cli.js';

test('--help prints usage and exits 0', async () => {
  const lines: string[] = [];
  assert.equal(await runEmulatorCli(['--help'], { out: (l) => lines.push(l) }), 0);
  assert.match(lines.join('\n'), /--port <n>/);
  assert.match(lines.join('\n'), /--seed <demo\|none>/);
  assert.match(lines.join('\n'), /--status-step-ms <ms>/);
  assert.match(lines.join('\n'), /--webhook-timeout-ms <ms>/);
  assert.match(lines.join('\n'), /-h, --help/);
});

test('invalid arguments are usage errors naming the flag', async () => {
  const usage = (pattern: RegExp) => (error: unknown) => error instanceof UsageError && pattern.test(error.message);
  await assert.rejects(runEmulatorCli(['--seed', 'lots']), usage(/--seed must be demo or none/));
  await assert.rejects(runEmulatorCli(['--port', 'abc']), usage(/--port must be an integer from 0 to 65535/));
  await assert.rejects(runEmulatorCli(['--port', '70000']), usage(/--port must be an integer from 0 to 65535/));
  await assert.rejects(runEmulatorCli(['--account-sid', 'ACnot-a-sid']), usage(/--account-sid must be "AC" followed by 32/));
  await assert.rejects(runEmulatorCli(['--status-step-ms=-1']), usage(/--status-step-ms must be an integer/));
  await assert.rejects(runEmulatorCli(['--webhook-timeout-ms', 'soon']), usage(/--webhook-timeout-ms must be an integer/));
  await assert.rejects(runEmulatorCli(['--bogus']), /Unknown option/);
});

test('a bad EMULATOR_ACCOUNT_SID or empty token is a usage error naming the variable', async () => {
  const usage = (pattern: RegExp) => (error: unknown) => error instanceof UsageError && pattern.test(error.message);
  await assert.rejects(runEmulatorCli(['--seed', 'none'], { env: { EMULATOR_ACCOUNT_SID: 'ACnope' } }), usage(/^EMULATOR_ACCOUNT_SID must be "AC" followed by 32/));
  await assert.rejects(runEmulatorCli(['--seed', 'none'], { env: { EMULATOR_AUTH_TOKEN: '' } }), usage(/^EMULATOR_AUTH_TOKEN must not be empty/));
});

test('a port in use is one clear line and exit status 1', async () => {
  const blocker = createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
  try {
    const errors: string[] = [];
    const code = await runEmulatorCli(['--port', String(port), '--seed', 'none'], { out: () => undefined, err: (l) => errors.push(l), env: {} });
    assert.equal(code, 1);
    assert.deepEqual(errors, [`twilio-graphql: cannot start the emulator: port ${port} on 127.0.0.1 is already in use; pass --port <n> (0 picks a free port).`]);
  } finally {
    blocker.close();
  }
});

test('the command line reports both without a stack trace', async () => {
  const run = (args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'emulator', ...args], { env: { ...process.env, ...env } }, (error, _stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      );
    });
  const bad = await run(['--seed', 'none', '--port', '0'], { EMULATOR_ACCOUNT_SID: 'ACnope' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^twilio-graphql: EMULATOR_ACCOUNT_SID must be "AC" followed by 32 lowercase hex digits\.\n/);
  assert.doesNotMatch(bad.stderr, /\bat \S+:\d+/);

  const blocker = createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
  try {
    const busy = await run(['--seed', 'none', '--port', String(port)], {});
    assert.equal(busy.code, 1);
    assert.equal(busy.stderr, `twilio-graphql: cannot start the emulator: port ${port} on 127.0.0.1 is already in use; pass --port <n> (0 picks a free port).\n`);
  } finally {
    blocker.close();
  }
});

test('a --data file that is not one the emulator wrote is one line naming it, exit status 1, and is left as it was', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-data-'));
  try {
    for (const [name, content] of [['empty.json', ''], ['garbage.json', '{"records": [1'], ['other.json', '{"hello": "world"}']] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const errors: string[] = [];
      const code = await runEmulatorCli(['--port', '0', '--seed', 'none', '--data', file], { out: () => undefined, err: (l) => errors.push(l), env: {} });
      assert.equal(code, 1, name);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, new RegExp(`^twilio-graphql: cannot start the emulator: ${file.replace(/[.\\/]/g, '\\$&')} is not a valid emulator data file`));
      assert.equal(readFileSync(file, 'utf8'), content, 'left untouched');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Starts the CLI, waits for its URL line, runs `body`, then stops it. */
async function withCli(args: string[], body: (url: string, lines: string[]) => Promise<void>): Promise<void> {
  const lines: string[] = [];
  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  let announce!: (url: string) => void;
  const started = new Promise<string>((r) => (announce = r));
  const running = runEmulatorCli(args, {
    err: (l) => {
      lines.push(l);
      const m = /^Twilio emulator: (http:\S+)$/.exec(l);
      if (m) announce(m[1]!);
    },
    until,
  });
  const url = await Promise.race([started, running.then(() => Promise.reject(new Error('CLI exited early')))]);
  try {
    await body(url, lines);
  } finally {
    stop();
    assert.equal(await running, 0);
  }
}

test('starts with the given credentials and prints them', async () => {
  const sid = `AC${'ab'.repeat(16)}`;
  await withCli(['--port', '0', '--seed', 'none', '--account-sid', sid, '--auth-token', 'tok', '--latency', '0'], async (url, lines) => {
    assert.ok(lines.some((l) => l.includes(sid)));
    assert.ok(lines.some((l) => l.includes('tok')));
    assert.ok(lines.includes(`  Gateway:     twilio-graphql serve --upstream ${url}  (send the credentials above in Authorization)`), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`  Flex tokens: POST ${url}/__emulator/flex/tokens`)));
    const auth = 'Basic ' + Buffer.from(`${sid}:tok`).toString('base64');
    const res = await fetch(`${url}/api/2010-04-01/Accounts/${sid}.json`, { headers: { authorization: auth } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { sid: string }).sid, sid);
  });
});

test('--seed demo runs the demo seed', async () => {
  await withCli(['--port', '0', '--seed', 'demo'], async (url, lines) => {
    const sid = /Account SID: (AC\w+)/.exec(lines.join('\n'))?.[1];
    const token = /Auth Token: +(\S+)/.exec(lines.join('\n'))?.[1];
    assert.ok(sid && token);
    const res = await fetch(`${url}/taskrouter/v1/Workspaces`, { headers: { authorization: 'Basic ' + Buffer.from(`${sid}:${token}`).toString('base64') } });
    assert.equal(res.status, 200);
    assert.ok(((await res.json()) as { workspaces: unknown[] }).workspaces.length >= 1);
  });
});

test('--status-step-ms sets the pace of message lifecycles', async () => {
  const sid = `AC${'cd'.repeat(16)}`;
  await withCli(['--port', '0', '--seed', 'none', '--account-sid', sid, '--auth-token', 'tok', '--status-step-ms', '0'], async (url) => {
    const auth = 'Basic ' + Buffer.from(`${sid}:tok`).toString('base64');
    const api = `${url}/api/2010-04-01/Accounts/${sid}/Messages`;
    const created = await fetch(`${api}.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: '+15551230000', From: '+15005550006', Body: 'hi' }).toString(),
    });
    assert.equal(created.status, 201);
    const message = (await created.json()) as { sid: string; status: string };
    assert.equal(message.status, 'queued');
    // With no delay between steps the message is delivered within a few turns of the event loop.
    let status = message.status;
    for (let i = 0; i < 40 && status !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      status = ((await (await fetch(`${api}/${message.sid}.json`, { headers: { authorization: auth } })).json()) as { status: string }).status;
    }
    assert.equal(status, 'delivered');
  });
});
