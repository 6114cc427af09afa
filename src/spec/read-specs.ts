import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ApiModel,
  Field,
  HttpMethod,
  Operation,
  OperationResult,
  Param,
  ResourceSchema,
  SpecInfo,
  ValueType,
} from './model.js';
import { FETCH_ONLY_FIELDS } from './quirks.js';

/** The spec files this project maps: the eight product families of the mission. */
export const DEFAULT_SPEC_IDS = [
  'accounts_v1',
  'api_v2010',
  'conversations_v1',
  'flex_v1',
  'flex_v2',
  'messaging_v1',
  'taskrouter_v1',
  'verify_v2',
  'video_v1',
  'voice_v1',
] as const;

/** Minimal typing of the OpenAPI fragments we read. */
interface OaSchema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: string[];
  items?: OaSchema;
  properties?: Record<string, OaSchema>;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  required?: string[];
  default?: unknown;
}
interface OaParam {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: OaSchema;
}
interface OaOperation {
  operationId: string;
  parameters?: OaParam[];
  requestBody?: { content: Record<string, { schema: OaSchema }> };
  responses: Record<string, { content?: Record<string, { schema: OaSchema }> }>;
  'x-twilio'?: { mountName?: string; conditional?: string[][] };
}
interface OaPathItem {
  servers?: { url: string }[];
  'x-twilio'?: {
    pathType?: 'list' | 'instance';
    parent?: string;
    mountName?: string;
    dependentProperties?: Record<string, { mapping: Record<string, string>; resource_url: string }>;
  };
  get?: OaOperation;
  post?: OaOperation;
  delete?: OaOperation;
  patch?: OaOperation;
}
interface OaDocument {
  servers: { url: string }[];
  paths: Record<string, OaPathItem>;
  components: { schemas: Record<string, OaSchema>; parameters?: Record<string, OaParam> };
}

const METHODS: Array<[keyof OaPathItem & ('get' | 'post' | 'delete' | 'patch'), HttpMethod]> = [
  ['get', 'GET'],
  ['post', 'POST'],
  ['delete', 'DELETE'],
  ['patch', 'PATCH'],
];

/** A SID pattern as the specs write it: `^WK[0-9a-fA-F]{32}$` or `^(SM|MM)[0-9a-fA-F]{32}$`. */
const SID_PATTERN = /^\^(?:\(([A-Z]{2}(?:\|[A-Z]{2})*)\)|([A-Z]{2}))\[0-9a-fA-F\]\{32\}\$$/;

/**
 * Reads the given twilio-oai spec files into one API model.
 *
 * @param specDir folder holding `twilio_<id>.json` files (a twilio-oai `spec/json` checkout)
 * @param specIds which specs to read, without the `twilio_` prefix
 * @throws Error naming the missing file when a spec is absent
 */
export function readApiModel(specDir: string, specIds: readonly string[] = DEFAULT_SPEC_IDS): ApiModel {
  const model: ApiModel = { specs: [], operations: [], schemas: {}, dependents: [] };
  for (const id of specIds) {
    const file = join(specDir, `twilio_${id}.json`);
    if (!existsSync(file)) {
      throw new Error(`Spec file not found: ${file} (expected a twilio-oai spec/json folder: set TWILIO_OAI_SPECS, or pass --specs DIR)`);
    }
    const doc = JSON.parse(readFileSync(file, 'utf8')) as OaDocument;
    readSpec(id, doc, model);
  }
  return model;
}

function readSpec(id: string, doc: OaDocument, model: ApiModel): void {
  const host = new URL(doc.servers[0]!.url).host;
  const info: SpecInfo = {
    id,
    product: host.split('.')[0]!,
    host,
    paging: id === 'api_v2010' ? 'v2010' : 'meta',
    dateFormat: id === 'api_v2010' ? 'rfc2822' : 'iso8601',
  };
  model.specs.push(info);
  const reader = new SpecReader(id, doc, model, info);
  for (const path of Object.keys(doc.paths).sort()) reader.readPath(path, doc.paths[path]!);
}

/** Reads one spec document; resolves `$ref`s against it. */
class SpecReader {
  constructor(
    private readonly spec: string,
    private readonly doc: OaDocument,
    private readonly model: ApiModel,
    private readonly info: SpecInfo,
  ) {}

