/**
 * Turns a field plan, its arguments and its parent object into a REST request:
 * fills and validates the path, and places every argument where its operation
 * wants it (query, header, form or JSON body) in Twilio's encoding.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import type { FormFields, FormValue, UpstreamRequest } from '../../twilio/index.js';
import type { FieldPlan, MappedOperation, OperationMap, ValueSource } from '../../schema/operation-map.js';
import { argumentName } from '../../schema/naming.js';
import { badInput } from './errors.js';

/** Converts a GraphQL argument value into its wire form (enum names → Twilio values). */
export type WireConverter = (value: unknown) => unknown;

/** Builds a converter for values of `type`, resolving enums and input objects through the map. */
export function wireConverter(type: GraphQLInputType, map: OperationMap): WireConverter {
  if (isNonNullType(type)) return wireConverter(type.ofType, map);
  if (isListType(type)) {
    const item = wireConverter(type.ofType, map);
    return (value) => (Array.isArray(value) ? value.map(item) : item(value));
  }
  const named = getNamedType(type);
  if (isEnumType(named)) {
    const values = map.enums[named.name] ?? {};
    return (value) => (typeof value === 'string' ? (values[value] ?? value) : value);
  }
  if (isInputObjectType(named)) {
    const wireNames = map.inputs[named.name] ?? {};
    const fields = Object.values(named.getFields()).map((f) => [f.name, wireNames[f.name] ?? f.name, wireConverter(f.type, map)] as const);
    return (value) => {
      const out: Record<string, unknown> = {};
      const input = value as Record<string, unknown>;
      for (const [name, wire, convert] of fields) if (input[name] !== undefined) out[wire] = convert(input[name]);
      return out;
    };
  }
  return (value) => value;
}

/** Everything needed to build requests for one field, computed once at schema build time. */
export interface PreparedField {
  plan: FieldPlan;
  op: MappedOperation;
  /** argument name → [wire parameter, converter]. */
  args: Array<[string, string, WireConverter]>;
  /** Converter of the `input` argument into wire-named body fields. */
  input?: WireConverter;
  /** path parameter → compiled pattern it must match. */
  patterns: Map<string, RegExp>;
  /** Path arguments whose GraphQL value differs from the wire value (enums: `FORM_PUSH` → `form-push`). */
  pathConverters: Map<string, WireConverter>;
}

/** Prepares a field plan against the field's GraphQL arguments. */
export function prepareField(plan: FieldPlan, fieldArgs: readonly GraphQLArgument[], map: OperationMap): PreparedField {
  const op = map.operations[plan.op];
  if (!op) throw new Error(`Operation map has no operation ${plan.op}`);
  const byName = new Map(fieldArgs.map((a) => [a.name, a]));
  const args: PreparedField['args'] = [];
  for (const [arg, wire] of Object.entries(plan.args ?? {})) {
    args.push([arg, wire, wireConverter(byName.get(arg)!.type, map)]);
  }
  const patterns = new Map<string, RegExp>();
  for (const [name, param] of Object.entries(op.params)) if (param.in === 'path' && param.pattern) patterns.set(name, new RegExp(param.pattern));
  const pathConverters = new Map<string, WireConverter>();
  for (const source of Object.values(plan.path)) {
    const arg = source.from === 'arg' || source.from === 'argOrAccount' ? byName.get(source.arg) : undefined;
    if (arg && isEnumType(getNamedType(arg.type))) pathConverters.set(arg.name, wireConverter(arg.type, map));
  }
  const prepared: PreparedField = { plan, op, args, patterns, pathConverters };
  const inputArg = byName.get('input');
  if (plan.input && inputArg) prepared.input = wireConverter(inputArg.type, map);
  return prepared;
}

/** Reads a path value from its source; `undefined` when the parent lacks it. */
function sourceValue(source: ValueSource, parent: Record<string, unknown>, args: Record<string, unknown>, accountSid: string): unknown {
  switch (source.from) {
    case 'arg':
      return args[source.arg];
    case 'field':
      return parent[source.field];
    case 'account':
      return accountSid;
    case 'argOrAccount':
      return args[source.arg] ?? accountSid;
    case 'url':
      return valueFromUrl(parent, source.template, source.param);
  }
}

const templateCache = new Map<string, RegExp>();

/** Extracts `{param}` from the object's own `url` (v1/v2) or `uri` (2010) by its template. */
export function valueFromUrl(object: Record<string, unknown>, template: string, param: string): string | undefined {
  const link = (object['url'] ?? object['uri']) as string | undefined;
  if (typeof link !== 'string') return undefined;
  let pattern = templateCache.get(template);
  if (!pattern) {
    const source = template
      .replace(/\.json$/, '')
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{.+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/?]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    pattern = new RegExp(`${source}(?:\\.json)?(?:\\?.*)?$`);
    templateCache.set(template, pattern);
  }
  const value = pattern.exec(link)?.groups?.[param];
  return value === undefined ? undefined : decodeURIComponent(value);
}

