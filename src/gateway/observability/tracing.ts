/**
 * OpenTelemetry traces through `@opentelemetry/api` only: one server span per GraphQL request and one
 * client span per upstream call (child of it), with each attempt of a call as a span event. Without
 * a registered SDK every span is the API's no-op span, so this costs next to nothing; to export
 * traces, register a tracer provider (and, for the per-attempt events, a context manager) before
 * the gateway starts, e.g. with `node --import ./otel-setup.js` (see README "Tracing").
 * Attributes hold methods, hosts, paths and statuses only: never credentials, queries or variables.
 */
import { context, ProxyTracerProvider, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UpstreamEvent, UpstreamRequest, UpstreamResponse } from '../../twilio/index.js';
import { UpstreamUnavailableError } from '../../twilio/index.js';
import type { GatewayContext } from '../context.js';

/** Instrumentation scope name of every span the gateway makes. */
export const TRACER_NAME = 'twilio-graphql';

const tracer = () => trace.getTracer(TRACER_NAME);

/** True once an OpenTelemetry SDK has registered a tracer provider; without one every span is a no-op. */
function tracerRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(TRACER_NAME) !== undefined;
}

/**
 * Starts a server span for each request to `graphqlPath` and ends it with the response; hands its
 * context to resolvers (`GatewayContext.traceContext`) so upstream spans become its children.
 * Call after mercurius is registered and before the server listens. Without a registered SDK
 * (see {@link tracerRegistered}) it installs nothing, so untraced gateways pay no hook per request.
 */
export function installTracing(app: FastifyInstance, graphqlPath: string): void {
  if (!tracerRegistered()) return;
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== graphqlPath) return;
    spans.set(
      request,
      tracer().startSpan('graphql.request', {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'url.path': graphqlPath },
      }),
    );
  });
  app.graphql.addHook('preExecution', async (_schema, document, gqlContext) => {
    const span = spans.get(gqlContext.reply.request);
    if (span === undefined) return;
    const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
    if (operation?.kind === 'OperationDefinition') {
      span.setAttribute('graphql.operation.type', operation.operation);
      if (operation.name !== undefined) span.setAttribute('graphql.operation.name', operation.name.value);
    }
    (gqlContext as unknown as GatewayContext).traceContext = trace.setSpan(context.active(), span);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (span === undefined) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}

/**
 * Runs one upstream call inside a client span (child of `parent`), recording the outcome. The span is
 * the active span during the call, so {@link recordAttempt} can add the client's attempt events to it.
 */
export async function traceUpstream(
  parent: Context | undefined,
  request: UpstreamRequest,
  call: () => Promise<UpstreamResponse>,
): Promise<UpstreamResponse> {
  if (parent === undefined) return call();
  const span = tracer().startSpan(
    `${request.method} ${request.product}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': request.method, 'twilio.product': request.product, 'url.path': request.path },
    },
    parent,
  );
  try {
    const response = await context.with(trace.setSpan(parent, span), call);
    span.setAttribute('http.response.status_code', response.status);
    return response;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
    if (error instanceof UpstreamUnavailableError) {
      span.setAttributes({ 'twilio.unavailable.reason': error.reason, 'twilio.request.sent': error.sent });
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
    throw error;
  } finally {
    span.end();
  }
}

/** Adds one client attempt to the active upstream span; pass it to `TwilioClientOptions.onUpstream`. */
export function recordAttempt(event: UpstreamEvent): void {
  const span = trace.getActiveSpan();
  if (span === undefined || !span.isRecording()) return;
  span.addEvent('twilio.attempt', {
    'twilio.attempt': event.attempt,
    'twilio.retried': event.retried,
    'twilio.sent': event.sent,
    'twilio.duration_ms': event.durationMs,
    ...(event.status === undefined ? {} : { 'http.response.status_code': event.status }),
    ...(event.error instanceof UpstreamUnavailableError ? { 'twilio.unavailable.reason': event.error.reason } : {}),
  });
}
