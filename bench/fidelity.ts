/**
 * `npm run fidelity`: does Twilio's own spec accept every request the gateway sends?
 *
 * Runs Stoplight Prism in mock mode on each spec (one process per spec, on a temporary copy that only
 * spells out the form encoding of array properties, see withFormArrayEncodings), puts a loopback
 * reverse proxy in front that routes `/{product}/…` to that product's Prism (our client's base-URL
 * scheme, notes/CONTRACTS.md), points the gateway at the proxy, and runs, for every operation of the
 * covered products, one generated GraphQL document through the field that maps to it: a root field,
 * or a nested one reached through its parents (`workspace(sid:) { worker(sid:) { reservations … } }`).
 * Required arguments are generated: SIDs from their patterns, JSON values from the spec's schema.
 * Prism answers 422 (problem+json) to requests its validation rejects; the proxy records every upstream
 * request and Prism's verdict. Only request validation counts: Prism's mock responses are not checked.
 *
 * Flags: --spec NAME (repeatable: limit to these specs) --verbose (print every rejection) --help.
 * Exits 1 unless every operation was run and every upstream request was accepted.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { loadArtifacts } from '../src/gateway/artifacts.js';
import { startGateway } from '../src/gateway/start.js';
import type { FieldPlan, OperationMap } from '../src/schema/operation-map.js';
import { spawnNode, stopChild, type Child } from './lib/children.js';
import { REPO_ROOT, SPECS_DIR } from './lib/paths.js';

/** Specs checked: product label, spec file, and which root operations count (by REST path). */
const SPECS: ReadonlyArray<{ name: string; product: string; file: string; paths?: RegExp }> = [
  { name: 'TaskRouter', product: 'taskrouter', file: 'twilio_taskrouter_v1.json' },
  { name: 'Conversations', product: 'conversations', file: 'twilio_conversations_v1.json' },
  { name: 'Verify', product: 'verify', file: 'twilio_verify_v2.json' },
  // The 2010 API: its Messages and Calls resources (and their sub-resources).
  { name: '2010 Messages and Calls', product: 'api', file: 'twilio_api_v2010.json', paths: /\/Accounts\/\{AccountSid\}\/(Messages|Calls)\b/ },
];

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTHORIZATION = `Basic ${Buffer.from(`${ACCOUNT_SID}:fidelity-token`).toString('base64')}`;

const HELP = `Usage: npm run fidelity -- [--spec NAME]... [--verbose]

Runs Prism (mock mode) on Twilio's specs and checks that it accepts every upstream request the
gateway makes for every operation of: ${SPECS.map((s) => s.name).join(', ')}.
  --spec NAME   only this spec (a name above, or part of its file name, e.g. verify); repeatable
  --verbose     print every rejection (default: the first 15 per spec)
Specs: TWILIO_OAI_SPECS, else ../shared/twilio-oai. Exit status 1 unless all requests are accepted.`;

