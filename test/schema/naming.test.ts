import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argumentName, camelCase, enumValueName, pluralize, singularize, snakeCase } from '../../src/schema/naming.js';

test('wire names become camelCase fields and arguments', () => {
  assert.equal(camelCase('friendly_name'), 'friendlyName');
  assert.equal(camelCase('SIP_Domains'), 'sipDomains');
  assert.equal(argumentName('DateSent>'), 'dateSentAfter');
  assert.equal(argumentName('DateSent<'), 'dateSentBefore');
  assert.equal(argumentName('Timers.Closed'), 'timersClosed');
  assert.equal(argumentName('X-Twilio-Webhook-Enabled'), 'xTwilioWebhookEnabled');
  assert.equal(snakeCase('WorkspaceSid'), 'workspace_sid');
  assert.equal(snakeCase('ChatServiceSid'), 'chat_service_sid');
});

test('enum values are valid GraphQL names', () => {
  assert.equal(enumValueName('in-progress'), 'IN_PROGRESS');
  assert.equal(enumValueName('no-answer'), 'NO_ANSWER');
  assert.equal(enumValueName('2fa'), '_2FA');
  assert.equal(enumValueName('true'), 'TRUE_VALUE');
  assert.equal(enumValueName(''), 'EMPTY');
});

test('plural and singular forms used for field names', () => {
  assert.equal(pluralize('Activity'), 'activities'.replace(/^a/, 'A'));
  assert.equal(pluralize('Address'), 'Addresses');
  assert.equal(pluralize('WorkerStatistics'), 'WorkerStatistics');
  assert.equal(singularize('Activities'), 'Activity');
  assert.equal(singularize('Addresses'), 'Address');
  assert.equal(singularize('Workers'), 'Worker');
});
