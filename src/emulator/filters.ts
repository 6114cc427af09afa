/**
 * List filters: query parameters whose name matches a response field (`FriendlyName`,
 * `Status`, `AssignmentStatus` repeated, `Available=true|1|yes`), range filters with the
 * operator in the name (`DateSent>`, `StartTime<`) and date-part equality (`DateSent=2024-01-31`).
 */
import type { Field } from '../spec/model.js';
import type { Collection } from './catalog.js';
import { isCaseInsensitive } from './constraints.js';
import { isTimestampFormat, isoDate, parseDate } from './dates.js';
import { isPagingParam, type Params } from './params.js';
import type { StoredRecord } from './store.js';
import { fieldForParam } from './values.js';

type Predicate = (record: StoredRecord) => boolean;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isTimestampField(field: Field): boolean {
  return field.type.kind === 'string' && isTimestampFormat(field.type.format);
}

/** Compares a stored timestamp with a filter value; date-only values compare the date part. */
function compareDate(stored: unknown, filter: string): number | undefined {
  const d = parseDate(stored);
  if (!d) return undefined;
  if (DATE_ONLY.test(filter)) {
    const day = isoDate(d).slice(0, 10);
    return day < filter ? -1 : day > filter ? 1 : 0;
  }
  const f = parseDate(filter);
  if (!f) return undefined;
  return Math.sign(d.getTime() - f.getTime());
}

function truthy(value: string): boolean {
  return /^(true|1|yes)$/i.test(value);
}

function equalityPredicate(collection: Collection, field: Field, wanted: string[]): Predicate {
  if (field.type.kind === 'boolean') {
    const want = wanted.map(truthy);
    return (r) => want.includes(r.data[field.name] === true);
  }
  if (isTimestampField(field)) {
    return (r) => wanted.some((w) => compareDate(r.data[field.name], w) === 0);
  }
  if (isCaseInsensitive(collection, field.name)) {
    const folded = wanted.map((w) => w.toLowerCase());
    return (r) => typeof r.data[field.name] === 'string' && folded.includes((r.data[field.name] as string).toLowerCase());
  }
  return (r) => {
    const value = r.data[field.name];
    if (Array.isArray(value)) return value.some((v) => wanted.includes(String(v)));
    return value !== null && value !== undefined && wanted.includes(String(value));
  };
}

/** Builds the predicate for a list request's filter parameters (unknown names are ignored). */
export function listFilter(collection: Collection, query: Params): Predicate {
  const predicates: Predicate[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (isPagingParam(name)) continue;
    const wanted = Array.isArray(raw) ? raw : [raw];
    const op = name.endsWith('>') ? '>' : name.endsWith('<') ? '<' : undefined;
    if (op) {
      const field = fieldForParam(collection, name.slice(0, -1));
      if (!field) continue;
      const bound = wanted[0] ?? '';
      predicates.push((r) => {
        const c = compareDate(r.data[field.name], bound);
        // Twilio's `DateSent>` / `DateSent<` are inclusive (on or after / on or before).
        return c !== undefined && (op === '>' ? c >= 0 : c <= 0);
      });
      continue;
    }
    const field = fieldForParam(collection, name);
    if (field) predicates.push(equalityPredicate(collection, field, wanted));
  }
  return (r) => predicates.every((p) => p(r));
}
