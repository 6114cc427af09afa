/**
 * List order, driven by the operation's parameters: creation order by default (newest first for
 * the 2010 API), `Order=asc|desc` where an operation takes an `Order` enum of those values
 * (Conversations messages, Verify challenges), and Twilio's `Ordering=Field:asc|desc[,…]` where
 * it takes an `Ordering` string (TaskRouter Tasks, Workers, TaskQueues).
 */
import type { BoundOperation } from './catalog.js';
import { isTimestampFormat, parseDate } from './dates.js';
import { invalidParam } from './errors.js';
import type { Params } from './params.js';
import type { StoredRecord } from './store.js';
import { fieldForParam } from './values.js';

/** A total order of a list's records. */
export interface ListOrder {
  compare: (a: StoredRecord, b: StoredRecord) => number;
  /**
   * Set when the order is creation order alone: a page token naming a deleted record can still
   * be placed by its creation number. Field orders need the record itself.
   */
  byCreation?: 'asc' | 'desc';
}

const ascending: ListOrder = { compare: (a, b) => a.seq - b.seq, byCreation: 'asc' };
const descending: ListOrder = { compare: (a, b) => b.seq - a.seq, byCreation: 'desc' };

function single(raw: string | string[] | undefined): string | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Compares two stored field values: timestamps as instants, numbers numerically; nulls last. */
function compareValues(a: unknown, b: unknown, timestamp: boolean): number {
  const missing = (v: unknown): boolean => v === null || v === undefined || v === '';
  if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : missing(a) ? 1 : -1;
  if (timestamp) {
    const da = parseDate(a)?.getTime();
    const db = parseDate(b)?.getTime();
    if (da !== undefined && db !== undefined) return Math.sign(da - db);
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Parses `Ordering` (`Priority:desc,DateCreated:asc`): each attribute names a field of the
 * collection; the direction defaults to `asc`. Ties fall back to creation order (Twilio's
 * default order), in the direction of a `DateCreated` term if there is one, so
 * `DateCreated:desc` is newest first even among records created within one second.
 */
function fieldOrder(bound: BoundOperation, text: string): ListOrder {
  const terms = text.split(',').map((term) => {
    const [attribute = '', direction = 'asc', ...rest] = term.split(':').map((s) => s.trim());
    const field = attribute === '' ? undefined : fieldForParam(bound.collection, attribute);
    const dir = direction.toLowerCase();
    if (!field || rest.length > 0 || (dir !== 'asc' && dir !== 'desc')) {
      throw invalidParam(`Invalid value '${text}' for parameter Ordering: expected Attribute:asc|desc, comma-separated`);
    }
    const timestamp = field.type.kind === 'string' && isTimestampFormat(field.type.format);
    return { name: field.name, sign: dir === 'desc' ? -1 : 1, timestamp };
  });
  const tieSign = terms.find((t) => t.name === 'date_created')?.sign ?? 1;
  return {
    compare: (a, b) => {
      for (const t of terms) {
        const d = compareValues(a.data[t.name], b.data[t.name], t.timestamp);
        if (d !== 0) return d * t.sign;
      }
      return (a.seq - b.seq) * tieSign;
    },
  };
}

/** Whether the operation takes an `Order` parameter limited to `asc`/`desc`. */
function takesOrder(bound: BoundOperation): boolean {
  const type = bound.params.get('Order')?.type;
  return type?.kind === 'enum' && type.values.includes('asc') && type.values.includes('desc');
}

/** The ordering parameters an operation takes (`Order`, `Ordering`), as {@link listOrder} reads them. */
export function orderingParams(bound: BoundOperation): string[] {
  const out: string[] = [];
  if (takesOrder(bound)) out.push('Order');
  if (bound.params.get('Ordering')?.type.kind === 'string') out.push('Ordering');
  return out;
}

/**
 * The order of a list request. `newestFirst` is the list's default (the 2010 API's lists);
 * an `Order` or `Ordering` parameter the operation takes overrides it. Throws a 400 for an
 * `Ordering` naming no field of the resource.
 */
export function listOrder(bound: BoundOperation, query: Params, newestFirst: boolean): ListOrder {
  const order = takesOrder(bound) ? single(query['Order'])?.toLowerCase() : undefined;
  if (order === 'desc') return descending;
  if (order === 'asc') return ascending;
  const ordering = bound.params.get('Ordering')?.type.kind === 'string' ? single(query['Ordering']) : undefined;
  if (ordering) return fieldOrder(bound, ordering);
  return newestFirst ? descending : ascending;
}
