/**
 * `twilio-graphql serve`: its help text and the translation of flags and environment variables into
 * a {@link GatewayConfig}. Pure (no I/O), so every rule is unit-testable.
 */
import { parseArgs } from 'node:util';
import { isAccountSid, isApiKeySid, type ServerCredentials } from '../gateway/auth.js';
import type { GatewayConfig, UpstreamConfig } from '../gateway/start.js';
import { DEFAULT_BODY_LIMIT, type LogLevel } from '../gateway/server.js';
import { DEFAULT_MAX_FIRST } from '../gateway/executable-schema.js';
import { DEFAULT_LIMITS, DEFAULT_REQUEST_TIMEOUT_MS } from '../gateway/limits/index.js';
import { DEFAULT_AGENT_MUTATIONS } from '../gateway/flex-access.js';
import { assertCorsOrigins } from '../gateway/cors.js';
import { assertLabel, DEFAULT_MAX_CONCURRENCY } from '../twilio/index.js';
import { asUsageError, UsageError } from './usage-error.js';

/** Help for `serve`; every flag and environment variable it reads is listed here. */
export const SERVE_HELP = `Usage: twilio-graphql serve [options]

Serve Twilio's REST APIs as one GraphQL graph at http://HOST:PORT/graphql (GraphiQL in a browser).

With no Twilio credentials and no --upstream, an emulator with demo data starts in the same
process and the printed Authorization header works right away.

Options:
  --port <n>             TCP port; 0 picks a free one (env PORT; default 4000)
  --host <address>       Interface to bind (default 127.0.0.1). 0.0.0.0 exposes the gateway.
  --upstream <url>       Send Twilio calls to this base URL instead of *.twilio.com, with products
                         as path prefixes, e.g. http://127.0.0.1:4010 for "twilio-graphql emulator"
                         (env TWILIO_GRAPHQL_UPSTREAM)
  --emulator             Start the embedded emulator even if credentials are configured
  --emulator-port <n>    Port of the embedded emulator (default: a free one; printed at start). Its
                         URL mints Flex tokens for tests: POST <emulator URL>/__emulator/flex/tokens
  --region <id>          Twilio region, e.g. ie1 (env TWILIO_REGION)
  --edge <id>            Twilio edge, e.g. dublin (env TWILIO_EDGE). Set both region and edge:
                         a region alone gives the legacy host form Twilio is retiring.
  --gateway-token <token>
                         Let requests without Authorization use the server credentials when they
                         send "X-Gateway-Token: <token>" (env TWILIO_GRAPHQL_GATEWAY_TOKEN; prefer the
                         variable: flags are visible to other users in the process list)
  --cors-origin <origin[,origin]>
                         Let web pages on these origins call the gateway from a browser (CORS), e.g.
                         https://flex.twilio.com (env TWILIO_GRAPHQL_CORS_ORIGIN; default: CORS off).
                         Allows GET and POST with Authorization, Content-Type and X-Twilio-Account-Sid;
                         such requests must bring their own credentials (Basic or a Flex token)
  --body-limit <bytes>   Largest request body; larger ones get HTTP 413 (default ${DEFAULT_BODY_LIMIT})
  --log-level <level>    fatal|error|warn|info|debug|trace|silent, JSON lines on stdout (default warn;
                         the start-up banner goes to stderr).
                         "info" writes one line per GraphQL request: request id, operation, account,
                         upstream calls, duration, status, error codes (never headers, queries or data)
  --metrics              Serve Prometheus metrics at /metrics (requests, errors by code, upstream
                         calls, latency, 429s and retries by host). Default off
  --agent-mutations <name[,name]>
                         Mutations a Flex token may run when its roles include neither "admin" nor
                         "supervisor" (default ${DEFAULT_AGENT_MUTATIONS.join(',')});
                         "" allows none. A mutation whose path names a worker (updateWorker,
                         updateWorkerReservation) must name the token's own worker_sid; others you
                         add (updateReservation, updateTask, ...) act on whatever their arguments
                         name, not only on the agent's own work. Supervisors and admins are not
                         restricted
  -h, --help             Show this help

Limits (checked before any call to Twilio; a refused request gets a GraphQL error naming the limit,
its value and the cap):
  --max-cost <n>         Upstream calls one operation may cause, estimated before it runs: each linked
                         field counts 1 per parent object, and each connection multiplies what it
                         contains by its "first" (default ${DEFAULT_LIMITS.maxCost})
  --max-depth <n>        Deepest field nesting (default ${DEFAULT_LIMITS.maxDepth})
  --max-aliases <n>      Most aliased fields, fragments expanded (default ${DEFAULT_LIMITS.maxAliases})
  --max-fields <n>       Most field selections, fragments expanded (default ${DEFAULT_LIMITS.maxFields})
  --max-tokens <n>       Most tokens in the query text (default ${DEFAULT_LIMITS.maxTokens})
  --max-first <n>        Largest "first" of any connection (default ${DEFAULT_MAX_FIRST}; lower where Twilio's page is)
  --request-timeout <ms> Deadline for all Twilio calls of one GraphQL request's resolvers, counted from
                         the first (default ${DEFAULT_REQUEST_TIMEOUT_MS}); a Flex token's validation is not part of it
  --max-concurrency <n>  Twilio calls in flight per account, shared by all requests whose credential
                         Twilio has accepted for it; more wait their turn (default ${DEFAULT_MAX_CONCURRENCY}, well under
                         Twilio's per-account concurrency limit). A call's account is the one its 2010
                         path names, else the credential's own (an API key counts as its own). Not
                         yet accepted: one call at a time
  --no-introspection     Refuse __schema / __type and the federation SDL (_service), and drop the
                         "Did you mean" hints from error messages (GraphiQL then cannot load the
                         schema; federation composition reads twilio-subgraph.graphql instead)
  --persisted-operations <file>
                         Run only the operations in this JSON file ({ "<sha256>": "<query>" } as GraphQL
                         Codegen emits it, or an Apollo persisted-query manifest); requests name one in
                         extensions.persistedQuery.sha256Hash (or "documentId"/"id"), query text is
                         refused, and GraphiQL is not served

Server credentials (environment only, never flags):
  TWILIO_ACCOUNT_SID     Account SID (AC...). Alone, it is the account for API-key requests that
                         send no X-Twilio-Account-Sid header.
  TWILIO_AUTH_TOKEN      With TWILIO_ACCOUNT_SID: the server credentials.
  TWILIO_API_KEY         API Key SID (SK...); with TWILIO_API_SECRET and TWILIO_ACCOUNT_SID: the
  TWILIO_API_SECRET      server credentials (preferred over the Auth Token when both are set).

Auth, per request:
  Authorization: Basic base64(AC...:authToken)   acts on that account
  Authorization: Basic base64(SK...:secret)      acts on the key's account; 2010 API paths use
                                                 X-Twilio-Account-Sid, else TWILIO_ACCOUNT_SID
  Authorization: Bearer <Flex token>             validated with Twilio for TWILIO_ACCOUNT_SID using the
                                                 server credentials, then acts on that account only
                                                 (naming a subaccount, or listing them, is FORBIDDEN)
  X-Twilio-Account-Sid: AC...                    the account of the 2010 API's paths (calls, messages,
                                                 account...), e.g. a subaccount; product APIs
                                                 (TaskRouter, Conversations, Flex...) always act on
                                                 the credential's own account
  Requests WITHOUT Authorization use the server credentials only if
    - --gateway-token is set and the request sends it in X-Gateway-Token, or
    - no gateway token is set, the listener is bound to loopback addresses only, and the request's
      Host header is localhost or a loopback IP;
    and never when a browser sent it for a page from elsewhere (an Origin that is neither a
    loopback origin nor the gateway's own, Sec-Fetch-Site: cross-site, or Sec-Fetch-Site:
    same-site without such an Origin). A local page must use the gateway's host name:
    localhost:3000 calling 127.0.0.1:4000 is cross-site to the browser.
  Otherwise they get an UNAUTHENTICATED error: the server's account is never spent silently.
  Behind a reverse proxy on the same machine, set a gateway token.
`;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The parsed `serve` command line. */
export type ServeCommand = { help: true } | { help: false; config: GatewayConfig; notes: string[] };

