/**
 * The per-request deadline (`--request-timeout`) is enforced by the REST client, which knows no limit
 * names. Errors a request ends with because of it (`extensions.reason = "deadline"`) are given the
 * limit's name, the time the request took and the cap here, as every other limit refusal carries them.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { FormattedErrors } from '../error-response.js';

/**
 * `formatted` with deadline errors named after the limit: `extensions` gain `limit: "requestTimeout"`,
 * `value` (ms the request had run) and `max` (the cap, ms), and the message says the same.
 */
export function withDeadlineLimit(formatted: FormattedErrors, elapsedMs: number, maxMs: number): FormattedErrors {
  const errors = formatted.response.errors as readonly GraphQLFormattedError[] | undefined;
  if (!errors?.some((error) => error.extensions?.['reason'] === 'deadline')) return formatted;
  const value = Math.round(elapsedMs);
  const named = errors.map((error) =>
    error.extensions?.['reason'] !== 'deadline'
      ? error
      : {
          ...error,
          message: `${error.message} (limit "requestTimeout": the request ran ${value} ms; its Twilio calls may take ${maxMs} ms in all)`,
          extensions: { ...error.extensions, limit: 'requestTimeout', value, max: maxMs },
        },
  );
  return { statusCode: formatted.statusCode, response: { ...formatted.response, errors: named } };
}
