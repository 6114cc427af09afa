/**
 * The emulator engine: runs any operation of the model against the store, for HTTP requests
 * and for in-process callers (behaviours, seeds) alike. Extension points for behaviours:
 * {@link Engine.dispatch} / {@link Engine.dispatchSync}, change hooks ({@link Engine.on}),
 * direct record access ({@link Engine.store}, {@link Engine.insert}, {@link Engine.get},
 * {@link Engine.render}), read and write extensions ({@link Engine.addListFilter},
 * {@link Engine.provideFields}, {@link Engine.findExisting}), emulator-only HTTP routes
 * ({@link Engine.addInternalRoute}) and {@link Engine.onClose} for cleaning up timers.
 */
import type { ApiModel, HttpMethod, Operation } from '../spec/model.js';
import { Accounts, newSecret } from './accounts.js';
import { resolveAliases } from './aliases.js';
import { buildCatalog, type BoundOperation, type Catalog, type Collection } from './catalog.js';
import { checkUnique } from './constraints.js';
import { EmulatorError, authError, notFound } from './errors.js';
import { filteredParams, listFilter } from './filters.js';
import { decodeForm, isPagingParam, paramsFromJson, validateParams, type Params } from './params.js';
import { listOrder, orderingParams } from './ordering.js';
import { buildPage } from './paging.js';
import { checkReferences } from './references.js';
import { productUrl, recordPath, renderRecord, renderValues, sharedListItems, type RenderContext } from './render.js';
import { Router } from './router.js';
import { newSid } from './sid.js';
import { Store, type RecordData, type StoredRecord } from './store.js';
import { fieldsFromParams, newRecordData } from './values.js';
import { fillTemplate, snakeCase } from './names.js';

/** Kinds of change a hook can observe. */
export type ChangeType = 'created' | 'updated' | 'deleted';

/** What a change hook receives. Hooks run after the change is stored, before the response is rendered. */
export interface ChangeEvent {
  type: ChangeType;
  /** The operation that made the change. */
  operation: Operation;
  /** Account owning the record (for 2010 resources: the account in the path). */
  accountSid: string;
  /** Request parameters by wire name (body and query merged; path parameters included). */
  params: Params;
  /** The record, response-shaped (as the operation returns it, or its resource schema for deletes). */
  record: Record<string, unknown>;
  /** The stored record itself: pass it to `engine.store.patch` to change it. Already removed for deletes. */
  stored: StoredRecord;
  /** For updates: the fields before the change. */
  previous?: RecordData;
  engine: Engine;
}

/**
 * A change hook. It runs synchronously inside the request: patching `event.stored` changes the
 * response; throwing an {@link EmulatorError} rejects the request and undoes every change it made.
 * Schedule slow work (webhooks) with timers rather than blocking here; a returned promise is not awaited.
 */
export type ChangeHandler = (event: ChangeEvent) => void;

/** What a read extension (list filter, computed fields) sees of the request. */
export interface ReadRequest {
  /** The operation being served. */
  operation: Operation;
  /** Account owning the records. */
  accountSid: string;
  /** Path parameters by name (`WorkspaceSid`, `TaskQueueSid`). */
  pathParams: Record<string, string>;
  /** Query parameters by wire name. */
  query: Params;
  /** Body parameters, for reads Twilio takes as a POST (bulk statistics). */
  body?: Params;
  engine: Engine;
}

/**
 * Narrows a list beyond the generic field filters (TaskRouter's `TaskQueueSid` on Workers):
 * returns a predicate, or undefined when the request has nothing for it. Throwing an
 * {@link EmulatorError} rejects the request.
 */
export type ListFilterProvider = (request: ReadRequest) => ((record: StoredRecord) => boolean) | undefined;

/**
 * Computes fields of a singleton read from current state (statistics), merged over the stored
 * (or default) record before rendering. Throwing an {@link EmulatorError} rejects the request.
 */
export type FieldsProvider = (request: ReadRequest) => RecordData;

/** One item of a computed list: its fields, and the creation number that orders it and places page tokens. */
export interface ListedItem {
  seq: number;
  /** Its own id, for a list whose items have a path of their own (their `url`). */
  id?: string;
  fields: RecordData;
}

/**
 * Computes the items of a list read from current state (a workspace's TaskQueues statistics),
 * each merged over the defaults of the list's resource. Throwing an {@link EmulatorError}
 * rejects the request.
 */
export type ListProvider = (request: ReadRequest) => ListedItem[];

/** What a write extension sees of the request: a {@link ReadRequest} with its body parameters. */
export interface WriteRequest extends ReadRequest {
  body: Params;
}

/**
 * Finds the record a create addresses when it is not a new one (a Verification sent again to a
 * number that has one pending), or undefined for a new record. Throwing an {@link EmulatorError}
 * rejects the request.
 */
export type ExistingRecordFinder = (request: WriteRequest) => StoredRecord | undefined;

