/**
 * The emulator's view of the API model: which collection each operation works on and how.
 * Built once from the model; nothing here is per-resource code.
 */
import type { ApiModel, DependentProperty, Field, Operation, Param, SpecInfo } from '../spec/model.js';
import { isPlaceholder, placeholderName, shapeOf, snakeCase, splitTemplate } from './names.js';
import { bindAliases } from './aliases.js';
import { bindReferences, type Reference } from './references.js';

/**
 * What an operation does to its collection.
 * - `create`: POST on a list path adds a record.
 * - `list`: GET on a list path pages through records.
 * - `fetch` / `update` / `delete`: an instance path ending in a placeholder addresses one record.
 * - `fetchByQuery` / `deleteByQuery`: a list path that also has a create, addressed by query
 *   parameters (e.g. `GET /v1/SafeList/Numbers?PhoneNumber=…`).
 * - `singletonFetch` / `singletonUpdate` / `singletonDelete`: a path ending in a literal
 *   (configuration, statistics, settings) holding at most one stored object per parent.
 */
export type OperationKind =
  | 'create'
  | 'list'
  | 'fetch'
  | 'update'
  | 'delete'
  | 'fetchByQuery'
  | 'deleteByQuery'
  | 'singletonFetch'
  | 'singletonUpdate'
  | 'singletonDelete';

/** A set of records sharing a list path (or, for singletons, a path). */
export interface Collection {
  /** `${product}:${shape}`, e.g. `taskrouter:/v1/Workspaces/*\/Workers`. Stable across restarts. */
  id: string;
  product: string;
  spec: SpecInfo;
  /** The list path template (or the singleton's own path), as in the spec. */
  listTemplate: string;
  /** The instance path template, where the spec has one. */
  instanceTemplate?: string;
  /** Placeholder names of `listTemplate`: the parent ids every record carries. */
  parentParams: string[];
  /** Field holding a record's own id: `sid`, `identity`, `country` … */
  idField: string;
  /** Placeholder naming the record's own id in `instanceTemplate` (`Sid`, `Identity`). */
  idParam?: string;
  /** Prefix for generated ids, when the id is a SID. */
  sidPrefix?: string;
  /** Schema key (`spec:component`) of the resource this collection holds. */
  schemaKey: string;
  /** Union of the fields of every schema its operations return. */
  fields: Map<string, Field>;
  singleton: boolean;
  /** Whether a create operation exists (otherwise records come from seeds, behaviours or upserts). */
  creatable: boolean;
  /** Whether a fetch operation exists (an update on a collection without create or fetch is an upsert). */
  fetchable: boolean;
  /**
   * Records are open-ended facts rather than things users create (`/v2/Forms/{FormType}`,
   * `DialingPermissions/Countries/{IsoCode}`): a fetch of a missing one returns a default object.
   */
  virtual: boolean;
  /** The collection holding this one's parent record, when the spec has it. */
  parent?: Collection;
  children: Collection[];
  /** `links` / `subresource_uris` entries of an instance. */
  dependents: DependentProperty[];
  /**
   * Some operation takes an `If-Match` header (TaskRouter Tasks, Workers, Reservations): single
   * records are answered with an `ETag` (their revision), and a stale `If-Match` is refused.
   */
  conditional: boolean;
  /**
   * Fields a path may name one of its records by instead of its id, where the spec says so
   * (`unique_name`, `identity`; see ./aliases.ts). No two records under one parent share a value.
   */
  aliases: string[];
  /**
   * For a variant list of another collection's resource (`IncomingPhoneNumbers/Local.json` of
   * `IncomingPhoneNumbers.json`): the collection its records are stored in, so they show in both lists.
   */
  storedIn?: Collection;
}

/** The request header of conditional updates and deletes, as the specs name it. */
export const IF_MATCH = 'If-Match';