const { values: flags } = parseArgs({ options: { spec: { type: 'string', multiple: true }, verbose: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true });
const log = (line: string): void => void process.stderr.write(line + '\n');

// ---- argument generation ----

/** A value matching a SID pattern like `^WS[0-9a-fA-F]{32}$`, or undefined for other patterns. */
function valueForPattern(pattern: string): string | undefined {
  const sid = /^\^\(?([A-Z]{2})(?:\|[A-Z]{2})*\)?\[0-9a-fA-F\]\{32\}\$$/.exec(pattern);
  if (sid) return `${sid[1]}${'0123456789abcdef'.repeat(2)}`;
  return undefined;
}

/** Plausible values for names Twilio validates by format. */
function plausibleString(name: string): string {
  const n = name.toLowerCase();
  if (/(^|_)(to|from|phonenumber|address|proxyaddress)$/.test(n) || n.endsWith('phonenumber')) return '+15005550006';
  if (n.includes('url') || n.includes('callback')) return 'https://example.com/hook';
  if (n.includes('email')) return 'user@example.com';
  if (n.includes('date')) return '2024-01-02T03:04:05Z';
  return 'fidelity';
}

/** What the generator knows about a value beyond its GraphQL type, by argument or input field name. */
interface ValueHints {
  /** A value for the wire parameter's SID pattern, if it has one. */
  pattern(name: string): string | undefined;
  /** For a JSON-typed value: the smallest value its schema in the spec accepts, if the spec has one. */
  json(name: string): unknown;
}

/** The parts of a JSON schema the sample generator reads. */
interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** The smallest value the schema accepts: required properties only, first enum values. */
function sampleFor(schema: JsonSchema, resolve: (node: JsonSchema) => JsonSchema, depth = 0): unknown {
  const node = resolve(schema);
  if (node.enum?.length) return node.enum[0];
  switch (node.type) {
    case 'object': {
      if (!node.properties || depth > 4) return { fidelity: true };
      const out: Record<string, unknown> = {};
      for (const name of node.required ?? []) if (node.properties[name]) out[name] = sampleFor(node.properties[name], resolve, depth + 1);
      return Object.keys(out).length ? out : { fidelity: true };
    }
    case 'array':
      return node.items ? [sampleFor(node.items, resolve, depth + 1)] : [];
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return node.format === 'date-time' ? '2024-01-02T03:04:05Z' : plausibleString('value');
  }
}

function inputValue(type: GraphQLInputType, name: string, hints: ValueHints, depth = 0): unknown {
  if (isNonNullType(type)) return inputValue(type.ofType, name, hints, depth);
  if (isListType(type)) return [inputValue(type.ofType, name, hints, depth)];
  const named = getNamedType(type);
  if (isEnumType(named)) return { enum: named.getValues()[0]!.name };
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      // Input fields map to wire (body) parameters, which the hints find by `input.<Type>.<field>`.
      const key = `input.${named.name}.${field.name}`;
      const nested: ValueHints = { pattern: () => hints.pattern(key), json: () => hints.json(key) };
      if (isNonNullType(field.type) && depth < 4) out[field.name] = inputValue(field.type, field.name, nested, depth + 1);
    }
    return out;
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case 'Int':
        return 1;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'JSON':
        return hints.json(name) ?? { fidelity: true };
      case 'DateTime':
        return '2024-01-02T03:04:05Z';
      case 'URL':
        return 'https://example.com/hook';
      case 'ID':
        return hints.pattern(name) ?? `${name.slice(0, 2).toUpperCase()}0123456789abcdef0123456789abcdef`;
      default:
        return hints.pattern(name) ?? plausibleString(name);
    }
  }
  return null;
}