/**
 * Fields of a resource computed whenever one of its records is read, from its stored fields
 * (a Task's `age` from `date_created`): in fetches, lists, write responses and change events.
 */
export type ComputedFields = (data: RecordData, now: Date) => RecordData;

/** An operation to run in-process, exactly as if it came over HTTP from `accountSid`. */
export interface DispatchRequest {
  /** The account acting (as if authenticated). */
  accountSid: string;
  method: HttpMethod;
  /** Product label: `taskrouter`, `api`, `flex-api` … */
  product: string;
  /** Filled path, e.g. `/v1/Workspaces/WS…/Tasks` or `/2010-04-01/Accounts/AC…/Messages.json`; may carry `?query`. */
  path: string;
  /** Body parameters for POST/PATCH, query parameters for GET/DELETE (wire names, arrays for repeats). */
  params?: Params;
  /** Extra query parameters. */
  query?: Params;
  /** JSON body, for operations whose body encoding is JSON. */
  json?: unknown;
  /** Origin for absolute URLs in the response; defaults to {@link Engine.baseUrl}. */
  origin?: string;
  /** Request headers the operation reads, by lowercase name (`if-match`). */
  headers?: RequestHeaders;
}

/** Request headers by lowercase name, as node:http gives them. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The outcome of an operation: HTTP status and JSON body (`undefined` for 204). */
export interface DispatchResult {
  status: number;
  body: unknown;
  /** Response headers beyond the content type (`ETag`). */
  headers?: Record<string, string>;
  /** The operation that ran, when the path resolved. */
  operation?: Operation;
}

/** The answer of an emulator-only route: HTTP status and JSON body (none for 204). */
export interface InternalResponse {
  status: number;
  body?: unknown;
}

/**
 * Handles an emulator-only route under `/__emulator/`. `query` is the decoded query string;
 * `body` the parsed JSON body (JSON content type), else the decoded form parameters. Throwing an
 * {@link EmulatorError} answers with that error. No credentials are checked on these routes.
 */
export type InternalRouteHandler = (query: Params, body: unknown) => InternalResponse | Promise<InternalResponse>;

/** Prefix of every emulator-only path; never a product label. */
export const INTERNAL_PREFIX = '/__emulator/';

/** How an engine is set up. */
export interface EngineOptions {
  accountSid: string;
  authToken: string;
  /** Defaults to the committed API model. */
  model: ApiModel;
  /** Origin for absolute URLs when a call comes without one (set by the server once listening). */
  baseUrl?: string;
  log?: (line: string) => void;
}

/** One request on its way through the engine (after routing, before running). */
interface Call {
  bound: BoundOperation;
  acting: string;
  /** Account the records belong to. */
  accountSid: string;
  pathParams: Record<string, string>;
  values: string[];
  query: Params;
  body: Params;
  path: string;
  ctx: RenderContext;
  /** The `If-Match` header, for collections that take it. */
  ifMatch?: string;
}

/** The emulator engine. */
export class Engine {
  readonly catalog: Catalog;
  /** Direct record access (see {@link Store}). Store changes do not fire hooks. */
  readonly store: Store;
  readonly accounts: Accounts;
  readonly router: Router;
  /** The main account's credentials. */
  readonly accountSid: string;
  readonly authToken: string;
  /** Origin of the running server (`http://127.0.0.1:4010`); used for URLs of in-process calls. */
  baseUrl: string;
  private readonly hooks = new Map<string, Map<string, ChangeHandler[]>>();
  private readonly closers: Array<() => void | Promise<void>> = [];
  private readonly internalRoutes = new Map<string, InternalRouteHandler>();
  private readonly listFilters = new Map<string, ListFilterProvider[]>();
  private readonly listFilterParams = new Map<string, Set<string>>();
  private readonly fieldProviders = new Map<string, FieldsProvider>();
  private readonly listProviders = new Map<string, ListProvider>();
  private readonly existingFinders = new Map<string, ExistingRecordFinder>();
  /** By collection id. */
  private readonly computed = new Map<string, ComputedFields>();
  private readonly log: (line: string) => void;

  constructor(options: EngineOptions) {
    this.catalog = buildCatalog(options.model);
    this.store = new Store(this.catalog);
    this.accounts = new Accounts(this.catalog, this.store);
    this.router = new Router(this.catalog);
    this.accountSid = options.accountSid;
    this.authToken = options.authToken;
    this.baseUrl = options.baseUrl ?? 'http://127.0.0.1';
    this.log = options.log ?? (() => undefined);
  }

  /**
   * Makes sure the main account exists with the configured token (after loading saved state,
   * whose token may differ from the one configured now).
   */
  ensureMainAccount(now = new Date()): void {
    const existing = this.accounts.get(this.accountSid);
    if (existing) {
      if (existing.data['auth_token'] !== this.authToken) this.store.patch(existing, { auth_token: this.authToken });
      return;
    }
    const collection = this.accounts.collection;
    const data = newRecordData(collection, { accountSid: this.accountSid, parents: {}, idField: 'sid', id: this.accountSid }, {}, now);
    Object.assign(data, {
      friendly_name: 'Twilio emulator account',
      auth_token: this.authToken,
      owner_account_sid: this.accountSid,
      status: 'active',
      type: 'Full',
    });
    this.store.put(collection, this.accountSid, [], this.accountSid, data);
  }