/** An operation bound to its collection. */
export interface BoundOperation {
  op: Operation;
  kind: OperationKind;
  collection: Collection;
  product: string;
  spec: SpecInfo;
  /** Parameters by wire name, for validation. */
  params: Map<string, Param>;
  /** Body parameters naming other records, which must exist (see ./references.ts). */
  references: Reference[];
}

/** Everything the engine needs from the model. */
export interface Catalog {
  model: ApiModel;
  specs: Map<string, SpecInfo>;
  products: Set<string>;
  collections: Map<string, Collection>;
  operations: Map<string, BoundOperation>;
  /** Schema key -> collections holding that resource. */
  bySchema: Map<string, Collection[]>;
}

interface PathInfo {
  product: string;
  spec: SpecInfo;
  template: string;
  segments: string[];
  endsInPlaceholder: boolean;
}

function pathInfo(op: Operation, spec: SpecInfo): PathInfo {
  const { segments } = splitTemplate(op.path);
  const last = segments[segments.length - 1] ?? '';
  return { product: spec.product, spec, template: op.path, segments, endsInPlaceholder: isPlaceholder(last) };
}

/** Template of the list path an instance template belongs to: drop the last segment (keep `.json`). */
function listTemplateOf(instanceTemplate: string): string {
  const json = instanceTemplate.endsWith('.json');
  const bare = json ? instanceTemplate.slice(0, -5) : instanceTemplate;
  return bare.slice(0, bare.lastIndexOf('/')) + (json ? '.json' : '');
}

/**
 * Shape of the record a collection hangs under: drop trailing literals of the list path,
 * e.g. `/v1/Workspaces/*\/Workers/Statistics` -> `/v1/Workspaces/*`.
 */
function parentInstanceShape(segments: readonly string[]): string | undefined {
  let end = segments.length;
  while (end > 0 && !isPlaceholder(segments[end - 1] ?? '')) end--;
  return end === 0 ? undefined : shapeOf(segments.slice(0, end));
}

