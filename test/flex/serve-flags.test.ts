/** `serve --metrics` and `serve --agent-mutations` reach the gateway configuration. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServeArgs, SERVE_HELP } from '../../src/cli/serve-options.js';
import type { GatewayConfig } from '../../src/gateway/start.js';

function configOf(argv: string[]): GatewayConfig {
  const command = parseServeArgs(argv, {});
  assert.equal(command.help, false);
  return (command as { config: GatewayConfig }).config;
}

test('metrics are off by default and on with --metrics', () => {
  assert.equal(configOf([]).metrics, undefined);
  assert.equal(configOf(['--metrics']).metrics, true);
});

test('--agent-mutations takes a comma-separated list; an empty value allows none; absent keeps the default', () => {
  assert.deepEqual(configOf(['--agent-mutations', 'updateTask, updateWorker,']).agentMutations, ['updateTask', 'updateWorker']);
  assert.deepEqual(configOf(['--agent-mutations=']).agentMutations, []);
  assert.equal(configOf([]).agentMutations, undefined);
});

test('the help lists both flags, the default allow-list and the Bearer scheme', () => {
  for (const text of ['--metrics', '--agent-mutations', 'updateWorkerReservation', 'Authorization: Bearer <Flex token>']) {
    assert.ok(SERVE_HELP.includes(text), text);
  }
});