/** GraphQL literal text for a generated value (enums marked `{ enum }`). */
function literal(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj['enum'] === 'string' && Object.keys(obj).length === 1) return obj['enum'];
    return `{ ${Object.entries(obj)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** One step of a document: a field of `parent` and the plan behind it. */
interface Step {
  parent: string;
  field: GraphQLField<unknown, unknown>;
  plan: FieldPlan;
}

/** The `{ paths, components }` of a spec, for the schemas of JSON-valued parameters. */
interface SpecDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema; encoding?: Record<string, unknown> }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Hints for one field's arguments: SID patterns from the operation map, JSON samples from the spec. */
function hintsFor(step: Step, map: OperationMap, spec: SpecDocument): ValueHints {
  const op = map.operations[step.plan.op]!;
  const wireOf = (argName: string): string | undefined => {
    const input = /^input\.([^.]+)\.(.+)$/.exec(argName);
    if (input) return map.inputs[input[1]!]?.[input[2]!];
    return Object.entries(step.plan.path).find(([, source]) => 'arg' in source && source.arg === argName)?.[0] ?? step.plan.args?.[argName];
  };
  const resolve = (node: JsonSchema): JsonSchema =>
    node.$ref ? (spec.components?.schemas?.[node.$ref.replace('#/components/schemas/', '')] ?? {}) : node;
  return {
    pattern: (argName) => {
      const wire = wireOf(argName);
      const pattern = wire === undefined ? undefined : op.params[wire]?.pattern;
      return pattern === undefined ? undefined : valueForPattern(pattern);
    },
    json: (argName) => {
      const wire = wireOf(argName);
      const content = spec.paths[op.path]?.[op.method.toLowerCase()]?.requestBody?.content ?? {};
      const body = Object.values(content)[0]?.schema;
      const schema = wire === undefined || body === undefined ? undefined : resolve(body).properties?.[wire];
      return schema === undefined ? undefined : sampleFor(schema, resolve);
    },
  };
}

/** `field(requiredArgs…)` for one step. */
function fieldCall(step: Step, map: OperationMap, spec: SpecDocument): string {
  const hints = hintsFor(step, map, spec);
  const args = step.field.args.filter((a: GraphQLArgument) => isNonNullType(a.type)).map((a) => `${a.name}: ${literal(inputValue(a.type, a.name, hints))}`);
  return `${step.field.name}${args.length ? `(${args.join(', ')})` : ''}`;
}

/**
 * The document that runs `steps`: every step but the last only walks to the next (so the gateway
 * fetches it only if it must), the last selects `__typename`, which makes its REST call.
 */
function documentFor(kind: 'query' | 'mutation', steps: readonly Step[], map: OperationMap, spec: SpecDocument): string {
  const last = steps[steps.length - 1]!;
  const named = getNamedType(last.field.type);
  let text = `${fieldCall(last, map, spec)}${isScalarType(named) || isEnumType(named) ? '' : ' { __typename }'}`;
  for (const step of [...steps].reverse().slice(1)) text = `${fieldCall(step, map, spec)} { ${text} }`;
  return `${kind} { ${text} }`;
}

/**
 * The shortest chain of fetch fields from `Query` to every object type: each step's path comes from
 * arguments or from the fields its parent's own path gives, so a walked-through parent needs no call.
 */
function chainsFrom(schema: GraphQLSchema, map: OperationMap): Map<string, Step[]> {
  const chains = new Map<string, Step[]>([['Query', []]]);
  const queue = ['Query'];
  while (queue.length > 0) {
    const typeName = queue.shift()!;
    const chain = chains.get(typeName)!;
    if (chain.length >= 5) continue;
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const [fieldName, plan] of Object.entries(map.fields[typeName] ?? {})) {
      if (plan.kind !== 'fetch' || plan.requires !== undefined) continue;
      if (Object.values(plan.path).some((source) => source.from === 'url')) continue;
      const field = type.getFields()[fieldName];
      const target = field && getNamedType(field.type);
      if (!field || !isObjectType(target) || chains.has(target.name)) continue;
      chains.set(target.name, [...chain, { parent: typeName, field, plan }]);
      queue.push(target.name);
    }
  }
  return chains;
}

/** Matches a product-relative request path against an operation's path template. */
function pathMatcher(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{.+\}$/.test(part) ? '[^/?]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}(\\?|$)`);
}

async function execute(url: string, query: string): Promise<{ errors?: Array<{ message: string }> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { errors?: Array<{ message: string }> };
}

// ---- processes: Prism per spec, and the routing proxy ----

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} not open within ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

interface Exchange {
  product: string;
  method: string;
  path: string;
  body: string;
  status: number;
  verdict: string;
}

/**
 * The spec as Prism needs it to read Twilio's form bodies: OpenAPI's default encoding of an array
 * property in an `application/x-www-form-urlencoded` body is `style: form, explode: true`
 * (repeated keys, exactly what Twilio takes), but Prism applies that only when the spec spells it
 * out, and refuses every array otherwise ("must be array"). The copy spells it out; nothing else
 * changes, and it lives in a temporary folder (the specs are never copied into the repository).
 */