/** A path segment value that could not steer the request elsewhere. */
const UNSAFE_SEGMENT = /^\.{1,2}$|[/?#%\\\u0000-\u001f\u007f]/;
/** Longest path value taken from an argument without a SID pattern (unique names, codes): Twilio's are far shorter. */
const MAX_SEGMENT_LENGTH = 256;
/** CR, LF and NUL would split or truncate the upstream request's header block. */
const HEADER_BREAK = /[\r\n\0]/;

/**
 * Why a path value from a caller's argument may not be sent, or undefined when it may: it must
 * match its SID `pattern` when it has one, and may never leave its segment. Checked before
 * execution (src/gateway/preflight) and again here when the path is filled.
 */
export function pathValueProblem(value: string, pattern: RegExp | undefined): string | undefined {
  if (pattern && !pattern.test(value)) return `must match ${pattern.source} (got ${JSON.stringify(value.slice(0, 64))})`;
  if (UNSAFE_SEGMENT.test(value)) return 'contains characters not allowed in a resource identifier';
  if (value.length > MAX_SEGMENT_LENGTH) return `is longer than ${MAX_SEGMENT_LENGTH} characters`;
  return undefined;
}

/** Why a header argument's value may not be sent (a line break or NUL), or undefined when it may. */
export function headerValueProblem(value: string): string | undefined {
  return HEADER_BREAK.test(value) ? 'must not contain line breaks or NUL characters' : undefined;
}

/**
 * Fills the operation's path. Values from arguments are checked against their SID
 * pattern (or, without one, for anything that could leave the segment) before any call.
 * Returns `null` when a value from the parent object is missing (a link with nothing to follow).
 */
export function fillPath(field: PreparedField, parent: Record<string, unknown>, args: Record<string, unknown>, accountSid: string): { path: string; values: string[] } | null {
  const values: string[] = [];
  let missing = false;
  const path = field.op.path.replace(/\{([^}]+)\}/g, (_match, param: string) => {
    const source = field.plan.path[param];
    let raw = source ? sourceValue(source, parent, args, accountSid) : undefined;
    const convert = source && 'arg' in source ? field.pathConverters.get(source.arg) : undefined;
    if (convert && raw !== undefined && raw !== null) raw = convert(raw);
    if (raw === undefined || raw === null || raw === '') {
      missing = true;
      return '';
    }
    const value = String(raw);
    const fromUser = source!.from === 'arg' || source!.from === 'argOrAccount';
    if (fromUser) {
      const argument = (source as { arg: string }).arg;
      const problem = pathValueProblem(value, field.patterns.get(param));
      if (problem !== undefined) throw badInput(`Argument "${argument}" ${problem}.`, argument);
    }
    values.push(value);
    return encodeURIComponent(value);
  });
  return missing ? null : { path, values };
}

/** Places converted arguments into query, headers and body as the operation defines them. */
export function buildRequest(field: PreparedField, path: string, args: Record<string, unknown>): UpstreamRequest {
  const { op } = field;
  const query: Record<string, FormValue> = {};
  const headers: Record<string, string> = {};
  let body: Record<string, unknown> | undefined;
  const place = (wire: string, value: unknown, argument = 'input'): void => {
    const param = op.params[wire];
    const location = param?.in ?? 'body';
    if (location === 'header') {
      const text = String(value);
      const problem = headerValueProblem(text);
      if (problem !== undefined) throw badInput(`Argument "${argument}" ${problem}.`, argument);
      headers[wire] = text;
    } else if (location === 'query') {
      query[wire] = formValue(value, param?.json === true);
    } else {
      (body ??= {})[wire] = op.bodyEncoding === 'json' ? value : formValue(value, param?.json === true);
    }
  };
  for (const [arg, wire, convert] of field.args) {
    const value = args[arg];
    if (value !== undefined && value !== null) place(wire, convert(value), arg);
  }
  if (field.input && args['input'] !== undefined && args['input'] !== null) {
    for (const [wire, value] of Object.entries(field.input(args['input']) as Record<string, unknown>)) {
      if (value !== undefined) place(wire, value);
    }
  }
  for (const group of op.oneOf ?? []) {
    if (!group.some((wire) => body?.[wire] !== undefined || query[wire] !== undefined)) {
      const names = group.map((wire) => `input.${argumentName(wire)}`);
      throw badInput(`One of ${names.join(', ')} is required.`, 'input');
    }
  }
  const request: UpstreamRequest = { product: op.product, method: op.method, path };
  if (Object.keys(query).length) request.query = query as FormFields;
  if (Object.keys(headers).length) request.headers = headers;
  if (body !== undefined) {
    request.body = body;
    request.bodyEncoding = op.bodyEncoding ?? 'form';
  } else if (op.method === 'POST' && op.bodyEncoding) {
    // Twilio expects a (possibly empty) form body on POST actions.
    request.body = {};
    request.bodyEncoding = op.bodyEncoding;
  }
  return request;
}

/** Twilio's form values: JSON-valued parameters and objects travel as JSON text. */
function formValue(value: unknown, json: boolean): FormValue {
  if (json && typeof value !== 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean)));
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value as FormValue;
}
