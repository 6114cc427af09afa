/**
 * Request parameters: strict form decoding and validation against an operation's parameters.
 */
import type { Operation, Param, ValueType } from '../spec/model.js';
import { invalidParam } from './errors.js';

/** Parameters by wire name; repeated keys become arrays. */
export type Params = Record<string, string | string[]>;

/** Adds a value under a key, turning a repeated key into an array. */
export function addParam(params: Params, key: string, value: string): void {
  const existing = params[key];
  if (existing === undefined) params[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else params[key] = [existing, value];
}

/**
 * Decodes `application/x-www-form-urlencoded` text (also used for query strings). Unlike
 * URLSearchParams it rejects malformed percent-escapes, as Twilio rejects such bodies.
 */
export function decodeForm(text: string, what = 'request body'): Params {
  const params: Params = {};
  if (text.length === 0) return params;
  for (const pair of text.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw invalidParam(`Malformed ${what}: invalid percent-encoding in '${pair.slice(0, 40)}'`);
    }
    if (key.length === 0) throw invalidParam(`Malformed ${what}: empty parameter name`);
    addParam(params, key, value);
  }
  return params;
}

/** Converts a JSON object body into parameters (scalars as strings, objects kept as JSON text). */
export function paramsFromJson(body: unknown): Params {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidParam('Malformed request body: expected a JSON object');
  }
  const params: Params = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) params[key] = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    else params[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return params;
}

const PAGING = new Set(['PageSize', 'Page', 'PageToken']);

/** True for the paging parameters every list takes. */
export function isPagingParam(name: string): boolean {
  return PAGING.has(name);
}

function values(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

function checkValue(param: Param, type: ValueType, value: string): void {
  const name = param.name;
  switch (type.kind) {
    case 'enum':
      if (!type.values.includes(value)) {
        throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be one of ${type.values.join(', ')}`);
      }
      return;
    case 'integer':
      if (!/^-?\d+$/.test(value)) throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be an integer`);
      break;
    case 'number':
      if (value.trim() === '' || Number.isNaN(Number(value))) {
        throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be a number`);
      }
      break;
    case 'boolean':
      if (!/^(true|false)$/i.test(value)) throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be true or false`);
      return;
    case 'array':
      checkValue(param, type.items, value);
      return;
    case 'string':
      if (type.pattern && !new RegExp(type.pattern).test(value)) {
        throw invalidParam(
          type.sidPrefixes
            ? `Invalid ${name}: '${value}' is not a valid ${type.sidPrefixes.join('/')} SID`
            : `Invalid value '${value}' for parameter ${name}`,
        );
      }
      return;
    case 'object':
      // Form bodies carry JSON values as text (twilio-node serializes them with JSON.stringify);
      // an object where the spec says object, anything JSON where it gives no type.
      if (value !== '') checkJson(name, value, type.untyped !== true);
      return;
  }
  // Numeric bounds; PageSize above its maximum is clamped by paging instead.
  const n = Number(value);
  if (param.minimum !== undefined && n < param.minimum) {
    throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be at least ${param.minimum}`);
  }
  if (param.maximum !== undefined && n > param.maximum && name !== 'PageSize') {
    throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be at most ${param.maximum}`);
  }
}

/**
 * Whether a plain-string body parameter holds JSON, as the specs describe them: `Attributes`
 * everywhere (Conversations takes any JSON value), and in TaskRouter also a Workflow's
 * `Configuration`; TaskRouter requires JSON objects. Undefined for other parameters.
 */
export function jsonString(op: Operation, param: Param): 'object' | 'value' | undefined {
  if (param.in !== 'body' || param.type.kind !== 'string') return undefined;
  const taskrouter = op.spec === 'taskrouter_v1';
  if (param.name === 'Attributes') return taskrouter ? 'object' : 'value';
  if (taskrouter && param.name === 'Configuration') return 'object';
  return undefined;
}

/** Throws a 400 naming the parameter unless `value` is JSON (a JSON object when `object`). */
function checkJson(name: string, value: string, object: boolean): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParam(`Invalid value for parameter ${name}: must be valid JSON${object ? ' (an object)' : ''}`);
  }
  if (object && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
    throw invalidParam(`Invalid value for parameter ${name}: must be a JSON object`);
  }
}

/**
 * Boolean parameters whose spec takes any value: `true`, `1` or `yes` mean true, anything else
 * false (an Activity's `Available`), rather than refusing what is neither `true` nor `false`.
 */
const ANY_VALUE_BOOLEANS: Readonly<Record<string, readonly string[]>> = {
  'taskrouter_v1:CreateActivity': ['Available'],
};

/** True when a parameter was sent with a value (an empty string is not one). */
function given(raw: string | string[] | undefined): boolean {
  if (raw === undefined) return false;
  return Array.isArray(raw) ? raw.some((v) => v !== '') : raw !== '';
}

/** `'A'`, `'A' or 'B'`, `'A', 'B' or 'C'`. */
function alternatives(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * Enforces the operation's one-of rules (`x-twilio.conditional`): from each group at least one
 * parameter must be given, e.g. a Message needs `From` or `MessagingServiceSid`.
 */
function checkOneOf(op: Operation, query: Params, body: Params): void {
  for (const group of op.oneOf ?? []) {
    const present = group.some((name) => {
      const where = op.params.find((p) => p.name === name)?.in;
      return given(where === 'query' ? query[name] : body[name]);
    });
    if (!present) throw invalidParam(`A ${alternatives(group)} parameter is required`);
  }
}

/**
 * Validates path, query and body parameters of a request against the operation: required
 * parameters present, one-of groups satisfied, enum values allowed, SIDs matching their pattern,
 * numbers and booleans well-formed, JSON-valued parameters valid JSON (a JSON object where the
 * spec or the `Attributes` rule says object). Throws a 400 naming the parameter. Unknown
 * parameters are ignored, as Twilio does.
 */
export function validateParams(op: Operation, path: Params, query: Params, body: Params): void {
  for (const param of op.params) {
    const source = param.in === 'path' ? path : param.in === 'query' ? query : param.in === 'body' ? body : undefined;
    if (!source) continue;
    const raw = source[param.name];
    if (raw === undefined || (typeof raw === 'string' && raw === '' && param.in === 'path')) {
      if (param.required) {
        const where = param.in === 'body' ? 'in the post body' : param.in === 'query' ? 'in the query string' : 'in the path';
        throw invalidParam(`Missing required parameter ${param.name} ${where}`);
      }
      continue;
    }
    if (ANY_VALUE_BOOLEANS[op.key]?.includes(param.name)) continue;
    for (const v of values(raw)) checkValue(param, param.type, v);
    const json = jsonString(op, param);
    if (json) for (const v of values(raw)) if (v !== '') checkJson(param.name, v, json === 'object');
  }
  checkOneOf(op, query, body);
}
