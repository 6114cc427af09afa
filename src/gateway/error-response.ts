/**
 * GraphQL-over-HTTP rules for error responses that mercurius's default formatter does not follow.
 * A request error — the operation never ran (malformed request, syntax or validation error, a
 * refusal before execution) — is answered without a `data` entry, and keeps the 4xx status of its
 * cause even when that cause carries several errors (mercurius answers those with HTTP 200).
 */
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';

/** What a mercurius `errorFormatter` returns. */
export interface FormattedErrors {
  statusCode: number;
  response: ExecutionResult | FormattedExecutionResult;
}

/**
 * Adjusts `formatted` (mercurius's answer for `execution`) for request errors, which are the only
 * results without a `data` entry: execution always sets one, even when it is null.
 */
export function requestErrorResponse(execution: ExecutionResult, formatted: FormattedErrors): FormattedErrors {
  if ('data' in execution) return formatted;
  const { data: _omitted, ...response } = formatted.response;
  const cause = (execution.errors?.[0]?.originalError as { statusCode?: unknown } | undefined)?.statusCode;
  return { statusCode: typeof cause === 'number' ? cause : formatted.statusCode, response };
}
