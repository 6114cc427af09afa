/**
 * Records -> response objects shaped by an operation's response schema: timestamps in the
 * API's own format, `url`/`links` (v1/v2, absolute) and `uri`/`subresource_uris` (2010, relative).
 */
import type { ApiModel, Field } from '../spec/model.js';
import type { Collection } from './catalog.js';
import { isTimestampFormat, renderTimestamp } from './dates.js';
import { rememberJson } from './json-text.js';
import { compileTemplate, fillTemplate } from './names.js';
import type { RecordData, StoredRecord } from './store.js';

/** Where absolute URLs point: the origin the request came to (`http://127.0.0.1:4010`). */
export interface RenderContext {
  origin: string;
  /**
   * True when rendered list items go straight to JSON (HTTP responses): they may then be shared
   * between responses and keep their JSON text. In-process callers get fresh objects they own.
   */
  shareRendered?: boolean;
}

/** The record's own path (filled template, with `.json` for the 2010 API). */
export function recordPath(collection: Collection, parentIds: readonly string[], id: string): string {
  if (collection.instanceTemplate && !collection.singleton) return fillTemplate(collection.instanceTemplate, [...parentIds, id]);
  return fillTemplate(collection.listTemplate, parentIds);
}

/** Absolute URL of a product path as the emulator serves it. */
export function productUrl(ctx: RenderContext, product: string, path: string): string {
  return `${ctx.origin}/${product}${path}`;
}

/** The record's `links` paths: each dependent whose placeholders all have a value in the record. */
function dependentPaths(collection: Collection, data: RecordData, id: string): Record<string, string> {
  const out: Record<string, string> = {};
  dependents: for (const dep of collection.dependents) {
    const { literals, names } = compileTemplate(dep.resourceUrl);
    let path = literals[0]!;
    for (let i = 0; i < names.length; i++) {
      const source = dep.mapping[names[i]!] ?? names[i]!;
      const value = data[source] ?? (source === collection.idField ? id : undefined);
      if (typeof value !== 'string' || value === '') continue dependents;
      path += encodeURIComponent(value) + literals[i + 1]!;
    }
    out[dep.name] = path;
  }
  return out;
}

function renderValue(field: Field, value: unknown, collection: Collection): unknown {
  if (value === undefined) return null;
  if (field.type.kind === 'string' && isTimestampFormat(field.type.format) && value !== null) {
    return renderTimestamp(value, collection.spec.dateFormat);
  }
  return value;
}

/**
 * Renders a record for a response schema (`schemaKey`); without a known schema every stored
 * field is rendered. Fields outside the schema (e.g. a key's `secret` after its creation) are left out.
 */
export function renderRecord(
  model: ApiModel,
  collection: Collection,
  record: Pick<StoredRecord, 'parentIds' | 'id' | 'data'>,
  schemaKey: string | undefined,
  ctx: RenderContext,
): Record<string, unknown> {
  const fields = (schemaKey ? model.schemas[schemaKey]?.fields : undefined) ?? [...collection.fields.values()];
  const path = recordPath(collection, record.parentIds, record.id);
  const v2010 = collection.spec.paging === 'v2010';
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    switch (field.name) {
      case 'url':
        out['url'] = productUrl(ctx, collection.product, path);
        break;
      case 'uri':
        out['uri'] = v2010 ? path : productUrl(ctx, collection.product, path);
        break;
      case 'links': {
        const deps = dependentPaths(collection, record.data, record.id);
        out['links'] = Object.keys(deps).length === 0 ? null : mapValues(deps, (p) => productUrl(ctx, collection.product, p));
        break;
      }
      case 'subresource_uris': {
        const deps = dependentPaths(collection, record.data, record.id);
        out['subresource_uris'] = Object.keys(deps).length === 0 ? null : deps;
        break;
      }
      default:
        out[field.name] = renderValue(field, record.data[field.name], collection);
    }
  }
  return out;
}

/**
 * Only `fields` of a record, rendered as {@link renderRecord} renders them for `schemaKey` (the
 * schema's fields among them): values computed at read time, laid over a shared list item.
 */
export function renderValues(model: ApiModel, collection: Collection, fields: RecordData, schemaKey: string | undefined): Record<string, unknown> {
  const schemaFields = (schemaKey ? model.schemas[schemaKey]?.fields : undefined) ?? [...collection.fields.values()];
  const out: Record<string, unknown> = {};
  for (const field of schemaFields) if (field.name in fields) out[field.name] = renderValue(field, fields[field.name], collection);
  return out;
}

function mapValues(obj: Record<string, string>, fn: (v: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fn(v);
  return out;
}

/**
 * The shared list item of each stored data object, with the schema, origin and omitted fields it was
 * rendered for. One per record: a second origin (another Host header) replaces it rather than
 * adding copies, so the cache never holds more than one rendering of each record.
 */
const sharedItems = new WeakMap<RecordData, { key: string; item: Record<string, unknown> }>();

/**
 * Renders list items as {@link renderRecord} renders them, with `omitted` fields null, shared
 * between responses and frozen, with their JSON text remembered (see json-text.ts). The store
 * replaces a record's `data` object on every change, so an entry can never be stale, and it goes
 * with the data it was made from. Made once per page: the cache key is the same for all its items.
 */
export function sharedListItems(
  model: ApiModel,
  collection: Collection,
  schemaKey: string | undefined,
  ctx: RenderContext,
  omitted: readonly string[],
): (record: Pick<StoredRecord, 'parentIds' | 'id' | 'data'>) => Record<string, unknown> {
  const key = `${schemaKey ?? ''} ${ctx.origin} ${omitted.join(',')}`;
  return (record) => {
    const cached = sharedItems.get(record.data);
    if (cached?.key === key) return cached.item;
    const item = renderRecord(model, collection, record, schemaKey, ctx);
    for (const field of omitted) item[field] = null;
    const shared = rememberJson(Object.freeze(item));
    sharedItems.set(record.data, { key, item: shared });
    return shared;
  };
}
