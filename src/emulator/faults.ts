/**
 * Fault injection for resilience tests: rules set through `POST /__emulator/faults` make product
 * requests fail the way Twilio and networks do (429 with or without `Retry-After`, 500/503, slow
 * answers, dropped connections, malformed JSON). `DELETE /__emulator/faults` removes every rule.
 * Only product routes are affected; `/__emulator/*` always answers normally.
 */
import { invalidParam } from './errors.js';

/** What a matching request gets instead of (or on top of) its normal answer. */
export type FaultResponse = 429 | 500 | 503 | 'slow' | 'drop' | 'malformed-json';

/** One rule as clients send it. */
export interface FaultRuleInput {
  /** Which requests: method (any when absent) and a prefix of the full path, e.g. `/taskrouter/v1/Workspaces`. */
  match?: { method?: string; pathPrefix?: string };
  respond: FaultResponse;
  /** For 429/503: the `Retry-After` header, in seconds. Absent: no header. */
  retryAfter?: number;
  /** For 'slow': how long to hold the (normal) answer back. Default 1000 ms. */
  delayMs?: number;
  /** How many matching requests the rule applies to; absent: until the rules are cleared. */
  times?: number;
}

/** A rule in force, with its remaining uses. */
export interface FaultRule {
  method?: string;
  pathPrefix: string;
  respond: FaultResponse;
  retryAfter?: number;
  delayMs: number;
  /** Remaining uses; `null` means unlimited. */
  remaining: number | null;
  /** Requests this rule has affected so far. */
  hits: number;
}

const RESPONSES: ReadonlySet<unknown> = new Set<FaultResponse>([429, 500, 503, 'slow', 'drop', 'malformed-json']);
const METHODS = new Set(['GET', 'POST', 'DELETE', 'PATCH', 'PUT']);
/** Longest delay a rule may ask for, so a forgotten rule cannot hang a test run for long. */
const MAX_DELAY_MS = 60_000;
const DEFAULT_SLOW_MS = 1000;

/** The rules in force, first match wins. */
export class FaultInjector {
  private rules: FaultRule[] = [];

  /** Validates and appends rules (one object or an array); throws a 400 naming the bad field. */
  add(input: unknown): FaultRule[] {
    const list = Array.isArray(input) ? input : [input];
    const parsed = list.map((item, index) => parseRule(item, list.length === 1 ? '' : `[${index}]`));
    this.rules.push(...parsed);
    return parsed;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The rules in force (for `GET /__emulator/faults`). */
  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** The first rule matching this request, consuming one of its uses; undefined when none applies. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => (r.method === undefined || r.method === method) && path.startsWith(r.pathPrefix));
    if (rule === undefined) return undefined;
    rule.hits++;
    if (rule.remaining !== null) {
      rule.remaining--;
      if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return rule;
  }
}

function parseRule(value: unknown, at: string): FaultRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParam(`fault rule${at} must be an object`);
  const input = value as Record<string, unknown>;
  if (!RESPONSES.has(input['respond'])) {
    throw invalidParam(`fault rule${at}.respond must be one of 429, 500, 503, "slow", "drop", "malformed-json"`);
  }
  const match = input['match'] ?? {};
  if (typeof match !== 'object' || match === null) throw invalidParam(`fault rule${at}.match must be an object`);
  const { method, pathPrefix } = match as Record<string, unknown>;
  if (method !== undefined && (typeof method !== 'string' || !METHODS.has(method.toUpperCase()))) {
    throw invalidParam(`fault rule${at}.match.method must be an HTTP method`);
  }
  if (pathPrefix !== undefined && (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/'))) {
    throw invalidParam(`fault rule${at}.match.pathPrefix must be a path starting with "/"`);
  }
  const rule: FaultRule = {
    pathPrefix: (pathPrefix as string | undefined) ?? '/',
    respond: input['respond'] as FaultResponse,
    delayMs: integerField(input, 'delayMs', at, 0, MAX_DELAY_MS) ?? DEFAULT_SLOW_MS,
    remaining: integerField(input, 'times', at, 1, 1_000_000) ?? null,
    hits: 0,
  };
  if (method !== undefined) rule.method = (method as string).toUpperCase();
  const retryAfter = integerField(input, 'retryAfter', at, 0, 3600);
  if (retryAfter !== undefined) rule.retryAfter = retryAfter;
  return rule;
}

function integerField(input: Record<string, unknown>, name: string, at: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParam(`fault rule${at}.${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}
