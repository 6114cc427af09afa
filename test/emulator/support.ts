/**
 * Test support for the emulator: a started emulator, the official `twilio` SDK pointed at it,
 * a raw HTTP helper, and validation of every response against the official spec's own
 * response schema for the operation that served it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import twilio from 'twilio';
import { startEmulator, type Engine, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { Operation } from '../../src/spec/model.js';
import { specDir } from '../../src/spec/spec-dir.js';

const SPEC_DIR = specDir();

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
ajv.addFormat('date-time-rfc-2822', RFC2822);
// The 2010 API declares `uri`/`*_page_uri` as `format: uri` but writes them relative
// (`/2010-04-01/…`), as Twilio itself does; absolute URLs are asserted separately.
ajv.addFormat('uri', (value: string) => /^(https?:\/\/[^\s/]+)?\/[^\s]*$/.test(value));
const loadedSpecs = new Set<string>();
const validators = new Map<string, ValidateFunction | undefined>();
const rawSpecs = new Map<string, SpecDocument>();

/** The parts of an OpenAPI document the completeness check reads. */
interface SpecDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: SchemaNode }> }> }>>;
  components: { schemas: Record<string, SchemaNode> };
}
interface SchemaNode {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function specDocument(spec: string): SpecDocument {
  let doc = rawSpecs.get(spec);
  if (!doc) {
    doc = JSON.parse(readFileSync(`${SPEC_DIR}/twilio_${spec}.json`, 'utf8')) as SpecDocument;
    rawSpecs.set(spec, doc);
  }
  return doc;
}

/**
 * OpenAPI 3.0 `nullable: true` is native to Ajv only next to `type`; the specs also put it
 * beside `$ref` (and on untyped schemas). Rewrite those so Ajv reads them as OpenAPI means them.
 */
function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = normalizeNullable(v);
  if (out['nullable'] === true && out['type'] === undefined) {
    delete out['nullable'];
    if (typeof out['$ref'] === 'string') {
      const ref = out['$ref'];
      delete out['$ref'];
      out['anyOf'] = [{ $ref: ref }, { type: 'null' }];
    }
  }
  return out;
}