/** Builds the catalog from the model. */
export function buildCatalog(model: ApiModel): Catalog {
  const specs = new Map(model.specs.map((s) => [s.id, s]));
  const products = new Set(model.specs.map((s) => s.product));
  const infos = new Map<Operation, PathInfo>();
  for (const op of model.operations) {
    const spec = specs.get(op.spec);
    if (!spec) throw new Error(`operation ${op.key} names unknown spec ${op.spec}`);
    infos.set(op, pathInfo(op, spec));
  }

  // Literal-ending paths: which take a create, and which of those address records by query
  // (`GET /v1/SafeList/Numbers?PhoneNumber=…`) rather than being one stored object per parent.
  const pathKey = (op: Operation): string => `${infos.get(op)!.product}:${op.path}`;
  const instanceBelow = new Set<string>();
  const getInstance = new Map<string, Operation>();
  for (const op of model.operations) {
    const info = infos.get(op)!;
    if (info.endsInPlaceholder) instanceBelow.add(`${info.product}:${listTemplateOf(op.path)}`);
    else if (op.method === 'GET' && op.result.kind === 'instance') getInstance.set(pathKey(op), op);
  }
  const queryAddressed = (key: string): boolean => {
    const get = getInstance.get(key);
    if (!get || get.result.kind !== 'instance' || instanceBelow.has(key)) return false;
    const fields = new Set(model.schemas[get.result.schema]?.fields.map((f) => f.name));
    return get.params.some((p) => p.in === 'query' && fields.has(snakeCase(p.name)));
  };
  const createPaths = new Set<string>();
  for (const op of model.operations) {
    const key = pathKey(op);
    if (op.method !== 'POST' || op.pathType !== 'list' || infos.get(op)!.endsInPlaceholder) continue;
    if (instanceBelow.has(key) || !getInstance.has(key) || queryAddressed(key)) createPaths.add(key);
  }

  const kindOf = (op: Operation, info: PathInfo): OperationKind => {
    if (info.endsInPlaceholder) {
      if (op.method === 'GET') return op.result.kind === 'list' ? 'list' : 'fetch';
      if (op.method === 'DELETE') return 'delete';
      return 'update';
    }
    const key = pathKey(op);
    if (op.method === 'GET' && op.result.kind === 'list') return 'list';
    if (op.method === 'POST' && createPaths.has(key)) return 'create';
    if (createPaths.has(key) && queryAddressed(key)) {
      if (op.method === 'GET') return 'fetchByQuery';
      if (op.method === 'DELETE') return 'deleteByQuery';
    }
    if (op.method === 'GET') return 'singletonFetch';
    if (op.method === 'DELETE') return 'singletonDelete';
    return 'singletonUpdate';
  };

  const collections = new Map<string, Collection>();
  const bound = new Map<string, BoundOperation>();
  const instanceOps = new Map<Collection, Operation[]>();

  const collectionFor = (info: PathInfo, kind: OperationKind): Collection => {
    const isInstance = kind === 'fetch' || kind === 'update' || kind === 'delete';
    const listTemplate = isInstance ? listTemplateOf(info.template) : info.template;
    const { segments } = splitTemplate(listTemplate);
    const singleton = kind.startsWith('singleton');
    // A singleton can share its shape with a collection (`AvailablePhoneNumbers.json` vs
    // `AvailablePhoneNumbers/{CountryCode}.json`), so it gets its own id.
    const id = `${info.product}:${shapeOf(segments)}${singleton ? '#singleton' : ''}`;
    let c = collections.get(id);
    if (!c) {
      c = {
        id,
        product: info.product,
        spec: info.spec,
        listTemplate,
        parentParams: segments.filter(isPlaceholder).map(placeholderName),
        idField: 'sid',
        schemaKey: '',
        fields: new Map(),
        singleton,
        creatable: false,
        fetchable: false,
        virtual: false,
        children: [],
        dependents: [],
        conditional: false,
        aliases: [],
      };
      collections.set(id, c);
    }
    if (isInstance && !c.instanceTemplate) c.instanceTemplate = info.template;
    return c;
  };

  for (const op of model.operations) {
    const info = infos.get(op)!;
    const kind = kindOf(op, info);
    const collection = collectionFor(info, kind);
    if (kind === 'create') collection.creatable = true;
    if (op.params.some((p) => p.in === 'header' && p.name === IF_MATCH)) collection.conditional = true;
    if (kind === 'fetch') collection.fetchable = true;
    if (kind === 'fetch' || kind === 'update' || kind === 'delete') {
      const list = instanceOps.get(collection) ?? [];
      list.push(op);
      instanceOps.set(collection, list);
    }
    if (op.result.kind !== 'none') {
      const schema = model.schemas[op.result.schema];
      for (const f of schema?.fields ?? []) if (!collection.fields.has(f.name)) collection.fields.set(f.name, f);
    }
    bound.set(op.key, {
      op,
      kind,
      collection,
      product: info.product,
      spec: info.spec,
      params: new Map(op.params.map((p) => [p.name, p])),
      references: [],
    });
  }

  for (const c of collections.values()) {
    c.schemaKey = primarySchema(c, [...bound.values()].filter((b) => b.collection === c));
    const schema = model.schemas[c.schemaKey];
    if (c.instanceTemplate) {
      const { segments } = splitTemplate(c.instanceTemplate);
      const idParam = placeholderName(segments[segments.length - 1] ?? '{Sid}');
      c.idParam = idParam;
      const snake = idParam === 'Sid' ? 'sid' : snakeCase(idParam);
      c.idField = c.fields.has(snake) ? snake : 'sid';
      const pathParam = instanceOps
        .get(c)
        ?.flatMap((o) => o.params)
        .find((p) => p.in === 'path' && p.name === idParam);
      const fieldType = c.fields.get(c.idField)?.type;
      c.sidPrefix =
        (fieldType?.kind === 'string' ? fieldType.sidPrefixes?.[0] : undefined) ??
        (pathParam?.type.kind === 'string' ? pathParam.type.sidPrefixes?.[0] : undefined) ??
        (c.idField === 'sid' ? schema?.sidPrefixes[0] : undefined);
      c.virtual = !c.creatable && c.sidPrefix === undefined && !(pathParam?.type.kind === 'string' && pathParam.type.pattern);
    } else if (!c.singleton) {
      c.sidPrefix = schema?.sidPrefixes[0];
    }
    c.dependents = c.instanceTemplate ? dependentsOf(model, c.spec.id, c.instanceTemplate) : [];
  }

  // Variant lists: a create/list-only path one literal below another collection's list path,
  // holding the same resource (same SID prefix, no field the other lacks), e.g. the Local,
  // Mobile and TollFree lists of IncomingPhoneNumbers.
  for (const c of collections.values()) {
    if (c.singleton || c.instanceTemplate || !c.sidPrefix) continue;
    const home = collections.get(`${c.product}:${shapeOf(splitTemplate(listTemplateOf(c.listTemplate)).segments)}`);
    if (!home?.instanceTemplate || home === c || home.sidPrefix !== c.sidPrefix) continue;
    if ([...c.fields.keys()].every((f) => home.fields.has(f))) c.storedIn = home;
  }

  // Parents: the collection whose instance shape the list path hangs under.
  const byInstanceShape = new Map<string, Collection>();
  for (const c of collections.values()) {
    if (c.instanceTemplate) byInstanceShape.set(`${c.product}:${shapeOf(splitTemplate(c.instanceTemplate).segments)}`, c);
  }
  for (const c of collections.values()) {
    const shape = parentInstanceShape(splitTemplate(c.listTemplate).segments);
    const parent = shape ? byInstanceShape.get(`${c.product}:${shape}`) : undefined;
    if (parent && parent !== c) {
      c.parent = parent;
      parent.children.push(c);
    }
  }

  const bySchema = new Map<string, Collection[]>();
  const addSchema = (key: string, c: Collection): void => {
    const list = bySchema.get(key) ?? [];
    if (!list.includes(c)) list.push(c);
    bySchema.set(key, list);
  };
  for (const b of bound.values()) {
    if (b.op.result.kind !== 'none') addSchema(b.op.result.schema, b.collection);
  }
  for (const c of collections.values()) addSchema(c.schemaKey, c);

  const catalog: Catalog = { model, specs, products, collections, operations: bound, bySchema };
  bindReferences(catalog);
  bindAliases(catalog);
  return catalog;
}

