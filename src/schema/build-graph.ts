import type { ApiModel, Field, Operation, Param } from '../spec/model.js';
import type { Graph, GraphArg, GraphField, GraphType } from './graph.js';
import type { FieldPlan, MappedOperation, OperationMap, ValueSource } from './operation-map.js';
import {
  SEGMENT_ALIASES,
  argumentName,
  camelCase,
  defaultTypeName,
  fieldName,
  lowerFirst,
  operationFieldName,
  pascalCase,
  productDocs,
  singularize,
  snakeCase,
} from './naming.js';
import { endsWithParam, isPathPrefix, pathParams, pathShape, type PathShape } from './paths.js';
import { resolveTypeNames, type TypeNames } from './type-names.js';
import { ValueTypes } from './value-types.js';

/** Query parameters that connections handle through `first`/`after`. */
const PAGING_PARAMS = new Set(['PageSize', 'Page', 'PageToken']);
/** Largest `first` a connection accepts unless the operation allows less. */
export const MAX_PAGE_SIZE = 1000;
const ACCOUNT_FETCH = 'api_v2010:FetchAccount';

/** Where each operation ended up in the schema: `Type.field`, for the coverage report. */
export type Placements = Map<string, string[]>;

/** The generator's result: the schema graph, the runtime map and the coverage placements. */
export interface BuiltGraph {
  graph: Graph;
  map: OperationMap;
  placements: Placements;
}

/** A GET operation's field before its name is final. */
interface QueryPlacement {
  parent: string;
  op: Operation;
  name: string;
  path: Record<string, ValueSource>;
}

interface ResourceType {
  name: string;
  spec: string;
  /** Wire field name → field, merged across the schemas sharing this type. */
  fields: Map<string, Field>;
  graph: GraphType;
}

/**
 * Builds the GraphQL schema graph and the operation map from the API model.
 * Deterministic: the same model always gives the same output.
 */
export function buildGraph(model: ApiModel): BuiltGraph {
  return new GraphBuilder(model).build();
}

class GraphBuilder {
  private readonly names: TypeNames;
  private readonly graph: Graph = new Map();
  private readonly values: ValueTypes;
  private readonly map: OperationMap;
  private readonly types = new Map<string, ResourceType>();
  private readonly taken = new Map<string, Set<string>>();
  private readonly placements: Placements = new Map();
  private readonly ops: Operation[];
  private readonly opsByKey = new Map<string, Operation>();
  private readonly connectionTypes = new Set<string>();

  constructor(private readonly model: ApiModel) {
    this.names = resolveTypeNames(model);
    this.values = new ValueTypes(this.graph, this.names);
    this.map = { version: 1, operations: {}, types: {}, fields: {}, enums: this.values.enums, inputs: {} };
    this.ops = [...model.operations].sort((a, b) => compare(a.spec + a.path + a.method, b.spec + b.path + b.method));
    for (const op of this.ops) this.opsByKey.set(op.key, op);
  }

  build(): BuiltGraph {
    this.addSharedTypes();
    this.addResourceTypes();
    this.addRawFieldsToEmptyTypes();
    for (const op of this.ops) this.map.operations[op.key] = this.mapOperation(op);
    this.addNodeFields();
    this.addLinkFields();
    this.placeQueries();
    for (const op of this.ops) if (op.method !== 'GET') this.placeMutation(op);
    this.finishConnections();
    return { graph: this.graph, map: this.map, placements: this.placements };
  }

  // ---- types -------------------------------------------------------------------------

  private addSharedTypes(): void {
    const scalar = (name: string, description: string): void => {
      this.graph.set(name, { kind: 'scalar', name, description });
    };
    scalar('DateTime', 'An ISO 8601 date-time in UTC. Accepts ISO 8601 input; whatever format Twilio sends is returned as ISO 8601.');
    scalar('JSON', 'Any JSON value. Twilio fields that hold JSON text (attributes, configuration) are returned parsed.');
    scalar('URL', 'A URL as Twilio returns it (absolute for v1/v2 APIs, relative to the API host for the 2010 API).');
    this.graph.set('Node', {
      kind: 'interface',
      name: 'Node',
      description: 'A resource that can be refetched by its global id.',
      fields: [{ name: 'id', type: 'ID!', args: [], description: 'Global id: enough to refetch the resource with Query.node.' }],
    });
    this.graph.set('PageInfo', {
      kind: 'object',
      name: 'PageInfo',
      description: 'Relay page information, mapped onto Twilio paging.',
      fields: [
        { name: 'hasNextPage', type: 'Boolean!', args: [] },
        { name: 'hasPreviousPage', type: 'Boolean!', args: [] },
        { name: 'startCursor', type: 'String', args: [] },
        { name: 'endCursor', type: 'String', args: [] },
      ],
    });
    this.graph.set('Query', { kind: 'object', name: 'Query', fields: [] });
    this.graph.set('Mutation', { kind: 'object', name: 'Mutation', fields: [] });
    this.taken.set('Query', new Set());
    this.taken.set('Mutation', new Set());
    this.addField('Query', { name: 'node', type: 'Node', args: [{ name: 'id', type: 'ID!' }], description: 'Refetches any resource by its global id.' });
  }

