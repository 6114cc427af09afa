import type { StoredRecord } from '../../store.js';
import { ExpressionError, evaluate, parseExpression, type Expression } from './expression.js';
import { parseAttributes } from './workflow.js';

/**
 * Which workers a queue can reserve: its `target_workers` expression evaluated against each
 * worker's attributes (an empty expression admits everyone). Shared by the list filters and
 * the statistics, so both agree with routing about who is eligible.
 */

/** A parsed expression, or undefined for an empty one (which matches everything). */
export function compile(text: unknown): Expression | undefined {
  return typeof text === 'string' && text.trim() !== '' ? parseExpression(text) : undefined;
}

/** Whether attributes satisfy a compiled expression; an expression that cannot be read matches nothing. */
export function satisfies(expression: Expression | undefined, attributes: Record<string, unknown>): boolean {
  return expression === undefined || evaluate(expression, { self: attributes, worker: attributes });
}

/** A queue's eligibility test over worker attributes; a queue whose expression cannot be read admits no one. */
export function queueAdmits(queue: StoredRecord): (attributes: Record<string, unknown>) => boolean {
  let expression: Expression | undefined;
  try {
    expression = compile(queue.data.target_workers);
  } catch (error) {
    if (error instanceof ExpressionError) return () => false;
    throw error;
  }
  return (attributes) => satisfies(expression, attributes);
}

/** The attributes a worker (or task) is matched by: its `attributes` JSON. */
export function attributesOf(worker: StoredRecord): Record<string, unknown> {
  return parseAttributes(worker.data.attributes);
}

/** Whether a worker may take a queue's tasks. */
export function isEligible(queue: StoredRecord, worker: StoredRecord): boolean {
  return queueAdmits(queue)(attributesOf(worker));
}
