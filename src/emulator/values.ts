/**
 * Request parameters -> record fields: name mapping, type coercion and defaults for new records.
 */
import type { Field, Param, ValueType } from '../spec/model.js';
import type { Collection } from './catalog.js';
import { isTimestampFormat, isoDate, parseDate } from './dates.js';
import { invalidParam } from './errors.js';
import { snakeCase } from './names.js';
import type { Params } from './params.js';
import type { RecordData } from './store.js';

/** Fields rendered per request from the record's address, never taken from parameters. */
export const ADDRESS_FIELDS = new Set(['url', 'links', 'uri', 'subresource_uris']);

/** A boolean parameter's value as Twilio reads it: `true`, `1` or `yes` (any case) is true, anything else false. */
export function isTruthy(value: string): boolean {
  return /^(true|1|yes)$/i.test(value);
}

/** Converts a wire value to a field's type; undefined when it cannot be represented. */
export function coerce(type: ValueType, raw: string | string[]): unknown {
  const first = Array.isArray(raw) ? raw[0] : raw;
  switch (type.kind) {
    case 'array': {
      const list = Array.isArray(raw) ? raw : [raw];
      return list.map((v) => coerce(type.items, v));
    }
    case 'integer': {
      const n = Number.parseInt(first ?? '', 10);
      return Number.isNaN(n) ? undefined : n;
    }
    case 'number': {
      const n = Number(first);
      return first === undefined || Number.isNaN(n) ? undefined : n;
    }
    case 'boolean':
      return first === undefined ? undefined : isTruthy(first);
    case 'object':
      if (first === undefined) return undefined;
      try {
        return JSON.parse(first) as unknown;
      } catch {
        return undefined;
      }
    case 'string':
      if (first !== undefined && isTimestampFormat(type.format)) {
        const d = parseDate(first);
        return d ? isoDate(d) : first;
      }
      return first;
    case 'enum':
      return first;
  }
}

/** The field a wire parameter writes, if the collection has one: `FriendlyName` -> `friendly_name`. */
export function fieldForParam(collection: Collection, name: string): Field | undefined {
  const field = collection.fields.get(snakeCase(name)) ?? collection.fields.get(name);
  return field && !ADDRESS_FIELDS.has(field.name) ? field : undefined;
}

/**
 * Rejects a value the response field could not hold even though the parameter is typed as a
 * plain string: outside the field's enum (`Channel=fax`), or not a URL for a `uri` field.
 */