/**
 * Dependents (`links` entries) of an instance path. The model's dependents carry no spec, and
 * `/v1/Services/{Sid}` exists in several specs, so a dependent counts only when its target
 * path exists in the same spec.
 */
function dependentsOf(model: ApiModel, specId: string, instanceTemplate: string): DependentProperty[] {
  const specShapes = new Set(
    model.operations.filter((o) => o.spec === specId).map((o) => shapeOf(splitTemplate(o.path).segments)),
  );
  if (!model.operations.some((o) => o.spec === specId && o.path === instanceTemplate)) return [];
  return model.dependents.filter(
    (d) => d.ownerPath === instanceTemplate && specShapes.has(shapeOf(splitTemplate(d.resourceUrl).segments)),
  );
}

/** The schema that best describes a collection's records: its fetch, else create, else list, else any. */
function primarySchema(c: Collection, ops: BoundOperation[]): string {
  const order: OperationKind[] = ['fetch', 'singletonFetch', 'fetchByQuery', 'create', 'list', 'update', 'singletonUpdate'];
  for (const kind of order) {
    const hit = ops.find((b) => b.kind === kind && b.op.result.kind !== 'none');
    if (hit && hit.op.result.kind !== 'none') return hit.op.result.schema;
  }
  return `${c.spec.id}:${c.listTemplate}`;
}
