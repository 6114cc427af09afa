/** `behaviours` / `behaviourOptions` of startEmulator and what `RunningEmulator.behaviours` exposes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installBehaviours } from '../../src/emulator/behaviours/index.js';
import { startEmulator, type BehaviourOptions } from '../../src/emulator/index.js';

test('a behaviours plugin gets behaviourOptions (log defaulting to the emulator log) and its result is exposed', async () => {
  const lines: string[] = [];
  let received: BehaviourOptions | undefined;
  const emu = await startEmulator({
    port: 0,
    log: (line) => lines.push(line),
    behaviourOptions: { statusStepMs: 0, webhookTimeoutMs: 1234 },
    behaviours: (engine, options) => {
      received = options;
      return installBehaviours(engine, options);
    },
  });
  try {
    assert.equal(received?.statusStepMs, 0);
    assert.equal(received?.webhookTimeoutMs, 1234);
    received?.log?.('from a behaviour');
    assert.ok(lines.includes('from a behaviour'));
    assert.ok(emu.behaviours, 'the installed behaviours are exposed');
    assert.deepEqual(emu.behaviours.verify.codes(), []);
  } finally {
    await emu.close();
  }
});

test('default behaviours are exposed; none without behaviours or when a plugin returns nothing', async () => {
  const plain = await startEmulator({ port: 0 });
  const off = await startEmulator({ port: 0, behaviours: false });
  const custom = await startEmulator({ port: 0, behaviours: () => undefined });
  try {
    assert.equal(typeof plain.behaviours?.verify.codes, 'function');
    assert.equal(off.behaviours, undefined);
    assert.equal(custom.behaviours, undefined);
  } finally {
    await Promise.all([plain.close(), off.close(), custom.close()]);
  }
});
