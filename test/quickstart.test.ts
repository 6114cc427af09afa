/**
 * The README quick start, as a new user runs it: the built CLI (`npm start` is
 * `node bin/twilio-graphql.js serve`; here on a free port), no Twilio variables, then the README's
 * example query with the Authorization header the CLI printed.
 *
 * Needs the build (`npm install` runs it through `prepare`; `.ci/run` too). The example query is
 * `EXAMPLE_QUERY` in src/gateway/example-query.ts; the README must show the same query.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { EXAMPLE_QUERY_ONE_LINE } from '../src/gateway/example-query.js';

const root = fileURLToPath(new URL('..', import.meta.url));

test('README quick start: npm start on a fresh machine, then the example query', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(`${root}dist/cli/main.js`), 'dist/ is missing: run "npm run build" (npm install does it)');
  const readme = readFileSync(`${root}README.md`, 'utf8');
  assert.ok(readme.includes('npm install && npm start'), 'README quick start command');
  assert.ok(readme.includes(EXAMPLE_QUERY_ONE_LINE), 'README shows the example query the CLI prints');

  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')));
  const child = spawn(process.execPath, ['bin/twilio-graphql.js', 'serve', '--port', '0'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  try {
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => output.includes('Press Ctrl+C to stop.') && (clearInterval(poll), resolve()), 50);
      child.once('exit', (code) => (clearInterval(poll), reject(new Error(`CLI exited with ${code}:\n${output}`))));
    });
    const graphqlUrl = /GraphiQL:\s+(http:\/\/\S+)/.exec(output)?.[1];
    const authorization = /Authorization:\s+(Basic \S+)/.exec(output)?.[1];
    assert.ok(graphqlUrl !== undefined && authorization !== undefined, `banner names GraphiQL and Authorization:\n${output}`);
    assert.ok(output.includes(JSON.stringify({ query: EXAMPLE_QUERY_ONE_LINE })), 'the printed curl command carries the example query');

    // What the printed curl command sends.
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: EXAMPLE_QUERY_ONE_LINE }),
    });
    assert.equal(response.status, 200);
    const result = (await response.json()) as { data?: any; errors?: unknown };
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const workspace = result.data.workspaces.nodes[0];
    assert.equal(workspace.friendlyName, 'Demo Contact Center');
    assert.ok(workspace.workers.nodes.length > 0, 'the demo workspace has workers');

    // GraphiQL opens in a browser with the demo header pre-filled.
    const page = await fetch(graphqlUrl, { headers: { accept: 'text/html' } }).then((r) => r.text());
    assert.ok(page.includes(authorization));
  } finally {
    child.kill('SIGINT');
    await once(child, 'exit');
  }
  assert.match(output, /Stopped\./);
});
