/**
 * The abuse limits an operation must pass before the gateway makes any upstream call, their
 * defaults, and the check that a configuration is usable.
 */

/** Limits on one GraphQL request's document and its static cost. */
export interface QueryLimits {
  /**
   * Largest static cost: the upstream calls the operation could cause, counting 1 per linked field
   * per parent object, with each connection multiplying its contents by its `first`.
   */
  maxCost: number;
  /** Deepest field nesting (a root field is depth 1), fragments expanded. */
  maxDepth: number;
  /** Most aliased fields in the document, fragments expanded. */
  maxAliases: number;
  /** Most field selections in the document, fragments expanded. */
  maxFields: number;
  /** Most lexical tokens in the query text; parsing stops there (protects the parser). */
  maxTokens: number;
  /** Whether `__schema` / `__type` may be queried. */
  introspection: boolean;
}

/**
 * Defaults: generous for real operations (the standard introspection query, or a five-level chain
 * such as workspace → workers → reservations → task → queue with small pages) and small enough that
 * one request cannot spend thousands of upstream calls or stall the validator.
 */
export const DEFAULT_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxCost: 1000,
  maxDepth: 20,
  maxAliases: 30,
  maxFields: 500,
  maxTokens: 5000,
  introspection: true,
});

/** Default per-request deadline for all upstream calls of one GraphQL request, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

const NUMERIC_LIMITS = ['maxCost', 'maxDepth', 'maxAliases', 'maxFields', 'maxTokens'] as const;

/**
 * Fills unset limits with {@link DEFAULT_LIMITS}.
 * @throws RangeError when a numeric limit is not a positive safe integer.
 */
export function resolveLimits(partial: Partial<QueryLimits> = {}): QueryLimits {
  const limits: QueryLimits = { ...DEFAULT_LIMITS };
  for (const name of NUMERIC_LIMITS) {
    const value = partial[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Limit ${name} must be a positive integer, got ${value}.`);
    limits[name] = value;
  }
  if (partial.introspection !== undefined) limits.introspection = partial.introspection;
  return limits;
}