  private addResourceTypes(): void {
    const keys = Object.keys(this.model.schemas).sort();
    for (const key of keys) {
      const schema = this.model.schemas[key]!;
      const name = this.names.ofSchema.get(key)!;
      let type = this.types.get(name);
      if (!type) {
        const docs = productDocs(schema.spec);
        type = {
          name,
          spec: schema.spec,
          fields: new Map(),
          graph: { kind: 'object', name, description: `${docs.title} resource. Docs: ${docs.docs}`, fields: [] },
        };
        this.types.set(name, type);
        this.graph.set(name, type.graph);
        this.taken.set(name, new Set(['id']));
        this.map.types[name] = { fields: {} };
      }
      if (schema.fetchOnly) this.map.types[name]!.fetchOnly = [...schema.fetchOnly];
      for (const field of schema.fields) {
        if (type.fields.has(field.name)) continue;
        type.fields.set(field.name, field);
        // A wire field literally called `id` would shadow Node.id.
        const gql = field.name === 'id' ? 'twilioId' : fieldName(field.name);
        this.addField(name, { name: gql, type: this.values.output(field, schema.spec, name), args: [] });
        this.map.types[name]!.fields[gql] = field.name;
      }
    }
  }

  /** A spec schema that declares no properties still gets a readable type: its whole object. */
  private addRawFieldsToEmptyTypes(): void {
    for (const type of this.types.values()) {
      if (type.graph.fields!.length > 0) continue;
      this.addField(type.name, { name: 'raw', type: 'JSON', args: [], description: 'The whole response object (the spec declares no fields).' });
      this.map.types[type.name]!.fields['raw'] = '';
    }
  }

  /** Adds a field under a unique name; returns the name used. */
  private addField(typeName: string, field: GraphField, alternatives: string[] = []): string {
    const name = this.reserveName(typeName, field.name, alternatives);
    this.graph.get(typeName)!.fields!.push({ ...field, name });
    return name;
  }

  /**
   * Claims the first free name of `preferred`, `alternatives`, then `preferred2`, `preferred3`…
   * on `typeName`. Callers that derive other names from a field's (an input type's) reserve first.
   */
  private reserveName(typeName: string, preferred: string, alternatives: string[] = []): string {
    const taken = this.taken.get(typeName)!;
    let name = [preferred, ...alternatives].find((c) => !taken.has(c));
    for (let n = 2; !name; n++) if (!taken.has(`${preferred}${n}`)) name = `${preferred}${n}`;
    taken.add(name);
    return name;
  }

  private typeOfSchema(schemaKey: string): string {
    return this.names.ofSchema.get(schemaKey)!;
  }

  // ---- operations --------------------------------------------------------------------

