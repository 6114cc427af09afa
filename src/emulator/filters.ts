/**
 * List filters, from the operation's declared query parameters only (an undeclared parameter is
 * ignored, as Twilio does). The conventions the specs follow, each matched to a response field:
 * - a parameter naming a field filters by equality (`FriendlyName`, `Status`, repeated
 *   `AssignmentStatus`, `Available=true`; a timestamp field by its date part, `DateSent=2024-01-31`);
 * - the operator in the name is a range on a timestamp field (`DateSent>`, `StartTime<`), and so
 *   are `XxxAfter` / `XxxBefore` (`DateCreatedAfter`) and, on resources with a creation date,
 *   `StartDate` / `EndDate`;
 * - a dotted name reaches into an object field (`ChannelData.To` -> `channel_data.to`);
 * - a few parameters name their field differently: {@link ALIASES}.
 * Every range is inclusive, and a date that does not parse is a 400 naming the parameter.
 * Filters are compiled once per operation; a request only binds its values.
 */
import type { Field, Param } from '../spec/model.js';
import type { BoundOperation, Collection } from './catalog.js';
import { isCaseInsensitive } from './constraints.js';
import { isTimestampFormat, parseDate } from './dates.js';
import { invalidParam } from './errors.js';
import { snakeCase } from './names.js';
import { isPagingParam, type Params } from './params.js';
import type { StoredRecord } from './store.js';
import { fieldForParam, isTruthy } from './values.js';

type Predicate = (record: StoredRecord) => boolean;

/** Builds the predicate of one filter parameter from the request's values. */
type FilterBuilder = (values: string[]) => Predicate;

/** Parameters whose field has another name (or sits inside an object field), by operation. */
const ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'verify_v2:ListVerificationAttempt': { VerifyServiceSid: 'service_sid', Status: 'conversion_status', Country: 'channel_data.country' },
  'conversations_v1:ListParticipantConversation': { Identity: 'participant_identity', Address: 'participant_messaging_binding.address' },
  'conversations_v1:ListServiceParticipantConversation': { Identity: 'participant_identity', Address: 'participant_messaging_binding.address' },
  'video_v1:ListRecording': { MediaType: 'type' },
  'voice_v1:ListDialingPermissionsCountry': { CountryCode: 'country_codes' },
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** The store keeps v1/v2 timestamps in this form: their date part is the first ten characters. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T/;

function isTimestampField(field: Field): boolean {
  return field.type.kind === 'string' && isTimestampFormat(field.type.format);
}

/**
 * A filter value as a point in time: a date-only value covers its whole day (from its start for
 * a lower bound, to its end for an upper one). Unparseable values are a 400 naming the parameter.
 */
function bound(param: string, value: string, side: 'lower' | 'upper' | 'day'): { from: number; to: number } {
  if (DATE_ONLY.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isNaN(start)) {
      const end = start + 86_400_000 - 1;
      return side === 'lower' ? { from: start, to: Infinity } : side === 'upper' ? { from: -Infinity, to: end } : { from: start, to: end };
    }
  }
  const d = parseDate(value);
  if (!d) throw invalidParam(`Invalid value '${value}' for parameter ${param}: must be a date (YYYY-MM-DD) or an ISO 8601 date-time`);
  const at = d.getTime();
  return side === 'lower' ? { from: at, to: Infinity } : side === 'upper' ? { from: -Infinity, to: at } : { from: at, to: at };
}

/** A record's timestamp in milliseconds, or undefined. */
function timeOf(value: unknown): number | undefined {
  return parseDate(value)?.getTime();
}

/** `from`..`to` (inclusive) on a timestamp field. */
function rangeBuilder(param: string, field: string, side: 'lower' | 'upper'): FilterBuilder {
  return (values) => {
    const { from, to } = bound(param, values[0] ?? '', side);
    return (r) => {
      const t = timeOf(r.data[field]);
      return t !== undefined && t >= from && t <= to;
    };
  };
}

/** Equality on a timestamp field: the same day for a date, the same instant for a date-time. */
function dayBuilder(param: string, field: string): FilterBuilder {
  return (values) => {
    const days = values.filter((v) => DATE_ONLY.test(v));
    const spans = values.map((v) => bound(param, v, 'day'));
    return (r) => {
      const value = r.data[field];
      if (typeof value === 'string' && CANONICAL_ISO.test(value) && days.includes(value.slice(0, 10))) return true;
      const t = timeOf(value);
      return t !== undefined && spans.some((s) => t >= s.from && t <= s.to);
    };
  };
}