/** Environment variables `serve` reads (a subset of `process.env`). */
export type ServeEnv = Readonly<Record<string, string | undefined>>;

/**
 * Parses `serve` flags (after the subcommand) and environment into a gateway configuration.
 * Flags win over environment variables. `notes` say, without secrets, which mode was chosen and why.
 * @throws UsageError for unknown flags, bad values and incomplete credentials.
 */
export function parseServeArgs(argv: readonly string[], env: ServeEnv): ServeCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        upstream: { type: 'string' },
        emulator: { type: 'boolean' },
        'emulator-port': { type: 'string' },
        region: { type: 'string' },
        edge: { type: 'string' },
        'gateway-token': { type: 'string' },
        'cors-origin': { type: 'string' },
        'body-limit': { type: 'string' },
        'log-level': { type: 'string' },
        'max-cost': { type: 'string' },
        'max-depth': { type: 'string' },
        'max-aliases': { type: 'string' },
        'max-fields': { type: 'string' },
        'max-tokens': { type: 'string' },
        'max-first': { type: 'string' },
        'request-timeout': { type: 'string' },
        'max-concurrency': { type: 'string' },
        'no-introspection': { type: 'boolean' },
        'persisted-operations': { type: 'string' },
        metrics: { type: 'boolean' },
        'agent-mutations': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    asUsageError(error, 'serve');
  }
  if (values.help === true) return { help: true };

  const notes: string[] = [];
  const port = integer('--port / PORT', values.port ?? nonEmpty(env.PORT) ?? '4000', 0, 65535);
  const upstreamUrl = values.upstream ?? nonEmpty(env.TWILIO_GRAPHQL_UPSTREAM);
  const region = values.region ?? nonEmpty(env.TWILIO_REGION);
  const edge = values.edge ?? nonEmpty(env.TWILIO_EDGE);
  const gatewayToken = values['gateway-token'] ?? nonEmpty(env.TWILIO_GRAPHQL_GATEWAY_TOKEN);
  const corsOrigins = commaList(values['cors-origin'] ?? env.TWILIO_GRAPHQL_CORS_ORIGIN ?? '');
  try {
    assertCorsOrigins(corsOrigins);
  } catch (error) {
    throw new UsageError(`--cors-origin / TWILIO_GRAPHQL_CORS_ORIGIN: ${(error as Error).message}`);
  }
  const logLevel = values['log-level'] ?? 'warn';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  if (values.emulator === true && upstreamUrl !== undefined) {
    throw new UsageError('--emulator and --upstream (or TWILIO_GRAPHQL_UPSTREAM) cannot be combined: pick one upstream.');
  }
  for (const [name, kind, value] of [['--region / TWILIO_REGION', 'region', region], ['--edge / TWILIO_EDGE', 'edge', edge]] as const) {
    if (value === undefined) continue;
    try {
      assertLabel(kind, value);
    } catch (error) {
      throw new UsageError(`${name}: ${(error as Error).message}.`);
    }
  }

  const credentials = serverCredentialsFrom(env);
  const defaultAccountSid = nonEmpty(env.TWILIO_ACCOUNT_SID);
  const emulatorPort = values['emulator-port'] === undefined ? {} : { port: integer('--emulator-port', values['emulator-port'], 0, 65535) };
  let upstream: UpstreamConfig;
  if (values.emulator === true) {
    upstream = { kind: 'embedded-emulator', ...emulatorPort };
    notes.push('Upstream: embedded emulator (--emulator); configured Twilio credentials are not used.');
  } else if (upstreamUrl !== undefined) {
    upstream = { kind: 'url', baseUrl: httpUrl(upstreamUrl) };
    notes.push(`Upstream: ${upstream.baseUrl}`);
  } else if (defaultAccountSid === undefined && !hasAnyCredentialVariable(env)) {
    upstream = { kind: 'embedded-emulator', ...emulatorPort };
    notes.push('Upstream: embedded emulator (no TWILIO_* credentials and no --upstream).');
  } else {
    upstream = { kind: 'twilio', ...(region === undefined ? {} : { region }), ...(edge === undefined ? {} : { edge }) };
    notes.push(`Upstream: Twilio${region === undefined ? '' : ` region ${region}`}${edge === undefined ? '' : ` edge ${edge}`}`);
    if (region !== undefined && edge === undefined) {
      notes.push('Warning: a region without an edge uses the legacy host form Twilio is retiring; set --edge too.');
    }
  }
  if (upstream.kind !== 'embedded-emulator' && values['emulator-port'] !== undefined) {
    throw new UsageError('--emulator-port is for the embedded emulator, which this configuration does not start (add --emulator, or drop --upstream and the TWILIO_* credentials).');
  }
  if (upstream.kind !== 'embedded-emulator') {
    notes.push(
      credentials === undefined
        ? 'Server credentials: none; every request must send Authorization.'
        : `Server credentials: ${credentials.credential.username.startsWith('SK') ? 'API key' : 'Auth Token'} for ${credentials.accountSid}.`,
    );
  }

  const config: GatewayConfig = {
    upstream,
    host: values.host ?? '127.0.0.1',
    port,
    bodyLimit: integer('--body-limit', values['body-limit'] ?? String(DEFAULT_BODY_LIMIT), 1, Number.MAX_SAFE_INTEGER),
    log: { level: logLevel as LogLevel },
    limits: {
      maxCost: integer('--max-cost', values['max-cost'] ?? String(DEFAULT_LIMITS.maxCost), 1, Number.MAX_SAFE_INTEGER),
      maxDepth: integer('--max-depth', values['max-depth'] ?? String(DEFAULT_LIMITS.maxDepth), 1, Number.MAX_SAFE_INTEGER),
      maxAliases: integer('--max-aliases', values['max-aliases'] ?? String(DEFAULT_LIMITS.maxAliases), 1, Number.MAX_SAFE_INTEGER),
      maxFields: integer('--max-fields', values['max-fields'] ?? String(DEFAULT_LIMITS.maxFields), 1, Number.MAX_SAFE_INTEGER),
      maxTokens: integer('--max-tokens', values['max-tokens'] ?? String(DEFAULT_LIMITS.maxTokens), 1, Number.MAX_SAFE_INTEGER),
      introspection: values['no-introspection'] !== true,
    },
    maxFirst: integer('--max-first', values['max-first'] ?? String(DEFAULT_MAX_FIRST), 1, Number.MAX_SAFE_INTEGER),
    requestTimeoutMs: integer('--request-timeout', values['request-timeout'] ?? String(DEFAULT_REQUEST_TIMEOUT_MS), 1, Number.MAX_SAFE_INTEGER),
    client: { maxConcurrentPerAccount: integer('--max-concurrency', values['max-concurrency'] ?? String(DEFAULT_MAX_CONCURRENCY), 1, 10_000) },
    ...(values['persisted-operations'] === undefined ? {} : { persistedOperations: values['persisted-operations'] }),
    ...(credentials === undefined || upstream.kind === 'embedded-emulator' ? {} : { serverCredentials: credentials }),
    ...(defaultAccountSid === undefined || upstream.kind === 'embedded-emulator' ? {} : { defaultAccountSid }),
    ...(gatewayToken === undefined ? {} : { gatewayToken }),
    ...(corsOrigins.length === 0 ? {} : { corsOrigins }),
    ...(values.metrics === true ? { metrics: true } : {}),
    // Names are checked against the schema when the gateway starts.
    ...(values['agent-mutations'] === undefined ? {} : { agentMutations: commaList(values['agent-mutations']) }),
  };
  return { help: false, config, notes };
}