function pointerToken(s: string): string {
  return encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** The spec's response schema validator for one operation and status. */
function validatorFor(spec: string, path: string, method: string, status: number): ValidateFunction | undefined {
  const key = `${spec} ${method} ${path} ${status}`;
  if (validators.has(key)) return validators.get(key);
  const id = `twilio_${spec}`;
  if (!loadedSpecs.has(id)) {
    ajv.addSchema(normalizeNullable(JSON.parse(readFileSync(`${SPEC_DIR}/${id}.json`, 'utf8'))) as object, id);
    loadedSpecs.add(id);
  }
  const ref = `${id}#/paths/${pointerToken(path)}/${method.toLowerCase()}/responses/${status}/content/${pointerToken('application/json')}/schema`;
  let fn: ValidateFunction | undefined;
  try {
    fn = ajv.compile({ $ref: ref });
  } catch {
    fn = undefined;
  }
  validators.set(key, fn);
  return fn;
}

/** A response as the tests see it. */
export interface RawResponse {
  status: number;
  body: any;
}

/** Everything a test needs. */
export interface TestEmulator {
  emu: RunningEmulator;
  /** The official SDK, pointed at the emulator. */
  sdk: twilio.Twilio;
  /** HTTP request with the main account's credentials unless `auth` is given (`null` = none). */
  http(method: string, path: string, body?: Record<string, string | string[]> | string, options?: { auth?: string | null; contentType?: string }): Promise<RawResponse>;
  /** Basic auth header value. */
  basic(username: string, password: string): string;
  /** How many success responses were validated against the spec. */
  validated(): number;
  close(): Promise<void>;
}

/**
 * Checks one emulator response: success bodies against the spec schema of the operation that
 * served the path (see {@link assertMatchesSpec}), errors against Twilio's error shape. Returns
 * whether a success body was validated. Emulator-only routes (`/__emulator/…`) are not checked.
 */
export function assertSpecResponse(engine: Engine, method: string, url: string, status: number, body: unknown): boolean {
  const u = new URL(url);
  const [, product, ...rest] = u.pathname.split('/');
  const path = '/' + rest.join('/');
  if (product === '__emulator') return false;
  if (status >= 400) {
    const e = body as Record<string, unknown>;
    assert.equal(typeof e['code'], 'number', `error body has a code: ${JSON.stringify(body)}`);
    assert.equal(typeof e['message'], 'string');
    assert.equal(e['more_info'], `https://www.twilio.com/docs/errors/${String(e['code'])}`);
    assert.equal(e['status'], status);
    return false;
  }
  if (body === undefined || body === '' || status === 204) return false;
  const op = engine.router.match(product ?? '', method, path).bound.op;
  assertMatchesSpec(op, status, body);
  return true;
}

/**
 * The spec schemas declare no `required` and allow any extra property, so schema validation
 * alone passes `{}`. Twilio sends every declared field (null when unset) and nothing else, so
 * each object of the response the spec describes property by property — the body itself, the
 * list envelope's `meta`, each list item — must carry exactly the declared properties.
 * Objects nested inside a record (`links`, configuration blobs) are left to the schema check.
 */
function completenessErrors(op: Operation, status: number, body: unknown): string[] {
  const doc = specDocument(op.spec);
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    const ref = node?.$ref;
    if (!ref) return node;
    const name = ref.replace('#/components/schemas/', '');
    return doc.components.schemas[name];
  };
  const root = resolve(doc.paths[op.path]?.[op.method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema);
  const errors: string[] = [];
  const exact = (where: string, schema: SchemaNode | undefined, value: unknown): void => {
    if (!schema?.properties || value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const declared = Object.keys(schema.properties);
    const present = Object.keys(value);
    for (const name of declared) if (!present.includes(name)) errors.push(`${where} lacks declared property ${name}`);
    for (const name of present) if (!declared.includes(name)) errors.push(`${where} has undeclared property ${name}`);
  };
  exact('body', root, body);
  // A list's envelope: `meta` and each item of the list key are described property by property too.
  if (op.result.kind === 'list' && root?.properties && body !== null && typeof body === 'object') {
    for (const [name, node] of Object.entries(root.properties)) {
      const value = (body as Record<string, unknown>)[name];
      const schema = resolve(node);
      if (schema?.type === 'array' && Array.isArray(value)) value.forEach((item, i) => exact(`${name}[${i}]`, resolve(schema.items), item));
      else exact(name, schema, value);
    }
  }
  return errors;
}

/**
 * Asserts that a success body matches the official spec's response schema for the operation and
 * status, and carries exactly the properties the spec declares (see {@link completenessErrors}).
 */
export function assertMatchesSpec(op: Operation, status: number, body: unknown): void {
  const validate = validatorFor(op.spec, op.path, op.method, status);
  assert.ok(validate, `the spec has a ${status} schema for ${op.key}`);
  const ok = validate(body);
  assert.ok(ok, `${op.key} ${status} response matches the spec: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${JSON.stringify(body).slice(0, 600)}`);
  const missing = completenessErrors(op, status, body);
  assert.deepEqual(missing, [], `${op.key} ${status} response has exactly the declared properties\n${JSON.stringify(body).slice(0, 600)}`);
}

/** Starts an emulator on a random port with the SDK and raw helpers attached. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ port: 0, behaviours: false, ...options });
  const counter = { n: 0 };

  class EmulatorHttpClient extends twilio.RequestClient {
    override async request(opts: Parameters<twilio.RequestClient['request']>[0]): Promise<any> {
      // Twilio hosts are rewritten to the emulator's prefixes (as README's EmulatorRequestClient
      // does); links the emulator wrote itself (v1 `meta.next_page_url`) already point at it.
      const m = /^https:\/\/([a-z0-9-]+)\.twilio\.com(\/.*)$/.exec(opts.uri);
      assert.ok(m || opts.uri.startsWith(`${emu.url}/`), `SDK calls a Twilio host or an emulator link: ${opts.uri}`);
      const uri = m ? `${emu.url}/${m[1]}${m[2]}` : opts.uri;
      const rewritten: typeof opts = { ...opts, uri };
      const res = await super.request(rewritten);
      const query = opts.params ? '?' + new URLSearchParams(opts.params as Record<string, string>).toString() : '';
      if (assertSpecResponse(emu.engine, opts.method.toUpperCase(), uri + (uri.includes('?') ? '' : query), res.statusCode, res.body)) counter.n++;
      return res;
    }
  }

  const sdk = twilio(emu.accountSid, emu.authToken, { httpClient: new EmulatorHttpClient() });
  const basic = (u: string, p: string): string => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
  const mainAuth = basic(emu.accountSid, emu.authToken);

  const http: TestEmulator['http'] = async (method, path, body, options = {}) => {
    const headers: Record<string, string> = {};
    const auth = options.auth === undefined ? mainAuth : options.auth;
    if (auth !== null) headers['authorization'] = auth;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
      if (typeof body === 'string') payload = body;
      else {
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(body)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
        payload = qs.toString();
      }
    }
    const url = path.startsWith('http') ? path : emu.url + path;
    const res = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    const parsed: unknown = text.length > 0 ? JSON.parse(text) : undefined;
    if (assertSpecResponse(emu.engine, method, url, res.status, parsed)) counter.n++;
    return { status: res.status, body: parsed };
  };

  return { emu, sdk, http, basic, validated: () => counter.n, close: () => emu.close() };
}