function checkFieldValue(name: string, field: Field, raw: string | string[]): void {
  const type = field.type.kind === 'array' ? field.type.items : field.type;
  for (const value of Array.isArray(raw) ? raw : [raw]) {
    if (type.kind === 'enum' && !type.values.includes(value)) {
      throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be one of ${type.values.join(', ')}`);
    }
    if (type.kind === 'string' && type.format === 'uri' && value !== '' && !/^https?:\/\/\S+$/i.test(value)) {
      throw invalidParam(`Invalid value '${value}' for parameter ${name}: must be an http(s) URL`);
    }
  }
}

/**
 * Where a dotted parameter lands: `MessagingBinding.ProxyAddress` -> field `messaging_binding`,
 * key path `['proxy_address']`; `Bindings.Email.Address` -> `bindings`, `['email', 'address']`.
 * Only when the collection's field named by the first part holds an object.
 */
function nestedTarget(collection: Collection, name: string): { field: Field; path: string[] } | undefined {
  const parts = name.split('.');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  const field = fieldForParam(collection, parts[0]!);
  if (!field || field.type.kind !== 'object') return undefined;
  return { field, path: parts.slice(1).map(snakeCase) };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A copy of `target` with `value` set at `path`, creating (or replacing non-object) levels on the way. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  const next = rest.length === 0 ? value : setPath(isPlainObject(target[head]) ? target[head] : {}, rest, value);
  return { ...target, [head]: next };
}

/** What {@link fieldsFromParams} needs beyond the parameters. */
export interface FieldSource {
  /** The operation's parameters by wire name: types for dotted values (`Push.IncludeDate` is a boolean). */
  types?: ReadonlyMap<string, Param>;
  /** The record's current fields (updates): dotted parameters change only their key of an object field. */
  current?: RecordData;
}

/**
 * Field values a request's parameters set; throws a 400 for values the field cannot hold.
 * Dotted parameters (`Timers.Inactive`, `Configuration.Url`) set keys (snake_case) inside the
 * object field their first part names, merged into what the record or a plain parameter holds.
 */
export function fieldsFromParams(collection: Collection, params: Params, source: FieldSource = {}): RecordData {
  const out: RecordData = {};
  const dotted: Array<[string, string | string[]]> = [];
  for (const [name, raw] of Object.entries(params)) {
    const field = fieldForParam(collection, name);
    if (!field) {
      if (name.includes('.')) dotted.push([name, raw]);
      continue;
    }
    // A JSON-valued parameter carries the field's whole value as JSON text (a `Rules` array
    // too), unless the field keeps that text as a string.
    const paramType = source.types?.get(name)?.type;
    const jsonType = paramType?.kind === 'object' && field.type.kind !== 'string' ? paramType : undefined;
    if (!jsonType) checkFieldValue(name, field, raw);
    const value = coerce(jsonType ?? field.type, raw);
    if (value !== undefined) out[field.name] = value;
  }
  for (const [name, raw] of dotted) {
    const target = nestedTarget(collection, name);
    if (!target) continue;
    const type = source.types?.get(name)?.type;
    const value = type ? coerce(type, raw) : raw;
    if (value === undefined) continue;
    const base = out[target.field.name] ?? source.current?.[target.field.name];
    out[target.field.name] = setPath(isPlainObject(base) ? base : {}, target.path, value);
  }
  return out;
}

/**
 * Default for a field a new record is not given: the spec's `default` where it has one. The
 * specs do not allow null for enums given by reference or for most integers, so those get a
 * value: `POST` for callback methods, else the first enum value — the specs list a resource's
 * starting state first (queued, pending, in-progress); the states they default otherwise in prose
 * are in {@link STATED_DEFAULTS} —, 0, [] and {}. Everything else is null.
 */
function defaultFor(field: Field): unknown {
  if (field.default !== undefined) return field.default;
  const type = field.type;
  if (type.kind === 'enum') {
    if (field.name.endsWith('_method') && type.values.includes('POST')) return 'POST';
    return type.values[0] ?? null;
  }
  if (type.kind === 'integer') return 0;
  // An empty list is valid whether or not a spec allows null; some inline schemas do not.
  if (type.kind === 'array') return [];
  if (type.kind === 'object') return {};
  if (!field.nullable) {
    switch (type.kind) {
      case 'string':
        return '';
      case 'number':
        return 0;
      case 'boolean':
        return false;
    }
  }
  return null;
}

const C = 'conversations_v1:conversations.v1';

/**
 * Defaults the specs state only in their descriptions, by resource schema: what a new record
 * holds when the request does not give the field (where the first enum value would be wrong).
 */
const STATED_DEFAULTS: Readonly<Record<string, RecordData>> = {
  // A conversation starts active (the spec says so in prose), in both flavours, however created.
  [`${C}.conversation`]: { state: 'active' },
  [`${C}.conversation_with_participants`]: { state: 'active' },
  [`${C}.service.service_conversation`]: { state: 'active' },
  [`${C}.service.service_conversation_with_participants`]: { state: 'active' },
  'verify_v2:verify.v2.service.webhook': { version: 'v2' },
  // A number (whichever list it was bought through) has no emergency address until one is
  // given: emergency calling is off and nothing is registered.
  'api_v2010:api.v2010.account.incoming_phone_number': { emergency_status: 'Inactive', emergency_address_status: 'unregistered' },
  'taskrouter_v1:taskrouter.v1.workspace': { multi_task_enabled: true },
  // Only `true`, `1` or `yes` make an activity available: without a value it is not.
  'taskrouter_v1:taskrouter.v1.workspace.activity': { available: false },
  'taskrouter_v1:taskrouter.v1.workspace.worker': { attributes: '{}' },
  'taskrouter_v1:taskrouter.v1.workspace.task': { timeout: 86400 },
  'taskrouter_v1:taskrouter.v1.workspace.task_queue': { target_workers: '1==1', max_reserved_workers: 1 },
  'taskrouter_v1:taskrouter.v1.workspace.workflow': { task_reservation_timeout: 120 },
};

/** Where a new record sits and who owns it. */
export interface RecordAddress {
  accountSid: string;
  /** Parent placeholder name -> value, from the list path. */
  parents: Record<string, string>;
  idField: string;
  id: string;
}

/**
 * The fields of a new record: every field of the collection, taken from the parameters (typed by
 * `types`, the operation's parameters, where given), the address (account, parent SIDs, own id),
 * timestamps, a default the spec states, or the type's default.
 */
export function newRecordData(
  collection: Collection,
  address: RecordAddress,
  params: Params,
  now: Date,
  types?: ReadonlyMap<string, Param>,
): RecordData {
  const data: RecordData = {};
  const given = fieldsFromParams(collection, params, types ? { types } : {});
  const stated = STATED_DEFAULTS[collection.schemaKey] ?? {};
  const stamp = isoDate(now);
  for (const field of collection.fields.values()) {
    if (ADDRESS_FIELDS.has(field.name)) continue;
    data[field.name] = field.name in given ? given[field.name] : field.name in stated ? stated[field.name] : defaultFor(field);
  }
  for (const [name, value] of Object.entries(address.parents)) {
    const field = name === 'Sid' ? undefined : snakeCase(name);
    if (field && collection.fields.has(field)) data[field] = value;
  }
  if (collection.fields.has('account_sid')) data['account_sid'] = address.accountSid;
  if (address.id !== '' && collection.fields.has(address.idField)) data[address.idField] = address.id;
  for (const name of ['date_created', 'date_updated']) if (collection.fields.has(name)) data[name] = stamp;
  if (collection.fields.has('api_version') && collection.spec.paging === 'v2010') data['api_version'] = '2010-04-01';
  return data;
}
