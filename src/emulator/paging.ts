/**
 * Pages of a list in either of Twilio's envelopes, with `Page` + `PageToken` links that work
 * when followed. Tokens are `PA<seq>` (after the record with that creation number, in list
 * order) and `PB<seq>` (before it), so records deleted or added mid-iteration do not break the
 * walk. Tokens follow the list's order (see ./ordering.ts): creation order, either way, or a
 * field order such as TaskRouter's `Ordering=Priority:desc`.
 */
import type { PagingFormat } from '../spec/model.js';
import { EmulatorError, invalidParam } from './errors.js';
import type { ListOrder } from './ordering.js';
import type { Params } from './params.js';
import type { StoredRecord } from './store.js';

export const DEFAULT_PAGE_SIZE = 50;

/**
 * The largest `Page` taken: a 32-bit integer, as a Java service parses it. The specs give no
 * maximum; beyond this a page number is a client bug, refused rather than echoed as `1e20`.
 */
const MAX_PAGE = 2_147_483_647;

/** What a page request asks for. */
export interface PageRequest {
  format: PagingFormat;
  /** List key (`workers`, `messages`). */
  key: string;
  /** Absolute base for `meta` URLs (`http://host/taskrouter/v1/Workspaces/WS…/Workers`). */
  absoluteBase: string;
  /** Relative base for 2010 URIs (`/2010-04-01/Accounts/AC…/Messages.json`). */
  relativeBase: string;
  query: Params;
  maxPageSize?: number;
  /** The order `records` come in; tokens place their record by it. Default: creation order. */
  order?: ListOrder;
  /**
   * The record a token names, by creation number, even when the filters leave it out of
   * `records` (it is still placed by its fields); undefined once deleted.
   */
  anchor?: (seq: number) => StoredRecord | undefined;
  /** The list comes whole, with only its `uri` beside it (no paging metadata, no `Page` links). */
  unpaged?: boolean;
}

function invalidToken(): EmulatorError {
  return new EmulatorError(400, 21481, 'Invalid PageToken');
}

function queryString(filters: Array<[string, string]>, extra: Record<string, string>): string {
  const qs = new URLSearchParams(filters);
  for (const [k, v] of Object.entries(extra)) qs.append(k, v);
  return '?' + qs.toString();
}

function intParam(query: Params, name: string): number | undefined {
  const raw = query[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || v === '') return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? undefined : n;
}

/**
 * Whether a record comes after the token's record in list order (the token's own record does
 * not); undefined when that cannot be told (a field order and a deleted record).
 */
function afterToken(seq: number, req: PageRequest): ((r: StoredRecord) => boolean) | undefined {
  const order = req.order;
  const anchor = req.anchor?.(seq);
  if (order && anchor) return (r) => order.compare(r, anchor) > 0;
  const byCreation = order ? order.byCreation : 'asc';
  if (byCreation === 'desc') return (r) => r.seq < seq;
  if (byCreation === 'asc') return (r) => r.seq > seq;
  return undefined;
}

/** Slices `records` (already filtered, in list order) into the requested page and builds the envelope. */
export function buildPage(records: readonly StoredRecord[], req: PageRequest, renderItem: (r: StoredRecord) => unknown): Record<string, unknown> {
  if (req.unpaged) return { [req.key]: records.map(renderItem), uri: req.format === 'v2010' ? req.relativeBase : req.absoluteBase };
  const max = req.maxPageSize ?? 1000;
  const pageSize = Math.min(Math.max(intParam(req.query, 'PageSize') ?? DEFAULT_PAGE_SIZE, 1), max);
  const page = Math.max(intParam(req.query, 'Page') ?? 0, 0);
  if (page > MAX_PAGE) throw invalidParam(`Invalid value '${String(req.query['Page'])}' for parameter Page: must be at most ${MAX_PAGE}`);
  const tokenRaw = req.query['PageToken'];
  const token = Array.isArray(tokenRaw) ? tokenRaw[0] : tokenRaw;

  let start: number;
  if (token) {
    const m = /^P([AB])(\d+)$/.exec(token);
    if (!m) throw invalidToken();
    const seq = Number(m[2]);
    const after = afterToken(seq, req);
    if (after === undefined) {
      // A field order whose anchor was deleted: the page number is the best remaining guide.
      start = Math.min(page * pageSize, records.length);
    } else if (m[1] === 'A') {
      const i = records.findIndex(after);
      start = i < 0 ? records.length : i;
    } else {
      const i = records.findIndex((r) => r.seq === seq || after(r));
      start = Math.max((i < 0 ? records.length : i) - pageSize, 0);
    }
  } else {
    start = page * pageSize;
  }
  const items = records.slice(start, start + pageSize);
  const hasNext = start + pageSize < records.length;
  const hasPrevious = page > 0 && start > 0;

  const filters: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(req.query)) {
    if (k === 'PageSize' || k === 'Page' || k === 'PageToken') continue;
    for (const one of Array.isArray(v) ? v : [v]) filters.push([k, one]);
  }
  const size = String(pageSize);
  const current = queryString(filters, { PageSize: size, Page: String(page), ...(token ? { PageToken: token } : {}) });
  const first = queryString(filters, { PageSize: size, Page: '0' });
  const last = items[items.length - 1];
  const firstItem = items[0];
  const next = hasNext && last ? queryString(filters, { PageSize: size, Page: String(page + 1), PageToken: `PA${last.seq}` }) : undefined;
  const previous =
    hasPrevious && firstItem ? queryString(filters, { PageSize: size, Page: String(page - 1), PageToken: `PB${firstItem.seq}` }) : undefined;
  const rendered = items.map(renderItem);

  if (req.format === 'v2010') {
    const rel = (q: string | undefined): string | null => (q === undefined ? null : req.relativeBase + q);
    return {
      [req.key]: rendered,
      end: items.length === 0 ? start : start + items.length - 1,
      first_page_uri: rel(first),
      next_page_uri: rel(next),
      page,
      page_size: pageSize,
      previous_page_uri: rel(previous),
      start,
      uri: rel(current),
    };
  }
  const abs = (q: string | undefined): string | null => (q === undefined ? null : req.absoluteBase + q);
  return {
    [req.key]: rendered,
    meta: {
      first_page_url: abs(first),
      key: req.key,
      next_page_url: abs(next),
      page,
      page_size: pageSize,
      previous_page_url: abs(previous),
      url: abs(current),
    },
  };
}
