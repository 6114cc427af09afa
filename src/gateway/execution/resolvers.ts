/**
 * Generic resolvers: one per kind of field plan (fetch, connection, mutation,
 * delete), plus data fields, global ids and `Query.node`, all driven by the
 * operation map.
 */
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import type { TwilioClient } from '../../twilio/index.js';
import type { MappedType, OperationMap } from '../../schema/operation-map.js';
import { requireAuth, type GatewayContext } from '../context.js';
import { assertCursorFits, decodeCursor, encodeCursor, linkQuery } from './cursor.js';
import { badInput, toGraphQLError } from './errors.js';
import { decodeNodeId, encodeNodeId, nodeIdValuesProblem } from './node-id.js';
import { buildRequest, fillPath, valueFromUrl, type PreparedField } from './requests.js';
import type { SelectionPlanner } from './selection.js';
import { SID, UpstreamSession, resourceKey } from './session.js';
import type { WireGetters } from './wire-getters.js';

type Parent = Record<string, unknown>;
type Args = Record<string, unknown>;
type Resolver = GraphQLFieldResolver<Parent, GatewayContext, Args>;

/** Marks an object with the GraphQL type it was fetched as (for `Node` resolution). */
export const TYPE_NAME = Symbol('twilio-graphql.typeName');

const SESSION = Symbol('twilio-graphql.session');

/** Options shared by all resolvers of one schema. */
export interface ResolverOptions {
  client: TwilioClient;
  map: OperationMap;
  /** Largest `first` any connection accepts. */
  maxFirst: number;
  /** Per-request time budget for upstream calls, in ms. */
  requestTimeoutMs?: number;
  /** Decides when a fetch can be skipped because the selection needs only its path values. */
  selections?: SelectionPlanner;
  /** Serves plain data fields of the objects the resolvers return (each one is adopted). */
  wire: WireGetters;
}

/** The request's upstream session, created on first use. */
export function sessionOf(context: GatewayContext, options: ResolverOptions): UpstreamSession {
  const holder = context as GatewayContext & { [SESSION]?: UpstreamSession };
  let session = holder[SESSION];
  if (!session) {
    const deadline = options.requestTimeoutMs === undefined ? undefined : Date.now() + options.requestTimeoutMs;
    session = new UpstreamSession(options.client, requireAuth(context), deadline, context.traceContext);
    holder[SESSION] = session;
  }
  return session;
}

/** Upstream calls the request has made so far (0 before any resolver called Twilio), for logs and metrics. */
export function upstreamCallsOf(context: GatewayContext): number {
  return (context as GatewayContext & { [SESSION]?: UpstreamSession })[SESSION]?.calls ?? 0;
}

/** The memo key for a GET: the resource's SID when the path names one resource, else the URL. */
function fetchKey(field: PreparedField, path: string, values: string[], query: unknown): string {
  const last = values[values.length - 1];
  if (query === undefined && last !== undefined && SID.test(last) && /\}(\.json)?$/.test(field.op.path)) return resourceKey(last);
  return `${field.op.product}${path}?${JSON.stringify(query ?? {})}`;
}

