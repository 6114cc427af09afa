/**
 * With introspection disabled the schema is not to be read field by field from error messages:
 * graphql-js validation and coercion errors end in suggestions (`Cannot query field "nope" on type
 * "Query". Did you mean "node"?`), which would let anyone enumerate it. They are cut off here.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { FormattedErrors } from '../error-response.js';

const SUGGESTION = /\s*Did you mean .*\?\s*$/s;

/** `formatted` with every error message's trailing "Did you mean …?" removed. */
export function withoutSchemaHints(formatted: FormattedErrors): FormattedErrors {
  const errors = formatted.response.errors as readonly GraphQLFormattedError[] | undefined;
  if (errors === undefined) return formatted;
  return {
    statusCode: formatted.statusCode,
    response: { ...formatted.response, errors: errors.map((error) => (SUGGESTION.test(error.message) ? { ...error, message: error.message.replace(SUGGESTION, '') } : error)) },
  };
}