  /**
   * Subscribes to changes made by API operations. `key` is an operation key
   * (`taskrouter_v1:CreateTask`), a schema key (`taskrouter_v1:taskrouter.v1.workspace.task`),
   * a collection id, or `*`. Returns an unsubscribe function.
   */
  on(type: ChangeType, key: string, handler: ChangeHandler): () => void {
    let byKey = this.hooks.get(type);
    if (!byKey) {
      byKey = new Map();
      this.hooks.set(type, byKey);
    }
    const list = byKey.get(key) ?? [];
    list.push(handler);
    byKey.set(key, list);
    return () => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /**
   * Registers an emulator-only route, e.g. `addInternalRoute('GET', '/__emulator/verify/codes', …)`.
   * The path must start with `/__emulator/` and match exactly (no placeholders); the built-in
   * routes (`/requests`, `/faults`, `/flex/tokens`) win over registered ones. Registering the
   * same method and path twice is an error.
   */
  addInternalRoute(method: HttpMethod, path: string, handler: InternalRouteHandler): void {
    if (!path.startsWith(INTERNAL_PREFIX)) throw new Error(`internal routes live under ${INTERNAL_PREFIX}: ${path}`);
    const key = `${method} ${path}`;
    if (this.internalRoutes.has(key)) throw new Error(`internal route ${key} is already registered`);
    this.internalRoutes.set(key, handler);
  }

  /**
   * Adds a list filter to a list operation (`taskrouter_v1:ListWorker`); it applies after the
   * generic filters. `params` are the declared query parameters it handles (see
   * {@link handledListParams}). Several filters of one operation all apply.
   */
  addListFilter(operationKey: string, params: readonly string[], provider: ListFilterProvider): void {
    const list = this.listFilters.get(operationKey) ?? [];
    list.push(provider);
    this.listFilters.set(operationKey, list);
    this.addHandledParams(operationKey, params);
  }

  /** Records query parameters a behaviour handles for a list operation (see {@link handledListParams}). */
  private addHandledParams(operationKey: string, params: readonly string[]): void {
    const handled = this.listFilterParams.get(operationKey) ?? new Set<string>();
    for (const name of params) handled.add(name);
    this.listFilterParams.set(operationKey, handled);
  }

  /**
   * The query parameters of a list operation the emulator acts on: paging, ordering, the
   * generic filters and those of the filters behaviours added. Tests hold every declared
   * parameter to this (or to an explicit list of ones deliberately ignored).
   */
  handledListParams(operationKey: string): Set<string> {
    const bound = this.catalog.operations.get(operationKey);
    if (!bound) throw new Error(`unknown operation ${operationKey}`);
    return new Set([
      ...bound.op.params.filter((p) => isPagingParam(p.name)).map((p) => p.name),
      ...orderingParams(bound),
      ...filteredParams(bound),
      ...(this.listFilterParams.get(operationKey) ?? []),
    ]);
  }

  /**
   * Computes the fields of a singleton fetch (`taskrouter_v1:FetchTaskQueueRealTimeStatistics`),
   * or of a read Twilio takes as a POST on a list path
   * (`taskrouter_v1:CreateTaskQueueBulkRealTimeStatistics`, which then stores nothing), from
   * current state on every call. One provider per operation; registering a second throws.
   */
  provideFields(operationKey: string, provider: FieldsProvider): void {
    if (this.fieldProviders.has(operationKey)) throw new Error(`fields of ${operationKey} are already provided`);
    this.fieldProviders.set(operationKey, provider);
  }

  /**
   * Computes the items of a list operation (`taskrouter_v1:ListTaskQueuesStatistics`) from
   * current state on every read, instead of listing stored records; the generic filters and
   * paging still apply, the shared rendering does not. `params` are the declared query
   * parameters the provider acts on (see {@link handledListParams}). One provider per operation.
   */
  provideList(operationKey: string, params: readonly string[], provider: ListProvider): void {
    if (this.listProviders.has(operationKey)) throw new Error(`items of ${operationKey} are already provided`);
    this.listProviders.set(operationKey, provider);
    this.addHandledParams(operationKey, params);
  }

  /**
   * Lets a create operation (`verify_v2:CreateVerification`) address a record that exists: when
   * `finder` returns one, the create updates it from the request's parameters instead (an
   * `updated` change, of that operation) and answers with it. One finder per operation.
   */
  findExisting(operationKey: string, finder: ExistingRecordFinder): void {
    if (this.existingFinders.has(operationKey)) throw new Error(`${operationKey} already has a finder`);
    this.existingFinders.set(operationKey, finder);
  }

  /**
   * Computes fields of a resource (`taskrouter_v1:taskrouter.v1.workspace.task`) whenever one of
   * its records is read, over what is stored. Such values never enter the shared list items
   * (./render.ts): a list lays them over each item per read. One function per resource.
   */
  computeFields(schemaKey: string, compute: ComputedFields): void {
    const collections = this.store.collectionsFor(schemaKey);
    if (collections.length === 0) throw new Error(`no collection holds ${schemaKey}`);
    for (const c of collections) {
      if (this.computed.has(c.id)) throw new Error(`fields of ${schemaKey} are already computed`);
      this.computed.set(c.id, compute);
    }
  }

  /** The handler registered for an emulator-only route, if any. */
  internalRoute(method: string, path: string): InternalRouteHandler | undefined {
    return this.internalRoutes.get(`${method} ${path}`);
  }

  /** Registers cleanup (timers, sockets) to run when the emulator closes. */
  onClose(fn: () => void | Promise<void>): void {
    this.closers.push(fn);
  }

  /** Runs the registered cleanups (called by the server's `close`). */
  async close(): Promise<void> {
    for (const fn of this.closers.splice(0)) await fn();
  }

  /** Runs an operation in-process through the same validation and store code as HTTP. */
  async dispatch(request: DispatchRequest): Promise<DispatchResult> {
    return this.dispatchSync(request);
  }

  /**
   * Synchronous {@link dispatch}, for use inside change hooks: its changes join the enclosing
   * request's, and are undone with them if that request fails.
   */
  dispatchSync(request: DispatchRequest): DispatchResult {
    const q = request.path.indexOf('?');
    const path = q < 0 ? request.path : request.path.slice(0, q);
    try {
      const query = q < 0 ? {} : decodeForm(request.path.slice(q + 1), 'query string');
      Object.assign(query, request.query ?? {});
      const writes = request.method === 'POST' || request.method === 'PATCH';
      const body: Params = {};
      if (writes && request.params) Object.assign(body, request.params);
      if (!writes && request.params) Object.assign(query, request.params);
      return this.handle({
        acting: request.accountSid,
        method: request.method,
        product: request.product,
        path,
        query,
        body,
        json: request.json,
        origin: request.origin ?? this.baseUrl,
        ...(request.headers ? { headers: request.headers } : {}),
      });
    } catch (err) {
      return this.errorResult(err);
    }
  }

  /**
   * Entry point shared by HTTP and dispatch: the acting account is already authenticated.
   * `json`, when given, is the parsed body of a JSON-encoded request.
   */
  handle(req: {
    acting: string;
    method: string;
    product: string;
    path: string;
    query: Params;
    body: Params;
    json?: unknown;
    origin: string;
    headers?: RequestHeaders;
    /** The result goes straight to JSON: rendered list items may be shared (see `RenderContext`). */
    shareRendered?: boolean;
  }): DispatchResult {
    let operation: Operation | undefined;
    try {
      const match = this.router.match(req.product, req.method, req.path);
      const { bound } = match;
      operation = bound.op;
      const body = req.json !== undefined ? { ...req.body, ...paramsFromJson(req.json) } : req.body;
      validateParams(bound.op, match.pathParams, req.query, body);
      const ifMatch = bound.collection.conditional ? firstHeader(req.headers?.['if-match']) : undefined;
      const accountSid = this.owningAccount(bound, req.acting, match.pathParams);
      // `/v1/Conversations/order-1042` addresses the conversation by its unique name: from here on, by its SID.
      // Most operations address no aliased collection: their path values come back as they were.
      const resolved = resolveAliases(this.store, bound, accountSid, match.values);
      const values = resolved === match.values ? match.values : [...resolved];
      const pathParams =
        resolved === match.values ? match.pathParams : Object.fromEntries(Object.keys(match.pathParams).map((name, i) => [name, values[i] ?? '']));
      const call: Call = {
        bound,
        acting: req.acting,
        accountSid,
        pathParams,
        values,
        query: req.query,
        body,
        path: req.path,
        ctx: { origin: req.origin, ...(req.shareRendered ? { shareRendered: true } : {}) },
        ...(ifMatch !== undefined ? { ifMatch } : {}),
      };
      checkReferences(this.store, bound, call.accountSid, call.values, body);
      const mark = this.store.mark();
      try {
        const result = this.run(call);
        this.store.commit(mark);
        return { ...result, operation };
      } catch (err) {
        this.store.rollback(mark);
        throw err;
      }
    } catch (err) {
      return { ...this.errorResult(err), ...(operation ? { operation } : {}) };
    }
  }

  /** Renders a stored record as its resource schema (or `schemaKey`) would return it. */
  render(record: StoredRecord, options: { schemaKey?: string; origin?: string } = {}): Record<string, unknown> {
    const collection = this.store.collection(record.collection);
    return renderRecord(this.catalog.model, collection, this.asRead(collection, record), options.schemaKey ?? collection.schemaKey, {
      origin: options.origin ?? this.baseUrl,
    });
  }

  /** The record at a filled instance path (e.g. `/v1/Workspaces/WS…/Workers/WK…`), or undefined. */
  get(accountSid: string, product: string, path: string): StoredRecord | undefined {
    const match = this.router.match(product, 'GET', path);
    const c = match.bound.collection;
    if (match.bound.kind === 'fetch') {
      const n = c.parentParams.length;
      return this.store.get(c, accountSid, match.values.slice(0, n), match.values[n] ?? '');
    }
    if (match.bound.kind === 'singletonFetch') return this.store.get(c, accountSid, match.values, '');
    return undefined;
  }

  /**
   * Adds a record server-side under a filled list path (e.g. Reservations, which have no create
   * operation): defaults, account and parent SIDs are filled as for a create; `fields` override
   * them (give the id field to choose the id). The parent must exist. Fires no hooks.
   */
  insert(accountSid: string, product: string, listPath: string, fields: RecordData = {}): StoredRecord {
    const match = this.router.match(product, 'GET', listPath);
    const c = match.bound.collection;
    if (match.bound.kind !== 'list') throw new Error(`${listPath} is not a list path`);
    this.requireParent(c, accountSid, match.values);
    const given = fields[c.idField];
    const id = typeof given === 'string' && given !== '' ? given : this.newId(c);
    const data = newRecordData(c, this.address(c, accountSid, match.pathParams, id), {}, new Date());
    return this.store.put(c, accountSid, match.values, id, { ...data, ...fields });
  }

  /** The auth token of an account (main or sub), for signing callbacks. */
  authTokenOf(accountSid: string): string | undefined {
    return this.accounts.authToken(accountSid);
  }

  private errorResult(err: unknown): DispatchResult {
    if (err instanceof EmulatorError) return { status: err.status, body: err.toBody() };
    this.log(`emulator: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const e = new EmulatorError(500, 20500, 'Internal Server Error');
    return { status: 500, body: e.toBody() };
  }

  /** For 2010 resources the account in the path (checked against the acting one); else the acting account. */
  private owningAccount(bound: BoundOperation, acting: string, pathParams: Record<string, string>): string {
    if (bound.spec.paging !== 'v2010') return acting;
    const inPath = pathParams['AccountSid'] ?? (bound.collection === this.accounts.collection ? pathParams['Sid'] : undefined);
    return inPath === undefined ? acting : this.accounts.reach(acting, inPath);
  }

  private run(call: Call): Omit<DispatchResult, 'operation'> {
    const { bound } = call;
    if (bound.collection === this.accounts.collection && !call.pathParams['Sid']) {
      return bound.kind === 'create' ? this.createSubaccount(call) : this.listAccounts(call);
    }
    switch (bound.kind) {
      case 'create':
        return this.create(call);
      case 'list':
        return this.list(call);
      case 'fetch':
        return this.fetch(call);
      case 'update':
        return this.update(call);
      case 'delete':
        return this.remove(call);
      case 'fetchByQuery':
      case 'deleteByQuery':
        return this.byQuery(call);
      case 'singletonFetch':
        return this.singletonFetch(call);
      case 'singletonUpdate':
        return this.singletonUpdate(call);
      case 'singletonDelete':
        return this.singletonDelete(call);
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private readRequest(call: Call): ReadRequest {
    return { operation: call.bound.op, accountSid: call.accountSid, pathParams: call.pathParams, query: call.query, engine: this };
  }

  /** A record with its computed fields (see {@link computeFields}) laid over its stored ones. */
  private asRead<R extends Pick<StoredRecord, 'data'>>(c: Collection, record: R): R {
    const compute = this.computed.get(c.id);
    return compute ? { ...record, data: { ...record.data, ...compute(record.data, new Date()) } } : record;
  }

  private parentIds(call: Call): string[] {
    return call.values.slice(0, call.bound.collection.parentParams.length);
  }

  private ownId(call: Call): string {
    return call.values[call.bound.collection.parentParams.length] ?? '';
  }

  private newId(c: Collection): string {
    return newSid(c.sidPrefix ?? '');
  }

  private address(c: Collection, accountSid: string, pathParams: Record<string, string>, id: string) {
    const parents: Record<string, string> = {};
    for (const [name, value] of Object.entries(pathParams)) if (name !== c.idParam) parents[name] = value;
    return { accountSid, parents, idField: c.idField, id };
  }

  /** 404 unless the record a collection hangs under exists. */
  private requireParent(c: Collection, accountSid: string, parentIds: readonly string[]): void {
    const parent = c.parent;
    if (!parent || parent.virtual) return;
    const n = parent.parentParams.length;
    const id = parentIds[n];
    if (id === undefined) return;
    if (!this.store.get(parent, accountSid, parentIds.slice(0, n), id)) {
      throw notFound(`The requested resource ${recordPath(parent, parentIds.slice(0, n), id)} was not found`);
    }
  }

  private output(call: Call, record: Pick<StoredRecord, 'parentIds' | 'id' | 'data'> & { revision?: number }): Omit<DispatchResult, 'operation'> {
    const { op } = call.bound;
    if (op.result.kind === 'none') return { status: op.successStatus, body: undefined };
    const c = homeOf(call.bound.collection);
    const body = renderRecord(this.catalog.model, c, this.asRead(c, record), op.result.schema, call.ctx);
    const etag = c.conditional && record.revision !== undefined ? { ETag: String(record.revision) } : undefined;
    return { status: op.successStatus, body, ...(etag ? { headers: etag } : {}) };
  }

  /** 412/20412 when the request's `If-Match` names another revision than the record's (`*` matches any). */
  private checkIfMatch(call: Call, record: StoredRecord): void {
    if (call.ifMatch === undefined) return;
    const wanted = call.ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
    if (wanted.includes('*') || wanted.includes(String(record.revision))) return;
    throw new EmulatorError(412, 20412, `Precondition failed: If-Match '${call.ifMatch}' does not match the current ETag '${record.revision}'`);
  }

  private fire(type: ChangeType, call: Call, stored: StoredRecord, previous?: RecordData): void {
    const byKey = this.hooks.get(type);
    if (!byKey) return;
    const { op } = call.bound;
    const c = homeOf(call.bound.collection);
    // A record created through a variant list is also a change of the resource it stores.
    const keys = new Set([op.key, call.bound.collection.schemaKey, call.bound.collection.id, c.schemaKey, c.id, '*']);
    if (op.result.kind !== 'none') keys.add(op.result.schema);
    const handlers = [...keys].flatMap((k) => byKey.get(k) ?? []);
    if (handlers.length === 0) return;
    const schema = op.result.kind !== 'none' ? op.result.schema : c.schemaKey;
    const event: ChangeEvent = {
      type,
      operation: op,
      accountSid: stored.accountSid,
      params: { ...call.query, ...call.body, ...call.pathParams },
      record: renderRecord(this.catalog.model, c, this.asRead(c, stored), schema, call.ctx),
      stored,
      ...(previous ? { previous } : {}),
      engine: this,
    };
    for (const h of handlers) h(event);
  }

  private createStored(call: Call, id: string, parentIds: readonly string[]): StoredRecord {
    const c = homeOf(call.bound.collection);
    const data = newRecordData(c, this.address(c, call.accountSid, call.pathParams, id), call.body, new Date(), call.bound.params);
    // Credentials Twilio generates: a key's secret, an account's auth token.
    for (const secret of ['secret', 'auth_token']) if (c.fields.has(secret) && data[secret] == null) data[secret] = newSecret();
    const via = c === call.bound.collection ? undefined : call.bound.collection.id;
    return this.store.put(c, call.accountSid, parentIds, id, data, via);
  }

  // --- operations ------------------------------------------------------------------------------

  private create(call: Call): Omit<DispatchResult, 'operation'> {
    const c = homeOf(call.bound.collection);
    const parentIds = this.parentIds(call);
    this.requireParent(c, call.accountSid, parentIds);
    const computed = this.fieldProviders.get(call.bound.op.key);
    if (computed) {
      // A read Twilio takes as a POST: answered from current state, nothing stored.
      const data = newRecordData(c, this.address(c, call.accountSid, call.pathParams, ''), {}, new Date());
      return this.output(call, { parentIds, id: '', data: { ...data, ...computed({ ...this.readRequest(call), body: call.body }) } });
    }
    const existing = this.existingFinders.get(call.bound.op.key)?.({ ...this.readRequest(call), body: call.body });
    if (existing) return this.updateRecord(call, c, existing);
    const given = c.idParam ? call.body[c.idParam] ?? call.body[c.idField] : undefined;
    const id = typeof given === 'string' && given !== '' && !c.sidPrefix ? given : this.newId(c);
    if (this.store.get(c, call.accountSid, parentIds, id)) {
      throw new EmulatorError(409, 20409, `A resource with ${c.idParam ?? 'Sid'} '${id}' already exists`);
    }
    const stored = this.createStored(call, id, parentIds);
    checkUnique(this.store, c, stored);
    this.fire('created', call, stored);
    return this.output(call, stored);
  }

  private list(call: Call): Omit<DispatchResult, 'operation'> {
    const variant = call.bound.collection;
    const c = homeOf(variant);
    const parentIds = this.parentIds(call);
    this.requireParent(c, call.accountSid, parentIds);
    const provided = this.listProviders.get(call.bound.op.key);
    // A variant list (`IncomingPhoneNumbers/Local.json`) shows what was created through it.
    let records = provided ? this.listedRecords(call, c, provided) : this.store.list(c, call.accountSid, parentIds);
    if (c !== variant) records = records.filter((r) => r.via === variant.id);
    const filter = listFilter(call.bound, call.query);
    if (filter) records = records.filter(filter);
    for (const provider of this.listFilters.get(call.bound.op.key) ?? []) {
      const predicate = provider(this.readRequest(call));
      if (predicate) records = records.filter(predicate);
    }
    return { status: call.bound.op.successStatus, body: this.page(call, records, isV2010List(call.bound.op), provided === undefined) };
  }

  /** A computed list's items as records of the moment (never stored; see {@link provideList}). */
  private listedRecords(call: Call, c: Collection, provider: ListProvider): StoredRecord[] {
    const parentIds = this.parentIds(call);
    const now = new Date();
    return provider(this.readRequest(call)).map(({ seq, id = '', fields }) => ({
      collection: c.id,
      accountSid: call.accountSid,
      parentIds,
      id,
      seq,
      revision: 1,
      data: { ...newRecordData(c, this.address(c, call.accountSid, call.pathParams, id), {}, now), ...fields },
    }));
  }

  /**
   * Pages records in list order: creation order, oldest first, except the 2010 API's lists
   * (Messages, Calls …), which Twilio returns newest first, unless `newestFirst` says otherwise;
   * an `Order`/`Ordering` parameter of the operation overrides either (see ./ordering.ts).
   */
  private page(call: Call, records: StoredRecord[], newestFirst = isV2010List(call.bound.op), stored = true): Record<string, unknown> {
    const { op } = call.bound;
    if (op.result.kind !== 'list') throw new Error(`${op.key} is not a list operation`);
    const c = homeOf(call.bound.collection);
    const filled = fillTemplate(op.path, call.values);
    const order = listOrder(call.bound, call.query, newestFirst);
    const ordered = [...records].sort(order.compare);
    const parentIds = this.parentIds(call);
    const itemSchema = op.result.kind === 'list' ? op.result.schema : undefined;
    const fetchOnly = (itemSchema && this.catalog.model.schemas[itemSchema]?.fetchOnly) || [];
    // Only stored records have a rendering to share: computed items are new on every read.
    const shared = call.ctx.shareRendered && stored ? sharedListItems(this.catalog.model, c, itemSchema, call.ctx, fetchOnly) : undefined;
    const compute = this.computed.get(c.id);
    return buildPage(
      ordered,
      {
        order,
        // A token's record is placed by its fields even when a filter now leaves it out.
        anchor: (seq) => this.store.list(c, call.accountSid, parentIds).find((r) => r.seq === seq),
        format: op.result.paging,
        key: op.result.key,
        absoluteBase: productUrl(call.ctx, call.bound.product, filled),
        relativeBase: filled,
        query: call.query,
        ...(op.result.unpaged ? { unpaged: true } : {}),
        ...(call.bound.params.get('PageSize')?.maximum !== undefined ? { maxPageSize: call.bound.params.get('PageSize')!.maximum! } : {}),
      },
      (r) => {
        // As Twilio does, list reads leave out the fields it only returns on a fetch.
        if (shared) {
          const item = shared(r);
          // Values of the moment go over the shared item, never into it.
          return compute ? { ...item, ...renderValues(this.catalog.model, c, compute(r.data, new Date()), itemSchema) } : item;
        }
        const item = renderRecord(this.catalog.model, c, this.asRead(c, r), itemSchema, call.ctx);
        for (const field of fetchOnly) item[field] = null;
        return item;
      },
    );
  }

  private fetch(call: Call): Omit<DispatchResult, 'operation'> {
    const c = call.bound.collection;
    const parentIds = this.parentIds(call);
    const id = this.ownId(call);
    const record = this.store.get(c, call.accountSid, parentIds, id);
    if (record) return this.output(call, record);
    if (c.virtual) {
      this.requireParent(c, call.accountSid, parentIds);
      const data = newRecordData(c, this.address(c, call.accountSid, call.pathParams, id), {}, new Date());
      return this.output(call, { parentIds, id, data });
    }
    throw notFound(`The requested resource ${call.path} was not found`);
  }

  private update(call: Call): Omit<DispatchResult, 'operation'> {
    const c = call.bound.collection;
    const parentIds = this.parentIds(call);
    const id = this.ownId(call);
    const record = this.store.get(c, call.accountSid, parentIds, id);
    if (!record) {
      // Associations (`…/Domains/{DomainSid}/MessagingServices/{MessagingServiceSid}`) are made by POSTing the instance.
      if (c.creatable || c.fetchable) throw notFound(`The requested resource ${call.path} was not found`);
      this.requireParent(c, call.accountSid, parentIds);
      const stored = this.createStored(call, id, parentIds);
      this.fire('created', call, stored);
      return this.output(call, stored);
    }
    this.checkIfMatch(call, record);
    return this.updateRecord(call, c, record);
  }

  /** Sets a record's fields from the request's parameters (never its id) and fires `updated`. */
  private updateRecord(call: Call, c: Collection, record: StoredRecord): Omit<DispatchResult, 'operation'> {
    const previous = record.data;
    const fields = fieldsFromParams(c, call.body, { types: call.bound.params, current: previous });
    delete fields[c.idField];
    this.store.patch(record, fields);
    checkUnique(this.store, c, record, previous);
    this.fire('updated', call, record, previous);
    return this.output(call, record);
  }

  private remove(call: Call): Omit<DispatchResult, 'operation'> {
    const c = call.bound.collection;
    const record = this.store.get(c, call.accountSid, this.parentIds(call), this.ownId(call));
    if (!record) throw notFound(`The requested resource ${call.path} was not found`);
    this.checkIfMatch(call, record);
    this.store.remove(record);
    this.fire('deleted', call, record);
    return { status: call.bound.op.successStatus, body: undefined };
  }

  private byQuery(call: Call): Omit<DispatchResult, 'operation'> {
    const c = call.bound.collection;
    const parentIds = this.parentIds(call);
    this.requireParent(c, call.accountSid, parentIds);
    const filter = listFilter(call.bound, call.query) ?? (() => true);
    const record = this.store.list(c, call.accountSid, parentIds).find(filter);
    if (!record) throw notFound(`The requested resource ${call.path} was not found`);
    if (call.bound.kind === 'fetchByQuery') return this.output(call, record);
    this.store.remove(record);
    this.fire('deleted', call, record);
    return { status: call.bound.op.successStatus, body: undefined };
  }

  private singletonFetch(call: Call): Omit<DispatchResult, 'operation'> {
    const c = call.bound.collection;
    this.requireParent(c, call.accountSid, call.values);
    const record = this.store.get(c, call.accountSid, call.values, '');
    const provider = this.fieldProviders.get(call.bound.op.key);
    if (record && !provider) return this.output(call, record);
    const base = record?.data ?? newRecordData(c, this.address(c, call.accountSid, call.pathParams, ''), fieldsQuery(call), new Date());
    const data = provider ? { ...base, ...provider(this.readRequest(call)) } : base;
    return this.output(call, { parentIds: call.values, id: '', data, ...(record ? { revision: record.revision } : {}) });
  }

  private singletonUpdate(call: Call): Omit<DispatchResult, 'operation'> {
    const c = call.bound.collection;
    this.requireParent(c, call.accountSid, call.values);
    const record = this.store.get(c, call.accountSid, call.values, '');
    if (!record) {
      const stored = this.createStored(call, '', call.values);
      this.fire('created', call, stored);
      return this.output(call, stored);
    }
    const previous = record.data;
    this.store.patch(record, fieldsFromParams(c, call.body, { types: call.bound.params, current: previous }));
    this.fire('updated', call, record, previous);
    return this.output(call, record);
  }

  private singletonDelete(call: Call): Omit<DispatchResult, 'operation'> {
    const record = this.store.get(call.bound.collection, call.accountSid, call.values, '');
    if (!record) throw notFound(`The requested resource ${call.path} was not found`);
    this.store.remove(record);
    this.fire('deleted', call, record);
    return { status: call.bound.op.successStatus, body: undefined };
  }

  // --- the 2010 Accounts list: the acting account and its subaccounts ---------------------------

  private listAccounts(call: Call): Omit<DispatchResult, 'operation'> {
    const filter = listFilter(call.bound, call.query);
    const visible = this.accounts.visible(call.acting);
    const records = filter ? visible.filter(filter) : visible;
    // The acting (main) account first, then its subaccounts as they were created.
    return { status: call.bound.op.successStatus, body: this.page(call, records, false) };
  }

  private createSubaccount(call: Call): Omit<DispatchResult, 'operation'> {
    const acting = this.accounts.get(call.acting);
    if (!acting || acting.data['owner_account_sid'] !== call.acting) throw authError('Subaccounts cannot create subaccounts');
    const c = call.bound.collection;
    const sid = this.newId(c);
    const now = new Date();
    const data = newRecordData(c, { accountSid: sid, parents: {}, idField: 'sid', id: sid }, call.body, now, call.bound.params);
    Object.assign(data, {
      auth_token: newSecret(),
      owner_account_sid: call.acting,
      status: 'active',
      type: acting.data['type'] ?? 'Full',
    });
    if (data['friendly_name'] == null) data['friendly_name'] = `SubAccount Created at ${now.toISOString()}`;
    const stored = this.store.put(c, sid, [], sid, data);
    this.fire('created', { ...call, accountSid: sid }, stored);
    return this.output(call, stored);
  }
}

/**
 * Declared query parameters that name fields of a singleton (statistics asked for a
 * `TaskChannel`, say); undeclared ones are ignored, as Twilio does.
 */
function fieldsQuery(call: Call): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(call.query)) {
    if (call.bound.params.get(k)?.in === 'query' && call.bound.collection.fields.has(snakeCase(k))) out[k] = v;
  }
  return out;
}

/** Whether an operation lists with the 2010 API's envelope (and order). */
function isV2010List(op: Operation): boolean {
  return op.result.kind === 'list' && op.result.paging === 'v2010';
}

/** The first value of a request header (node:http joins most repeats; some arrive as arrays). */
function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The collection a collection's records are stored in: its own, or for a variant list the resource's. */
function homeOf(c: Collection): Collection {
  return c.storedIn ?? c;
}