function withFormArrayEncodings(spec: SpecDocument): SpecDocument {
  const copy = structuredClone(spec);
  const resolve = (node: JsonSchema): JsonSchema =>
    node.$ref ? (copy.components?.schemas?.[node.$ref.replace('#/components/schemas/', '')] ?? {}) : node;
  for (const operations of Object.values(copy.paths)) {
    for (const operation of Object.values(operations)) {
      const form = operation.requestBody?.content?.['application/x-www-form-urlencoded'];
      const properties = form?.schema === undefined ? undefined : resolve(form.schema).properties;
      if (form === undefined || properties === undefined) continue;
      for (const [name, property] of Object.entries(properties)) {
        if (resolve(property).type !== 'array') continue;
        form.encoding ??= {};
        form.encoding[name] ??= { style: 'form', explode: true };
      }
    }
  }
  return copy;
}

/** Routes `/{product}/rest` to that product's Prism as `/rest`, recording each exchange. */
function startProxy(ports: Map<string, number>, exchanges: Exchange[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const slash = url.indexOf('/', 1);
    const product = url.slice(1, slash < 0 ? undefined : slash);
    const port = ports.get(product);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (port === undefined || slash < 0) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no Prism for this product"}');
        return;
      }
      const headers = { ...req.headers, host: `127.0.0.1:${port}`, 'content-length': String(body.length) };
      const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: url.slice(slash), headers }, (pr) => {
        const out: Buffer[] = [];
        pr.on('data', (c: Buffer) => out.push(c));
        pr.on('end', () => {
          const text = Buffer.concat(out).toString();
          const status = pr.statusCode ?? 0;
          let verdict = 'accepted';
          if (status >= 400) {
            try {
              const problem = JSON.parse(text) as { title?: string; detail?: string; validation?: Array<{ location?: string[]; message?: string }> };
              verdict = `${problem.title ?? status}: ${(problem.validation ?? []).map((v) => `${(v.location ?? []).join('.')} ${v.message ?? ''}`).join('; ') || problem.detail || ''}`;
            } catch {
              verdict = `HTTP ${status}`;
            }
          }
          exchanges.push({ product, method: req.method ?? '', path: url.slice(slash), body: body.toString(), status, verdict });
          // Twilio-shaped JSON success so the gateway's execution proceeds normally.
          res.writeHead(status, { 'content-type': pr.headers['content-type'] ?? 'application/json' }).end(text);
        });
      });
      upstream.on('error', (error) => res.writeHead(502).end(String(error)));
      upstream.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

