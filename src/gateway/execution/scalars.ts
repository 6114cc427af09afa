/**
 * The schema's custom scalars. Conversions from Twilio's wire formats happen here, once,
 * so resolvers can hand over response objects untouched.
 */
import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Twilio writes RFC 2822 (2010 API) or ISO 8601; both become ISO 8601 in UTC without millis. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function toIsoDateTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  // v1/v2 APIs already send this exact form; only other forms need a parse.
  if (typeof value === 'string' && CANONICAL.test(value)) return value;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseDateTimeInput(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(new Date(value).getTime())) {
    throw new GraphQLError(`DateTime must be an ISO 8601 date or date-time string, got ${JSON.stringify(value)}`);
  }
  // A bare date stays a date: Twilio's date filters (`DateSent`) compare calendar days.
  return value.length === 10 ? value : toIsoDateTime(value)!;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: toIsoDateTime,
  parseValue: parseDateTimeInput,
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string literal');
    return parseDateTimeInput(ast.value);
  },
});

/** Twilio's JSON-in-a-string fields (`attributes`) are parsed; anything unparsable is returned as is. */
function serializeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: serializeJson,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const URLScalar = new GraphQLScalarType({
  name: 'URL',
  serialize: (value) => (value === null || value === undefined ? null : String(value)),
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('URL must be a string');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('URL must be a string literal');
    return ast.value;
  },
});
