/**
 * `npm run fidelity`: does Twilio's own spec accept every request the gateway sends?
 *
 * Runs Stoplight Prism in mock mode on each spec (one process per spec, the spec read in place from
 * ../shared/twilio-oai), puts a loopback reverse proxy in front that routes `/{product}/…` to that
 * product's Prism (our client's base-URL scheme, notes/CONTRACTS.md), points the gateway at the proxy,
 * and executes one generated operation for every Query and Mutation root field of the covered products.
 * Prism answers 422 (problem+json) to requests its validation rejects; the proxy records every upstream
 * request and Prism's verdict. Only request validation counts: Prism's mock responses are not checked.
 *
 * Flags: --spec NAME (repeatable: limit to these specs) --verbose (print every rejection).
 * Exits 1 unless every upstream request was accepted.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { loadArtifacts } from '../src/gateway/artifacts.js';
import { startGateway } from '../src/gateway/start.js';
import type { OperationMap } from '../src/schema/operation-map.js';
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

const { values: flags } = parseArgs({ options: { spec: { type: 'string', multiple: true }, verbose: { type: 'boolean' } }, strict: true });
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

function inputValue(type: GraphQLInputType, name: string, patternFor: (name: string) => string | undefined, depth = 0): unknown {
  if (isNonNullType(type)) return inputValue(type.ofType, name, patternFor, depth);
  if (isListType(type)) return [inputValue(type.ofType, name, patternFor, depth)];
  const named = getNamedType(type);
  if (isEnumType(named)) return { enum: named.getValues()[0]!.name };
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      // Input fields map to wire (body) parameters, whose SID patterns the operation map carries.
      if (isNonNullType(field.type) && depth < 4) out[field.name] = inputValue(field.type, field.name, (n) => patternFor(`input.${named.name}.${n}`), depth + 1);
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
        return { fidelity: true };
      case 'DateTime':
        return '2024-01-02T03:04:05Z';
      case 'URL':
        return 'https://example.com/hook';
      case 'ID':
        return patternFor(name) ?? `${name.slice(0, 2).toUpperCase()}0123456789abcdef0123456789abcdef`;
      default:
        return patternFor(name) ?? plausibleString(name);
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

/** The document for one root field: required arguments filled, the smallest selection. */
function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, map: OperationMap, opKey: string, parentName: string): string {
  const op = map.operations[opKey]!;
  const plan = map.fields[parentName]![field.name]!;
  const patternFor = (argName: string): string | undefined => {
    const input = /^input\.([^.]+)\.(.+)$/.exec(argName);
    const wire = input
      ? map.inputs[input[1]!]?.[input[2]!]
      : (Object.entries(plan.path).find(([, source]) => 'arg' in source && source.arg === argName)?.[0] ?? plan.args?.[argName]);
    const pattern = wire === undefined ? undefined : op.params[wire]?.pattern;
    return pattern === undefined ? undefined : valueForPattern(pattern);
  };
  const args = field.args
    .filter((a: GraphQLArgument) => isNonNullType(a.type))
    .map((a) => `${a.name}: ${literal(inputValue(a.type, a.name, patternFor))}`);
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
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
  const selected = SPECS.filter((s) => !flags.spec || flags.spec.some((name) => s.file.includes(name) || s.name === name));
  const { sdl, map } = loadArtifacts();
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const prisms: Child[] = [];
  const ports = new Map<string, number>();
  const exchanges: Exchange[] = [];
  let basePort = 4900 + Math.floor(Math.random() * 500);
  try {
    for (const spec of selected) {
      const port = basePort++;
      log(`prism mock ${spec.file} on ${port}…`);
      prisms.push(spawnNode([join(REPO_ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js'), 'mock', join(SPECS_DIR, spec.file), '-p', String(port), '-h', '127.0.0.1']));
      ports.set(spec.product, port);
    }
    await Promise.all([...ports.values()].map((port) => waitForPort(port, 120_000)));
    const proxy = await startProxy(ports, exchanges);
    const gateway = await startGateway({ upstream: { kind: 'url', baseUrl: proxy.url }, host: '127.0.0.1', port: 0 });
    const rows: string[] = [];
    let allAccepted = true;
    try {
      for (const spec of selected) {
        let fields = 0;
        let requests = 0;
        let accepted = 0;
        const rejections: string[] = [];
        for (const [kind, type] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
          for (const [fieldName, plan] of Object.entries(map.fields[type.name] ?? {})) {
            const op = map.operations[plan.op];
            if (!op || op.product !== spec.product || (spec.paths && !spec.paths.test(op.path))) continue;
            fields++;
            const document = documentFor(kind, type.getFields()[fieldName]!, map, plan.op, type.name);
            const before = exchanges.length;
            let current = document;
            let result = await execute(gateway.graphqlUrl, current);
            // One-of rules ("One of input.url, input.twiml, … is required."): fill the first and retry.
            for (let round = 0; round < 3 && exchanges.length === before; round++) {
              const oneOf = /^One of input\.(\w+)\b/.exec(result.errors?.[0]?.message ?? '');
              if (!oneOf) break;
              current = current.replace(/input: \{ /, `input: { ${oneOf[1]!}: ${literal(plausibleString(oneOf[1]!))}, `);
              result = await execute(gateway.graphqlUrl, current);
            }
            const sent = exchanges.slice(before);
            if (sent.length === 0) rejections.push(`${type.name}.${fieldName}: no upstream request (${result.errors?.[0]?.message ?? 'no error'})`);
            for (const exchange of sent) {
              requests++;
              if (exchange.status < 400) accepted++;
              else rejections.push(`${type.name}.${fieldName}: ${exchange.method} ${exchange.path} ${exchange.body ? `[${exchange.body.slice(0, 200)}]` : ''} → ${exchange.status} ${exchange.verdict}`);
            }
          }
        }
        const ok = accepted === requests && rejections.length === 0;
        allAccepted &&= ok;
        rows.push(`| ${spec.name} (${spec.file}) | ${fields} | ${accepted}/${requests} | ${requests ? ((100 * accepted) / requests).toFixed(1) : '–'} % |`);
        for (const r of flags.verbose ? rejections : rejections.slice(0, 15)) log(`  ✗ ${r}`);
        if (!flags.verbose && rejections.length > 15) log(`  … ${rejections.length - 15} more (--verbose)`);
      }
    } finally {
      await gateway.close();
      await proxy.close();
    }
    process.stdout.write(['| spec | root fields executed | upstream requests accepted | % |', '|---|---|---|---|', ...rows, ''].join('\n'));
    return allAccepted ? 0 : 1;
  } finally {
    for (const prism of prisms) await stopChild(prism);
  }
}

process.exitCode = await main();