const CREDENTIAL_VARIABLES = ['TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET'] as const;

function hasAnyCredentialVariable(env: ServeEnv): boolean {
  return CREDENTIAL_VARIABLES.some((name) => nonEmpty(env[name]) !== undefined);
}

/**
 * Server credentials from twilio-node's variables: an API key (TWILIO_API_KEY + TWILIO_API_SECRET +
 * TWILIO_ACCOUNT_SID) if set, else TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN. Half a pair is an error
 * rather than a silent fallback. Messages name variables, never their values.
 */
function serverCredentialsFrom(env: ServeEnv): ServerCredentials | undefined {
  const accountSid = nonEmpty(env.TWILIO_ACCOUNT_SID);
  const authToken = nonEmpty(env.TWILIO_AUTH_TOKEN);
  const apiKey = nonEmpty(env.TWILIO_API_KEY);
  const apiSecret = nonEmpty(env.TWILIO_API_SECRET);
  if (accountSid !== undefined && !isAccountSid(accountSid)) {
    throw new UsageError('TWILIO_ACCOUNT_SID must be an Account SID: "AC" followed by 32 hex digits.');
  }
  if ((apiKey === undefined) !== (apiSecret === undefined)) {
    throw new UsageError('Set TWILIO_API_KEY and TWILIO_API_SECRET together (or neither).');
  }
  if (apiKey !== undefined && apiSecret !== undefined) {
    if (!isApiKeySid(apiKey)) throw new UsageError('TWILIO_API_KEY must be an API Key SID: "SK" followed by 32 hex digits.');
    if (accountSid === undefined) {
      throw new UsageError('TWILIO_API_KEY needs TWILIO_ACCOUNT_SID: an API key does not name its account.');
    }
    return { credential: { kind: 'basic', username: apiKey, password: apiSecret, accountSid }, accountSid };
  }
  if (authToken !== undefined) {
    if (accountSid === undefined) throw new UsageError('TWILIO_AUTH_TOKEN needs TWILIO_ACCOUNT_SID.');
    return { credential: { kind: 'basic', username: accountSid, password: authToken, accountSid }, accountSid };
  }
  return undefined;
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${text}".`);
  }
  return value;
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--upstream / TWILIO_GRAPHQL_UPSTREAM must be an absolute http(s) URL, got "${text}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--upstream / TWILIO_GRAPHQL_UPSTREAM must use http or https, got "${url.protocol}".`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('--upstream / TWILIO_GRAPHQL_UPSTREAM must not contain credentials.');
  }
  return text.replace(/\/+$/, '');
}
