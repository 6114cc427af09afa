/** Graceful shutdown: in-flight requests finish, new ones are refused, signals trigger it. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ACCOUNT, basic, post, slowResolvers, startServer } from './helpers.js';

const AUTH = { authorization: basic(ACCOUNT, 'token') };

test('close() lets an in-flight request finish, then refuses connections', async () => {
  const { url, close } = await startServer();
  // Close only once the request is being resolved: a fixed pause loses that race on a busy machine.
  const started = once(slowResolvers, 'start');
  const inFlight = post(url, { query: '{ slow(ms: 300) }' }, AUTH);
  await started;
  const closing = close();
  const result = await inFlight;
  assert.equal(result.status, 200);
  assert.deepEqual(result.json, { data: { slow: 300 } });
  await closing;
  await assert.rejects(fetch(`${url}/healthz`));
});

test('SIGTERM in a running process: the in-flight request completes and the process exits 0', async () => {
  const fixture = fileURLToPath(new URL('./fixtures/stand-in-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const line = /^(http:\/\/\S+)\n/.exec(output);
      if (line?.[1] !== undefined) resolve(line[1]);
    });
    child.once('exit', (code) => reject(new Error(`fixture exited early with ${code}: ${output}`)));
  });
  const inFlight = post(url, { query: '{ slow(ms: 400) }' }, AUTH);
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGTERM');
  const result = await inFlight;
  assert.deepEqual(result.json, { data: { slow: 400 } });
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.match(output, /closed after SIGTERM/);
});