/** The value at a key path inside a record (`['channel_data', 'to']`). */
function valueAt(data: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Equality on a field (or a key path inside one); arrays match when they hold a wanted value. */
function equalityBuilder(collection: Collection, field: Field | undefined, path: readonly string[]): FilterBuilder {
  if (field?.type.kind === 'boolean' && path.length === 1) {
    return (values) => {
      const want = values.map(isTruthy);
      return (r) => want.includes(r.data[field.name] === true);
    };
  }
  const folded = path.length === 1 && field !== undefined && isCaseInsensitive(collection, field.name);
  const norm = (v: unknown): string => (folded ? String(v).toLowerCase() : String(v));
  return (values) => {
    const wanted = new Set(values.map(norm));
    return (r) => {
      const value = valueAt(r.data, path);
      if (Array.isArray(value)) return value.some((v) => wanted.has(norm(v)));
      return value !== null && value !== undefined && wanted.has(norm(value));
    };
  };
}

/** The timestamp field a name (`DateCreated`, `StartTime`) stands for, if the collection has one. */
function timestampField(collection: Collection, name: string): Field | undefined {
  const field = fieldForParam(collection, name);
  return field && isTimestampField(field) ? field : undefined;
}

/** The filter a declared query parameter stands for, by the conventions above; undefined when none applies. */
function builderFor(bound: BoundOperation, param: Param): FilterBuilder | undefined {
  const c = bound.collection.storedIn ?? bound.collection;
  const name = param.name;
  const alias = ALIASES[bound.op.key]?.[name];
  if (alias !== undefined) {
    const path = alias.split('.');
    return equalityBuilder(c, c.fields.get(path[0]!), path);
  }
  const operator = name.endsWith('>') ? 'lower' : name.endsWith('<') ? 'upper' : undefined;
  if (operator) {
    const field = timestampField(c, name.slice(0, -1));
    return field && rangeBuilder(name, field.name, operator);
  }
  const relative = /^(.+)(After|Before)$/.exec(name);
  const relativeField = relative && timestampField(c, relative[1]!);
  if (relative && relativeField) return rangeBuilder(name, relativeField.name, relative[2] === 'After' ? 'lower' : 'upper');
  if ((name === 'StartDate' || name === 'EndDate') && !fieldForParam(c, name) && c.fields.has('date_created')) {
    return rangeBuilder(name, 'date_created', name === 'StartDate' ? 'lower' : 'upper');
  }
  const field = fieldForParam(c, name);
  if (field) return isTimestampField(field) ? dayBuilder(name, field.name) : equalityBuilder(c, field, [field.name]);
  const dotted = name.split('.');
  if (dotted.length > 1) {
    const object = fieldForParam(c, dotted[0]!);
    if (object?.type.kind === 'object') return equalityBuilder(c, object, [object.name, ...dotted.slice(1).map(snakeCase)]);
  }
  return undefined;
}

// Operations are a fixed set (the model's): each one's filters are compiled once.
const compiled = new WeakMap<BoundOperation, ReadonlyMap<string, FilterBuilder>>();

function filtersOf(bound: BoundOperation): ReadonlyMap<string, FilterBuilder> {
  let filters = compiled.get(bound);
  if (!filters) {
    const map = new Map<string, FilterBuilder>();
    for (const param of bound.op.params) {
      if (param.in !== 'query' || isPagingParam(param.name)) continue;
      const builder = builderFor(bound, param);
      if (builder) map.set(param.name, builder);
    }
    filters = map;
    compiled.set(bound, filters);
  }
  return filters;
}

/** The declared query parameters of an operation that the generic filters handle. */
export function filteredParams(bound: BoundOperation): ReadonlySet<string> {
  return new Set(filtersOf(bound).keys());
}

/**
 * The predicate of a request's filter parameters, or undefined when it has none. Only the
 * operation's declared parameters filter; empty values are no filter. Throws a 400 for a date
 * value that does not parse.
 */
export function listFilter(bound: BoundOperation, query: Params): Predicate | undefined {
  const filters = filtersOf(bound);
  if (filters.size === 0) return undefined;
  const predicates: Predicate[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const builder = filters.get(name);
    if (!builder) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '');
    if (values.length > 0) predicates.push(builder(values));
  }
  if (predicates.length === 0) return undefined;
  return (r) => predicates.every((p) => p(r));
}