  readPath(path: string, item: OaPathItem): void {
    const ext = item['x-twilio'] ?? {};
    const version = path.split('/')[1]!;
    for (const [name, dep] of Object.entries(ext.dependentProperties ?? {})) {
      this.model.dependents.push({ ownerPath: path, name, resourceUrl: dep.resource_url, mapping: dep.mapping });
    }
    for (const [lower, method] of METHODS) {
      const op = item[lower];
      if (!op) continue;
      this.model.operations.push(this.readOperation(path, method, op, ext, version));
    }
  }

  private readOperation(
    path: string,
    method: HttpMethod,
    op: OaOperation,
    ext: NonNullable<OaPathItem['x-twilio']>,
    version: string,
  ): Operation {
    const params: Param[] = (op.parameters ?? []).map((p) => this.readParam(this.resolveParam(p)));
    let bodyEncoding: Operation['bodyEncoding'];
    if (op.requestBody) {
      const [contentType, media] = Object.entries(op.requestBody.content)[0]!;
      bodyEncoding = contentType.includes('json') ? 'json' : 'form';
      const body = this.resolve(media.schema);
      const required = new Set(body.required ?? []);
      for (const [name, schema] of Object.entries(body.properties ?? {})) {
        params.push({ name, in: 'body', required: required.has(name), type: this.readType(schema), ...bounds(schema) });
      }
    }
    const [status, response] = successResponse(op);
    const operation: Operation = {
      key: `${this.spec}:${op.operationId}`,
      spec: this.spec,
      operationId: op.operationId,
      method,
      path,
      pathType: ext.pathType ?? (path.endsWith('}') || path.endsWith('}.json') ? 'instance' : 'list'),
      params,
      successStatus: status,
      result: this.readResult(op, response, ext.pathType === 'list'),
    };
    if (bodyEncoding) operation.bodyEncoding = bodyEncoding;
    if (ext.parent) operation.parentPath = `/${version}${ext.parent}`;
    const mountName = op['x-twilio']?.mountName ?? ext.mountName;
    if (mountName) operation.mountName = mountName;
    const conditional = op['x-twilio']?.conditional;
    if (conditional) operation.oneOf = conditional.map((group) => group.map((snake) => wireName(snake, params)));
    return operation;
  }

  /**
   * An object holding exactly one array of resources is a page of a list when it carries paging
   * metadata, or when its path is a list path (`x-twilio.pathType: list`): the 2010 API's
   * available-phone-number countries come as `{ countries, uri }`, all on one page.
   */
  private readResult(
    op: OaOperation,
    response: { content?: Record<string, { schema: OaSchema }> } | undefined,
    listPath: boolean,
  ): OperationResult {
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) return { kind: 'none' };
    if (schema.$ref) return { kind: 'instance', schema: this.registerSchema(refName(schema.$ref)) };
    const props = schema.properties ?? {};
    const arrays = Object.entries(props).filter(([, v]) => v.type === 'array' && v.items?.$ref);
    const paged = 'meta' in props || 'next_page_uri' in props;
    if (arrays.length === 1 && (paged || listPath)) {
      const [key, arr] = arrays[0]!;
      const list = { kind: 'list', key, schema: this.registerSchema(refName(arr.items!.$ref!)), paging: this.info.paging } as const;
      return paged ? list : { ...list, unpaged: true };
    }
    // An inline instance schema (a few Verify passkey operations).
    return { kind: 'instance', schema: this.registerSchema(`inline.${op.operationId}`, schema) };
  }

  /** Adds a response schema to the model once and returns its model key. */
  private registerSchema(name: string, inline?: OaSchema): string {
    const key = `${this.spec}:${name}`;
    if (this.model.schemas[key]) return key;
    const schema = inline ?? this.resolve({ $ref: `#/components/schemas/${name}` });
    const fields: Field[] = Object.entries(schema.properties ?? {}).map(([fieldName, fieldSchema]) => ({
      name: fieldName,
      type: this.readType(fieldSchema),
      nullable: fieldSchema.nullable !== false,
      ...scalarDefault(fieldSchema),
    }));
    const sid = fields.find((f) => f.name === 'sid');
    const resource: ResourceSchema = {
      name,
      spec: this.spec,
      fields,
      sidPrefixes: sid?.type.kind === 'string' ? (sid.type.sidPrefixes ?? []) : [],
    };
    const fetchOnly = FETCH_ONLY_FIELDS[key];
    if (fetchOnly) resource.fetchOnly = [...fetchOnly];
    this.model.schemas[key] = resource;
    return key;
  }

  private resolveParam(p: OaParam): OaParam {
    if (!p.$ref) return p;
    const target = this.doc.components.parameters?.[refName(p.$ref)];
    if (!target) throw new Error(`${this.spec}: unresolved parameter ${p.$ref}`);
    return target;
  }

  private readParam(p: OaParam): Param {
    const aliases = p.in === 'path' ? pathAliases(p.description) : [];
    return {
      name: p.name,
      in: p.in,
      required: p.required === true,
      type: this.readType(p.schema),
      ...bounds(p.schema),
      ...(aliases.length > 0 ? { aliases } : {}),
    };
  }

  private resolve(schema: OaSchema): OaSchema {
    if (!schema.$ref) return schema;
    const target = this.doc.components.schemas[refName(schema.$ref)];
    if (!target) throw new Error(`${this.spec}: unresolved schema ${schema.$ref}`);
    return target;
  }

  /** Maps an OpenAPI schema to our value type; enum components keep their names. */
  readType(schema: OaSchema): ValueType {
    if (schema.$ref) {
      const name = refName(schema.$ref);
      const target = this.resolve(schema);
      if (target.enum) return { kind: 'enum', name: `${this.spec}:${name}`, values: target.enum };
      return this.readType(target);
    }
    if (schema.enum && schema.type === 'string') return { kind: 'enum', name: '', values: schema.enum, ...(schema.format ? { format: schema.format } : {}) };
    switch (schema.type) {
      case 'integer':
        return { kind: 'integer' };
      case 'number':
        return { kind: 'number' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'array':
        return { kind: 'array', items: schema.items ? this.readType(schema.items) : { kind: 'string' } };
      case 'string':
        return stringType(schema);
      case 'object':
        return { kind: 'object' };
      default:
        return schema.properties ? { kind: 'object' } : { kind: 'object', untyped: true };
    }
  }
}

