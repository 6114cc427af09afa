/**
 * Prometheus metrics (prom-client), served at `/metrics` when enabled: GraphQL requests and their
 * duration, GraphQL errors by `extensions.code`, and upstream attempts, latency, 429s and retries by
 * host, product and method (from the REST client's `onUpstream` events). Labels are bounded sets
 * (hosts, products, methods, statuses, codes); no path, account or credential is ever a label.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UpstreamEvent } from '../../twilio/index.js';
import { UpstreamUnavailableError } from '../../twilio/index.js';

/** Path of the metrics endpoint. */
export const METRICS_PATH = '/metrics';

/** Latency buckets in seconds, from a cached local answer to a slow upstream. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's metrics, in a registry of their own (never prom-client's global one). */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'status'>;
  private readonly requestDuration: Histogram<'status'>;
  private readonly errors: Counter<'code'>;
  private readonly upstreamAttempts: Counter<'host' | 'product' | 'method' | 'outcome'>;
  private readonly upstreamDuration: Histogram<'host' | 'product' | 'method'>;
  private readonly rateLimited: Counter<'host' | 'product'>;
  private readonly retries: Counter<'host' | 'product' | 'method'>;

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'twilio_graphql_requests_total', help: 'GraphQL HTTP requests, by HTTP status.', labelNames: ['status'], registers });
    this.requestDuration = new Histogram({
      name: 'twilio_graphql_request_duration_seconds',
      help: 'GraphQL HTTP request duration, by HTTP status.',
      labelNames: ['status'],
      buckets: BUCKETS,
      registers,
    });
    this.errors = new Counter({ name: 'twilio_graphql_errors_total', help: 'GraphQL errors returned, by extensions.code.', labelNames: ['code'], registers });
    this.upstreamAttempts = new Counter({
      name: 'twilio_graphql_upstream_requests_total',
      help: 'Upstream (Twilio) attempts, by host, product, method and outcome (HTTP status, or the reason no response came).',
      labelNames: ['host', 'product', 'method', 'outcome'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: 'twilio_graphql_upstream_duration_seconds',
      help: 'Duration of upstream attempts that were sent, by host, product and method.',
      labelNames: ['host', 'product', 'method'],
      buckets: BUCKETS,
      registers,
    });
    this.rateLimited = new Counter({
      name: 'twilio_graphql_upstream_rate_limited_total',
      help: 'Upstream answers with HTTP 429, by host and product.',
      labelNames: ['host', 'product'],
      registers,
    });
    this.retries = new Counter({
      name: 'twilio_graphql_upstream_retries_total',
      help: 'Upstream attempts followed by a retry, by host, product and method.',
      labelNames: ['host', 'product', 'method'],
      registers,
    });
  }

  /** Records one upstream attempt; pass it to `TwilioClientOptions.onUpstream`. */
  observeUpstream(event: UpstreamEvent): void {
    const { host, product, method } = event;
    const outcome = event.status !== undefined ? String(event.status) : event.error instanceof UpstreamUnavailableError ? event.error.reason : 'error';
    this.upstreamAttempts.inc({ host, product, method, outcome });
    if (event.sent) this.upstreamDuration.observe({ host, product, method }, event.durationMs / 1000);
    if (event.status === 429) this.rateLimited.inc({ host, product });
    if (event.retried) this.retries.inc({ host, product, method });
  }

  /**
   * Serves `/metrics` and counts the GraphQL route's requests and errors. Call after mercurius is
   * registered and before the server listens.
   * @param errorCodes the codes of the errors a request's response carried (the request log's, so
   *   the log line and the metrics always agree).
   */
  install(app: FastifyInstance, graphqlPath: string, errorCodes: (request: FastifyRequest) => readonly string[]): void {
    app.get(METRICS_PATH, async (_request, reply) => {
      reply.type(this.registry.contentType);
      return this.registry.metrics();
    });
    app.addHook('onResponse', async (request, reply) => {
      if (request.routeOptions.url !== graphqlPath) return;
      const status = String(reply.statusCode);
      this.requests.inc({ status });
      this.requestDuration.observe({ status }, reply.elapsedTime / 1000);
      for (const code of errorCodes(request)) this.errors.inc({ code: labelOf(code) });
    });
  }
}

/** A code as a label: codes are upper-case identifiers; anything else (never expected) is bounded to one label. */
function labelOf(code: string): string {
  return /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'UNCLASSIFIED';
}