  private mapOperation(op: Operation): MappedOperation {
    const spec = this.model.specs.find((s) => s.id === op.spec)!;
    const mapped: MappedOperation = {
      product: spec.product,
      method: op.method,
      path: op.path,
      params: {},
      result: op.result.kind,
    };
    if (op.bodyEncoding) mapped.bodyEncoding = op.bodyEncoding;
    if (op.oneOf) mapped.oneOf = op.oneOf;
    for (const p of op.params) {
      const entry: MappedOperation['params'][string] = { in: p.in };
      if (p.type.kind === 'string' && p.type.pattern && (p.in === 'path' || p.type.sidPrefixes)) entry.pattern = p.type.pattern;
      if (this.values.isJsonText(p)) entry.json = true;
      mapped.params[p.name] = entry;
    }
    if (op.result.kind === 'list') {
      mapped.listKey = op.result.key;
      mapped.paging = op.result.paging;
      const pageSize = op.params.find((p) => p.name === 'PageSize');
      mapped.maxPageSize = Math.min(pageSize?.maximum ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    }
    return mapped;
  }

  /** GET operations returning one object: the candidates for owners, links and Node. */
  private fetchOps(): Operation[] {
    return this.ops.filter((o) => o.method === 'GET' && o.result.kind === 'instance');
  }

  /** Value source for `param` of `ownerOp`'s path, read from an object of `typeName`. */
  private sourceOnObject(typeName: string, ownerOp: Operation, param: string): ValueSource | undefined {
    const type = this.types.get(typeName)!;
    const wire = param === 'Sid' ? 'sid' : snakeCase(param);
    if (type.fields.has(wire)) return { from: 'field', field: wire };
    if (type.fields.has('url') || type.fields.has('uri')) return { from: 'url', template: ownerOp.path, param };
    return undefined;
  }

  /** Sources for all path params of `op` read from an object of its own result type. */
  private selfSources(op: Operation, typeName: string): Record<string, ValueSource> | undefined {
    const path: Record<string, ValueSource> = {};
    for (const param of pathParams(op)) {
      const source = this.sourceOnObject(typeName, op, param);
      if (!source) return undefined;
      path[param] = source;
    }
    return path;
  }

  private addNodeFields(): void {
    const done = new Set<string>();
    // Prefer fetch operations that end in their own `{Sid}`: they address one resource.
    const candidates = this.fetchOps().sort((a, b) => Number(endsWithParam(b.path)) - Number(endsWithParam(a.path)));
    for (const op of candidates) {
      if (op.result.kind !== 'instance') continue;
      const typeName = this.typeOfSchema(op.result.schema);
      if (done.has(typeName)) continue;
      const path = this.selfSources(op, typeName);
      if (!path || Object.keys(path).length === 0) continue;
      done.add(typeName);
      const type = this.types.get(typeName)!;
      type.graph.interfaces = ['Node'];
      type.graph.fields!.unshift({ name: 'id', type: 'ID!', args: [], description: 'Global id (see Query.node).' });
      this.map.types[typeName]!.node = { op: op.key, path };
    }
  }

  // ---- links: `Worker.activity` from `activity_sid` ----------------------------------------

  private addLinkFields(): void {
    const byPrefix = new Map<string, Array<{ op: Operation; typeName: string; schemaKey: string }>>();
    for (const op of this.fetchOps()) {
      if (op.result.kind !== 'instance' || !endsWithParam(op.path)) continue;
      const schema = this.model.schemas[op.result.schema]!;
      for (const prefix of schema.sidPrefixes) {
        const list = byPrefix.get(prefix) ?? byPrefix.set(prefix, []).get(prefix)!;
        list.push({ op, typeName: this.typeOfSchema(op.result.schema), schemaKey: op.result.schema });
      }
    }
    for (const type of [...this.types.values()].sort((a, b) => compare(a.name, b.name))) {
      for (const field of type.fields.values()) {
        if (field.name === 'sid' || !field.name.endsWith('_sid') || field.type.kind !== 'string') continue;
        const prefix = field.type.sidPrefixes?.[0];
        if (!prefix) continue;
        const base = field.name.slice(0, -'_sid'.length);
        const choice = this.chooseLinkTarget(type, field.name, base, byPrefix.get(prefix) ?? []);
        if (!choice) continue;
        const { target, path } = choice;
        const linkName =
          pascalCase(base) === defaultTypeName(target.schemaKey) || pascalCase(base) === target.typeName
            ? lowerFirst(target.typeName)
            : camelCase(base);
        const name = this.addField(
          type.name,
          { name: linkName, type: target.typeName, args: [], description: `The ${target.typeName} named by \`${field.name}\` (${target.op.method} ${target.op.path}).` },
          [`${camelCase(base)}Resource`],
        );
        this.setPlan(type.name, name, { kind: 'fetch', op: target.op.key, path, requires: field.name }, target.op.key);
      }
    }
  }

  /**
   * The fetch a SID field links to, with the path it is filled from. Among the candidates whose
   * every path parameter the object can fill, the one named like the field in the object's own
   * spec wins; on a tie, the one filling more parameters (a conversation's message links the
   * service-scoped conversation when it knows its `chat_service_sid`). A remaining tie links nothing.
   */
  private chooseLinkTarget(
    type: ResourceType,
    wire: string,
    base: string,
    candidates: Array<{ op: Operation; typeName: string; schemaKey: string }>,
  ): { target: { op: Operation; typeName: string; schemaKey: string }; path: Record<string, ValueSource> } | undefined {
    const usable: Array<{ target: (typeof candidates)[number]; path: Record<string, ValueSource>; rank: number; filled: number }> = [];
    for (const target of candidates) {
      const params = pathParams(target.op);
      const path: Record<string, ValueSource> = {};
      let ok = true;
      params.forEach((param, i) => {
        const source = i === params.length - 1 ? { from: 'field' as const, field: wire } : this.parentSource(type, base, target.op, param);
        if (source) path[param] = source;
        else ok = false;
      });
      if (!ok) continue;
      const named = pascalCase(base) === defaultTypeName(target.schemaKey) || target.typeName.endsWith(pascalCase(base));
      const rank = (named ? 2 : 0) + (target.op.spec === type.spec ? 1 : 0);
      usable.push({ target, path, rank, filled: params.length });
    }
    if (usable.length === 0) return undefined;
    usable.sort((a, b) => b.rank - a.rank || b.filled - a.filled);
    const [best, next] = usable;
    if (next && next.rank === best!.rank && next.filled === best!.filled) return undefined; // ambiguous: no guess
    return best;
  }

  /**
   * Where an object finds a parent SID (`param`, e.g. `WorkspaceSid`) of the resource its
   * `${base}_sid` field links to: a sibling field (`workspace_sid`); its own path, when the target
   * lives under it (a Workspace's `default_activity_sid` is in that workspace, its own `sid`); or a
   * sibling sharing the field's leading words (`taskrouter_target_workflow_sid` next to
   * `taskrouter_workspace_sid`).
   */
  private parentSource(type: ResourceType, base: string, target: Operation, param: string): ValueSource | undefined {
    const wire = snakeCase(param);
    if (type.fields.has(wire)) return { from: 'field', field: wire };
    const node = this.map.types[type.name]!.node;
    if (node) {
      const own = pathShape(this.opsByKey.get(node.op)!.path);
      const shape = pathShape(target.path);
      const at = shape.params.indexOf(param);
      if (isPathPrefix(own, shape) && at < own.segments.length && own.params[at] !== undefined) return node.path[own.params[at]!];
    }
    const words = base.split('_');
    for (let n = words.length - 1; n > 0; n--) {
      const prefixed = `${words.slice(0, n).join('_')}_${wire}`;
      if (type.fields.has(prefixed)) return { from: 'field', field: prefixed };
    }
    return undefined;
  }

  // ---- placing operations as fields ------------------------------------------------

  /** Finds the nearest fetchable ancestor whose object supplies the leading path params. */
  private findOwner(op: Operation): { owner: Operation; typeName: string; path: Record<string, ValueSource>; depth: number } | undefined {
    const shape = pathShape(op.path);
    const owners = this.fetchOps()
      .filter((o) => o.spec === op.spec && o !== op && isPathPrefix(pathShape(o.path), shape))
      .sort((a, b) => pathShape(b.path).segments.length - pathShape(a.path).segments.length);
    for (const owner of owners) {
      if (owner.result.kind !== 'instance') continue;
      const typeName = this.typeOfSchema(owner.result.schema);
      const ownerShape = pathShape(owner.path);
      const path: Record<string, ValueSource> = {};
      let ok = true;
      ownerShape.params.forEach((ownerParam, i) => {
        if (ownerParam === undefined) return;
        const source = this.sourceOnObject(typeName, owner, ownerParam);
        if (source) path[shape.params[i]!] = source;
        else ok = false;
      });
      if (ok) return { owner, typeName, path, depth: ownerShape.segments.length };
    }
    return undefined;
  }

  /**
   * Places every GET as fields. A fetch and a list wanting one name (`Query.credentialAws`,
   * `Message.media`, whose resource names read the same in the plural) leave it to the fetch;
   * the list takes `List`.
   */
  private placeQueries(): void {
    const wanted = this.ops.filter((op) => op.method === 'GET').flatMap((op) => this.queryPlacements(op));
    const fetches = new Set(wanted.filter((w) => w.op.result.kind === 'instance').map((w) => `${w.parent}.${w.name}`));
    for (const { parent, op, name, path } of wanted) {
      const list = op.result.kind === 'list' && fetches.has(`${parent}.${name}`);
      this.addOperationField(parent, op, list ? `${name}List` : name, path);
    }
  }

  /** Where a GET goes: under its owner, and on Query when it has none or is account-scoped. */
  private queryPlacements(op: Operation): QueryPlacement[] {
    if (op.result.kind === 'none') return [];
    const owner = this.findOwner(op);
    const root = !owner || owner.owner.key === ACCOUNT_FETCH;
    const rootName = operationFieldName(op, this.names.ofClass);
    const placements: QueryPlacement[] = [];
    if (owner) {
      // An Account's fields mirror the account-scoped root fields, under the same names.
      const name = root ? rootName : nestedFieldName(op, pathShape(op.path), owner.depth);
      placements.push({ parent: owner.typeName, op, name, path: owner.path });
    }
    if (root) {
      const path: Record<string, ValueSource> = owner ? { ...owner.path } : {};
      if (owner) for (const key of Object.keys(path)) if (key === 'AccountSid') path[key] = { from: 'account' };
      placements.push({ parent: 'Query', op, name: rootName, path });
    }
    return placements;
  }

  /** Adds a Query/nested field for a GET operation: fetch or connection. */
  private addOperationField(parent: string, op: Operation, name: string, given: Record<string, ValueSource>): void {
    const typeName = this.typeOfSchema((op.result as { schema: string }).schema);
    const args: GraphArg[] = [];
    const plan: FieldPlan = { kind: op.result.kind === 'list' ? 'connection' : 'fetch', op: op.key, path: {} };
    this.pathArgs(op, given, args, plan);
    this.paramArgs(op, op.params.filter((p) => (p.in === 'query' || p.in === 'header') && !PAGING_PARAMS.has(p.name)), args, plan, typeName);
    let type = typeName;
    if (op.result.kind === 'list') {
      const max = this.map.operations[op.key]!.maxPageSize!;
      args.push({ name: 'first', type: 'Int', defaultValue: String(Math.min(50, max)) }, { name: 'after', type: 'String' });
      // Nullable, like every field that calls Twilio: a failed page is null with its error beside
      // it, and the rest of the response stands (a non-null field would null its parent too).
      type = `${typeName}Connection`;
      this.connectionTypes.add(typeName);
    }
    const description = `${op.method} ${op.path} (${productDocs(op.spec).title})`;
    const used = this.addField(parent, { name, type, args: uniqueArgs(args, `${parent}.${name}`), description }, [`${name}${op.result.kind === 'list' ? 'List' : 'Item'}`]);
    this.setPlan(parent, used, plan, op.key);
  }

  /** Path parameters not supplied by the parent become arguments. */
  private pathArgs(op: Operation, given: Record<string, ValueSource>, args: GraphArg[], plan: FieldPlan): void {
    for (const param of pathParams(op)) {
      const source = given[param];
      if (source) {
        plan.path[param] = source;
        continue;
      }
      const arg = argumentName(param);
      const def = op.params.find((p) => p.name === param && p.in === 'path')!;
      const accountScoped = op.spec === 'api_v2010' && (param === 'AccountSid' || (param === 'Sid' && /^\/2010-04-01\/Accounts\/\{Sid\}/.test(op.path)));
      if (accountScoped) {
        plan.path[param] = { from: 'argOrAccount', arg };
        args.push({ name: arg, type: this.values.input(def, op.spec, '') });
      } else {
        plan.path[param] = { from: 'arg', arg };
        args.push({ name: arg, type: `${this.values.input(def, op.spec, '')}!` });
      }
    }
  }

  private paramArgs(op: Operation, params: Param[], args: GraphArg[], plan: FieldPlan, context: string): void {
    for (const p of params) {
      const arg = argumentName(p.name);
      args.push({ name: arg, type: this.values.input(p, op.spec, context) + (p.required ? '!' : '') });
      (plan.args ??= {})[arg] = p.name;
    }
  }

  private placeMutation(op: Operation): void {
    // The name is claimed before anything is derived from it: two operations whose preferred
    // names collide (task and worker reservation updates) must not share an input type.
    const name = this.reserveName('Mutation', operationFieldName(op, this.names.ofClass), [
      lowerFirst(op.operationId),
      `${lowerFirst(op.operationId)}${pascalCase(op.spec)}`,
    ]);
    const args: GraphArg[] = [];
    const plan: FieldPlan = { kind: op.method === 'DELETE' ? 'delete' : 'mutation', op: op.key, path: {} };
    this.pathArgs(op, {}, args, plan);
    this.paramArgs(op, op.params.filter((p) => p.in === 'header' || p.in === 'query'), args, plan, pascalCase(name));
    const body = op.params.filter((p) => p.in === 'body');
    if (body.length > 0) {
      const inputName = `${pascalCase(name)}Input`;
      if (this.graph.has(inputName)) throw new Error(`Generated input type ${inputName} clashes with an existing type`);
      const fields: GraphField[] = [];
      const inputMap: Record<string, string> = {};
      for (const p of body) {
        let field = argumentName(p.name);
        while (field in inputMap) field += '_';
        inputMap[field] = p.name;
        fields.push({ name: field, type: this.values.input(p, op.spec, pascalCase(name)) + (p.required ? '!' : ''), args: [] });
      }
      this.graph.set(inputName, { kind: 'input', name: inputName, fields });
      this.map.inputs[inputName] = inputMap;
      args.push({ name: 'input', type: body.some((p) => p.required) ? `${inputName}!` : inputName });
      plan.input = inputName;
    }
    // Nullable for the same reason as connections: a failed delete must not hide earlier mutations' results.
    const type = op.result.kind === 'none' ? 'Boolean' : `${this.typeOfSchema(op.result.schema)}${op.result.kind === 'list' ? 'Connection' : ''}`;
    if (op.result.kind === 'list') this.connectionTypes.add(this.typeOfSchema(op.result.schema));
    const description = `${op.method} ${op.path} (${productDocs(op.spec).title})`;
    this.graph.get('Mutation')!.fields!.push({ name, type, args: uniqueArgs(args, `Mutation.${name}`), description });
    this.setPlan('Mutation', name, plan, op.key);
  }

  private setPlan(parent: string, field: string, plan: FieldPlan, opKey: string): void {
    (this.map.fields[parent] ??= {})[field] = plan;
    const list = this.placements.get(opKey) ?? this.placements.set(opKey, []).get(opKey)!;
    list.push(`${parent}.${field}`);
  }

  // ---- connections ---------------------------------------------------------------------

  private finishConnections(): void {
    for (const typeName of [...this.connectionTypes].sort()) {
      const connection = `${typeName}Connection`;
      const edge = `${typeName}Edge`;
      for (const name of [connection, edge]) if (this.graph.has(name)) throw new Error(`Generated type ${name} clashes with an existing type`);
      this.graph.set(connection, {
        kind: 'object',
        name: connection,
        description: `A page of ${typeName} items (Relay connection over Twilio paging).`,
        fields: [
          { name: 'edges', type: `[${edge}!]!`, args: [] },
          { name: 'nodes', type: `[${typeName}!]!`, args: [] },
          { name: 'pageInfo', type: 'PageInfo!', args: [] },
        ],
      });
      this.graph.set(edge, {
        kind: 'object',
        name: edge,
        fields: [
          { name: 'cursor', type: 'String!', args: [] },
          { name: 'node', type: `${typeName}!`, args: [] },
        ],
      });
    }
  }
}

/**
 * Nested field name from the path literals below the owner:
 * Workspace + `/Workers` → `workers`, + `/Workers/{Sid}` → `worker`,
 * + `/Workers/Statistics` → `workersStatistics`.
 */
function nestedFieldName(op: Operation, shape: PathShape, ownerDepth: number): string {
  const literals = shape.segments.slice(ownerDepth).filter((_, i) => shape.params[ownerDepth + i] === undefined);
  const words = literals.map((l) => SEGMENT_ALIASES[l] ?? l);
  if (op.result.kind === 'instance' && endsWithParam(op.path) && words.length > 0) {
    words[words.length - 1] = singularize(words[words.length - 1]!);
  }
  return camelCase(words.join('_')) || lowerFirst(op.operationId);
}

/** Argument names must be unique; a clash means a naming rule needs an override. */
function uniqueArgs(args: GraphArg[], fieldName: string): GraphArg[] {
  const seen = new Set<string>();
  for (const arg of args) {
    if (seen.has(arg.name)) throw new Error(`Generated field ${fieldName} has two arguments named ${arg.name}`);
    seen.add(arg.name);
  }
  return args;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