function stringType(schema: OaSchema): ValueType {
  const type: ValueType = { kind: 'string' };
  if (schema.format) type.format = schema.format;
  if (schema.pattern) {
    type.pattern = schema.pattern;
    const m = SID_PATTERN.exec(schema.pattern);
    if (m) type.sidPrefixes = (m[1] ?? m[2]!).split('|');
  }
  return type;
}

/**
 * The fields a path parameter's description says its value may also be, instead of the SID: the
 * backquoted field names of a description that offers an alternative ("can also be the …",
 * "either the `sid` or the …", "alternatively … rather than the SID", "the SID or the …").
 */
function pathAliases(description: string | undefined): string[] {
  if (!description || !/\b(also|either|alternatively|or the)\b/i.test(description)) return [];
  const names = [...description.matchAll(/`([a-z][a-z_]*)`/g)].map((m) => m[1]!).filter((name) => name !== 'sid');
  return [...new Set(names)];
}

/** The schema's `default` when it is a string, number or boolean. */
function scalarDefault(schema: OaSchema): { default?: string | number | boolean } {
  const value = schema.default;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { default: value } : {};
}

function bounds(schema: OaSchema): { minimum?: number; maximum?: number } {
  const out: { minimum?: number; maximum?: number } = {};
  if (schema.minimum !== undefined) out.minimum = schema.minimum;
  if (schema.maximum !== undefined) out.maximum = schema.maximum;
  return out;
}

function successResponse(op: OaOperation): [number, OaOperation['responses'][string] | undefined] {
  const all = Object.keys(op.responses)
    .map(Number)
    .sort((a, b) => a - b);
  const codes = all.filter((c) => c >= 200 && c < 300);
  // Prefer 201 for creates that also document 200 (the resource is new), else the lowest 2xx;
  // a few downloads answer only with a 307 redirect whose body names the target.
  const chosen = codes.includes(201) ? 201 : (codes[0] ?? all.find((c) => c >= 300 && c < 400) ?? 200);
  return [chosen, op.responses[String(chosen)]];
}

/** The wire name of the parameter a `conditional` group names in snake case (`messaging_service_sid`). */
function wireName(snake: string, params: Param[]): string {
  const plain = snake.replace(/_/g, '').toLowerCase();
  const param = params.find((p) => p.name.replace(/[^A-Za-z0-9]/g, '').toLowerCase() === plain);
  if (!param) throw new Error(`x-twilio.conditional names unknown parameter ${snake}`);
  return param.name;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Returns the spec info for an operation or schema's spec id. */
export function specInfo(model: ApiModel, spec: string): SpecInfo {
  const info = model.specs.find((s) => s.id === spec);
  if (!info) throw new Error(`Unknown spec ${spec}`);
  return info;
}

