/**
 * Abuse limits, installed on the gateway's server: every check here runs before execution, so a
 * refused request makes no upstream call. Order per request: token count (before parsing), document
 * shape and introspection (before validation), then static cost and `first` ranges (after variables
 * are known, before execution).
 */
import { Kind } from 'graphql';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { QueryLimits } from './config.js';
import { checkCost, type CostModel } from './cost.js';
import { checkDocumentShape, checkTokenCount } from './shape.js';

export { DEFAULT_LIMITS, DEFAULT_REQUEST_TIMEOUT_MS, resolveLimits, type QueryLimits } from './config.js';
export { checkCost, type CostInput, type CostModel } from './cost.js';
export { LimitError, RefusedRequestError, type LimitExtensions } from './errors.js';
export { bodyLimitHook } from './body-limit.js';
export { checkDocumentShape, checkTokenCount } from './shape.js';
export { withoutSchemaHints } from './schema-hints.js';
export { withDeadlineLimit } from './deadline.js';
export { loadPersistedOperations, parsePersistedOperations, persistedOperationsProvider, type PersistedOperations } from './persisted.js';

/** What {@link installLimits} enforces. */
export interface LimitsOptions {
  limits: QueryLimits;
  /** The operation map behind the schema; without it there is no cost or `first` check. */
  cost?: CostModel;
  /** The operation name a request selected (from its body or query string). */
  operationName(request: FastifyRequest): string | undefined;
}

/** Registers the limit hooks on `app` (after mercurius has been registered). */
export function installLimits(app: FastifyInstance, options: LimitsOptions): void {
  const { limits, cost } = options;
  app.graphql.addHook('preParsing', (_schema, source) => checkTokenCount(source, limits.maxTokens));
  app.graphql.addHook('preValidation', (_schema, document) => {
    // Non-documents are refused by the server's own preValidation hook.
    if ((document as { kind?: unknown }).kind === Kind.DOCUMENT) checkDocumentShape(document, limits);
  });
  if (cost === undefined) return;
  app.graphql.addHook('preExecution', (schema, document, context, variables) => {
    checkCost({ schema, document, operationName: options.operationName(context.reply.request), variables }, cost, limits.maxCost);
  });
}