/** Resolver of a field that fetches one object (roots, nested instances, links). */
export function fetchResolver(field: PreparedField, options: ResolverOptions, typeName: string): Resolver {
  const params = [...field.op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return async (parent, args, context, info) => {
    if (field.plan.requires && (parent[field.plan.requires] === null || parent[field.plan.requires] === undefined)) return null;
    const session = sessionOf(context, options);
    const filled = fillPath(field, parent ?? {}, args, session.auth.accountSid);
    if (!filled) return null;
    const stub = field.plan.args ? undefined : options.selections?.stub(typeName, params, filled.values, info);
    if (stub) return tag(stub, typeName, options.wire);
    options.selections?.prefetchLists(typeName, options.selections.pathObject(typeName, params, filled.values), info, context);
    const request = buildRequest(field, filled.path, args);
    const key = fetchKey(field, filled.path, filled.values, request.query);
    const missing = session.missingFields(key);
    // A copy from a list page lacks Twilio's fetch-only fields: fetch when the query reads them.
    const refetch = missing.length > 0 && (options.selections?.readsAny(typeName, info, missing) ?? true);
    try {
      const body = (await (refetch ? session.refetch(key, request) : session.get(key, request))) as Parent;
      return tag(body, typeName, options.wire);
    } catch (error) {
      throw toGraphQLError(error);
    }
  };
}

/** An item of a connection, with where it sits in the Twilio page it came from (for its cursor). */
interface Placed {
  node: Parent;
  /** Query string of the item's page, as requested. */
  page: string;
  offset: number;
  /** The page's next-page query, when the item is the page's last and Twilio gave one. */
  next?: string;
}

/**
 * Resolver of a Relay connection over a Twilio list operation. It returns `first` items (fewer only
 * at the end of the list), wherever the cursor points: Twilio's `PageToken` is a position, so a page
 * can be requested from it at any size. A cursor from the middle of a page is resumed by requesting
 * that page again, `offset + 1 + first` long, and a page that cannot be that long (Twilio's page size
 * cap) is topped up from the next one.
 */
export function connectionResolver(field: PreparedField, options: ResolverOptions, itemType: string): Resolver {
  const fetchOnly = options.map.types[itemType]?.fetchOnly ?? [];
  const cap = Math.min(field.op.maxPageSize ?? options.maxFirst, options.maxFirst);
  return async (parent, args, context) => {
    const first = (args['first'] as number | null | undefined) ?? Math.min(50, cap);
    if (!Number.isInteger(first) || first < 1 || first > cap) {
      throw badInput(`Argument "first" must be between 1 and ${cap} (got ${first}).`, 'first');
    }
    const cursor = typeof args['after'] === 'string' ? decodeCursor(args['after']) : undefined;
    if (cursor) assertCursorFits(cursor, (name) => field.op.params[name]?.in === 'query', cap);
    const session = sessionOf(context, options);
    const filled = fillPath(field, parent ?? {}, args, session.auth.accountSid);
    if (!filled) return emptyConnection();
    const request = buildRequest(field, filled.path, args);
    // A cursor gives the page's position only; the filters are always the field's own arguments, so
    // a later page with changed filters lists what they select, never the cursor's old ones.
    const filters = request.query;
    let position = cursor ? positionOf(cursor.query) : {};
    let skip = cursor ? cursor.offset + 1 : 0;
    const items: Placed[] = [];
    let more = false;
    for (;;) {
      const wanted = first - items.length;
      const size = Math.min(skip + wanted, cap);
      request.query = { ...filters, ...position, PageSize: size };
      const pageQuery = new URLSearchParams(flatPairs(request.query)).toString();
      let page: Parent;
      try {
        page = (await session.get(`${field.op.product}${filled.path}?${pageQuery}`, request)) as Parent;
      } catch (error) {
        throw toGraphQLError(error);
      }
      const all = (page[field.op.listKey!] as Parent[] | undefined) ?? [];
      const nextLink = field.op.paging === 'meta' ? (page['meta'] as Parent | undefined)?.['next_page_url'] : page['next_page_uri'];
      const next = typeof nextLink === 'string' && nextLink ? linkQuery(nextLink) : undefined;
      const taken = all.slice(skip, skip + wanted);
      taken.forEach((node, i) => {
        const offset = skip + i;
        items.push(offset === all.length - 1 && next !== undefined ? { node, page: pageQuery, offset, next } : { node, page: pageQuery, offset });
      });
      more = skip + taken.length < all.length || next !== undefined;
      // Twilio's pages are full but the last; a short one that still links on is taken as the end too.
      if (items.length === first || next === undefined || all.length < size) break;
      position = positionOf(next);
      skip = 0;
    }
    // Items are primed for later fetches of the same SID; they need no type tag (a list's item type
    // is concrete, and a `node` refetch that finds one in the memo tags it then).
    for (const { node: item } of items) {
      options.wire.adopt(item);
      if (typeof item['sid'] !== 'string' || !SID.test(item['sid'])) continue;
      const missing = fetchOnly.filter((wire) => item[wire] === null || item[wire] === undefined);
      session.prime(resourceKey(item['sid']), item, false, missing);
    }
    // Cursors are encoded only when the query reads them: most queries select `nodes` alone.
    // The last edge of a page that links on points at the next page: "after it" is where that starts.
    const cursorOf = (item: Placed): string => encodeCursor(item.next !== undefined ? { query: item.next, offset: -1 } : { query: item.page, offset: item.offset });
    const nodes = items.map((item) => item.node);
    return {
      get edges() {
        return items.map((item) => ({
          node: item.node,
          get cursor() {
            return cursorOf(item);
          },
        }));
      },
      nodes,
      pageInfo: {
        hasNextPage: more,
        hasPreviousPage: cursor !== undefined,
        get startCursor() {
          return items.length === 0 ? null : cursorOf(items[0]!);
        },
        get endCursor() {
          return items.length === 0 ? null : cursorOf(items[items.length - 1]!);
        },
      },
    };
  };
}

/** Resolver of a create/update/action mutation: sent once, never retried, never memoized. */
export function mutationResolver(field: PreparedField, options: ResolverOptions, typeName: string | undefined): Resolver {
  return async (_parent, args, context) => {
    const session = sessionOf(context, options);
    const filled = fillPath(field, {}, args, session.auth.accountSid);
    if (!filled) throw new GraphQLError('A required path argument is missing.', { extensions: { code: 'BAD_USER_INPUT' } });
    try {
      const response = await session.send(buildRequest(field, filled.path, args));
      if (field.op.result === 'none' || typeName === undefined) return true;
      const body = response.body as Parent;
      if (typeof body?.['sid'] === 'string' && SID.test(body['sid'])) session.prime(resourceKey(body['sid']), body, true);
      return tag(body, typeName, options.wire);
    } catch (error) {
      throw toGraphQLError(error, { mutation: true });
    }
  };
}

/** `id` of a Node type: the values its fetch path needs, read from the object itself. */
export function nodeIdResolver(typeName: string, type: MappedType): Resolver {
  const sources = Object.entries(type.node!.path);
  return (parent) => {
    const values = sources.map(([param, source]) => {
      const value = source.from === 'field' ? parent[source.field] : source.from === 'url' ? valueFromUrl(parent, source.template, param) : undefined;
      return value === undefined || value === null ? '' : String(value);
    });
    return encodeNodeId(typeName, values);
  };
}

/** `Query.node(id:)`: decodes the id and refetches through the type's fetch operation. */
export function nodeResolver(prepared: Map<string, PreparedField>, options: ResolverOptions): Resolver {
  // One fetch resolver per type, made on its first `node` request rather than on every one.
  const fetches = new Map<string, Resolver>();
  return async (_parent, args, context) => {
    const { typeName, values } = decodeNodeId(String(args['id']));
    const field = prepared.get(typeName);
    if (!field) throw badInput(`Type ${typeName} cannot be fetched by id.`, 'id');
    const params = Object.keys(field.plan.path);
    // Checked here, not by the fetch, so the error names the argument the caller gave.
    const problem = nodeIdValuesProblem(typeName, values, params, (param) => field.patterns.get(param));
    if (problem !== undefined) throw badInput(problem, 'id');
    const nodeArgs = Object.fromEntries(params.map((p, i) => [p, values[i]]));
    let fetch = fetches.get(typeName);
    if (fetch === undefined) fetches.set(typeName, (fetch = fetchResolver(field, options, typeName)));
    return fetch({}, nodeArgs, context, undefined as never);
  };
}

/** Resolves the concrete type of a `Node` value. */
export function resolveNodeType(value: unknown): string | undefined {
  return (value as { [TYPE_NAME]?: string } | null)?.[TYPE_NAME];
}

/** Marks an object as `typeName`'s and gives it the data-field getters. */
function tag<T>(value: T, typeName: string, wire: WireGetters): T {
  wire.adopt(value);
  if (value && typeof value === 'object' && !(TYPE_NAME in value)) {
    Object.defineProperty(value, TYPE_NAME, { value: typeName, enumerable: false });
  }
  return value;
}

function emptyConnection() {
  return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

/** Twilio's paging parameters that say where a page starts (its size is chosen per request). */
const POSITION_PARAMS: ReadonlySet<string> = new Set(['Page', 'PageToken']);

/** The position parameters of a page's query string (a cursor's, or a next-page link's). */
function positionOf(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) if (POSITION_PARAMS.has(key)) out[key] = value;
  return out;
}

function flatPairs(query: Record<string, unknown> | undefined): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([key, String(v)]);
  }
  return pairs;
}