async function main(): Promise<number> {
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const selected = SPECS.filter((s) => !flags.spec || flags.spec.some((name) => s.file.includes(name) || s.name === name));
  if (selected.length === 0) throw new Error(`--spec ${flags.spec?.join(', ')} names none of: ${SPECS.map((s) => s.name).join(', ')}`);
  for (const spec of selected) {
    if (!existsSync(join(SPECS_DIR, spec.file))) throw new Error(`${spec.file} not found in ${SPECS_DIR}: set TWILIO_OAI_SPECS to a twilio-oai spec/json folder`);
  }
  const { sdl, map } = loadArtifacts();
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const chains = chainsFrom(schema, map);
  const prisms: Child[] = [];
  const ports = new Map<string, number>();
  const exchanges: Exchange[] = [];
  const docs = new Map(selected.map((spec) => [spec.file, JSON.parse(readFileSync(join(SPECS_DIR, spec.file), 'utf8')) as SpecDocument]));
  const prismSpecs = mkdtempSync(join(tmpdir(), 'twilio-graphql-fidelity-'));
  let basePort = 4900 + Math.floor(Math.random() * 500);
  try {
    for (const spec of selected) {
      const port = basePort++;
      const file = join(prismSpecs, spec.file);
      writeFileSync(file, JSON.stringify(withFormArrayEncodings(docs.get(spec.file)!)));
      log(`prism mock ${spec.file} on ${port}…`);
      prisms.push(spawnNode([join(REPO_ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js'), 'mock', file, '-p', String(port), '-h', '127.0.0.1']));
      ports.set(spec.product, port);
    }
    await Promise.all([...ports.values()].map((port) => waitForPort(port, 120_000)));
    const proxy = await startProxy(ports, exchanges);
    const gateway = await startGateway({ upstream: { kind: 'url', baseUrl: proxy.url }, host: '127.0.0.1', port: 0 });
    const rows: string[] = [];
    let allAccepted = true;
    try {
      for (const spec of selected) {
        const doc = docs.get(spec.file)!;
        let reached = 0;
        let requests = 0;
        let accepted = 0;
        const rejections: string[] = [];
        const operations = Object.entries(map.operations).filter(([, op]) => op.product === spec.product && (!spec.paths || spec.paths.test(op.path)));
        for (const [opKey, op] of operations) {
          const steps = stepsTo(opKey, schema, map, chains);
          if (steps === undefined) {
            rejections.push(`${opKey}: no field of the schema can be reached to run it`);
            continue;
          }
          const kind = steps[0]!.parent === 'Mutation' ? 'mutation' : 'query';
          const label = steps.map((step) => `${step.parent}.${step.field.name}`).join(' → ');
          const before = exchanges.length;
          let current = documentFor(kind, steps, map, doc);
          let result = await execute(gateway.graphqlUrl, current);
          // One-of rules ("One of input.url, input.twiml, … is required."): fill the first and retry.
          for (let round = 0; round < 3 && exchanges.length === before; round++) {
            const oneOf = /^One of input\.(\w+)\b/.exec(result.errors?.[0]?.message ?? '');
            if (!oneOf) break;
            current = current.replace(/input: \{ /, `input: { ${oneOf[1]!}: ${literal(plausibleString(oneOf[1]!))}, `);
            result = await execute(gateway.graphqlUrl, current);
          }
          const sent = exchanges.slice(before);
          const matcher = pathMatcher(op.path);
          if (sent.some((exchange) => exchange.method === op.method && matcher.test(exchange.path))) reached++;
          else rejections.push(`${opKey} (${label}): no ${op.method} ${op.path} was sent (${result.errors?.[0]?.message ?? 'no error'})`);
          for (const exchange of sent) {
            requests++;
            if (exchange.status < 400) accepted++;
            else rejections.push(`${opKey} (${label}): ${exchange.method} ${exchange.path} ${exchange.body ? `[${exchange.body.slice(0, 200)}]` : ''} → ${exchange.status} ${exchange.verdict}`);
          }
        }
        const ok = accepted === requests && rejections.length === 0;
        allAccepted &&= ok;
        const pct = requests ? ((100 * accepted) / requests).toFixed(1) : '–';
        rows.push(`| ${spec.name} (${spec.file}) | ${reached}/${operations.length} | ${accepted}/${requests} | ${pct} % |`);
        for (const r of flags.verbose ? rejections : rejections.slice(0, 15)) log(`  ✗ ${r}`);
        if (!flags.verbose && rejections.length > 15) log(`  … ${rejections.length - 15} more (--verbose)`);
      }
    } finally {
      await gateway.close();
      await proxy.close();
    }
    process.stdout.write(['| spec | operations run | upstream requests accepted | % |', '|---|---|---|---|', ...rows, ''].join('\n'));
    return allAccepted ? 0 : 1;
  } finally {
    for (const prism of prisms) await stopChild(prism);
    rmSync(prismSpecs, { recursive: true, force: true });
  }
}

/** The shortest document path to a field that runs `opKey`: a root field, else a nested one under a reachable type. */
function stepsTo(opKey: string, schema: GraphQLSchema, map: OperationMap, chains: Map<string, Step[]>): Step[] | undefined {
  let best: Step[] | undefined;
  for (const [parent, fields] of Object.entries(map.fields)) {
    const chain = parent === 'Mutation' ? [] : chains.get(parent);
    if (chain === undefined) continue;
    for (const [fieldName, plan] of Object.entries(fields)) {
      if (plan.op !== opKey || plan.requires !== undefined) continue;
      const type = schema.getType(parent);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      if (!field) continue;
      const steps = [...chain, { parent, field, plan }];
      if (best === undefined || steps.length < best.length) best = steps;
    }
  }
  return best;
}

process.exitCode = await main().catch((error: unknown) => {
  log(`fidelity: ${error instanceof Error ? error.message : String(error)}`);
  return 2;
});
