/**
 * TaskRouter's attribute expression language, in the forms workflows and
 * queues commonly use: `type == "support"`, `language IN ['en', 'es']`,
 * `skills HAS 'billing'`, `name CONTAINS 'bob'`, `level > 2`, `1==1`,
 * combined with AND/OR (`&&`/`||`) and parentheses. Identifiers are attribute
 * paths (`routing.skills`); `task.` and `worker.` pick the other side in a
 * workflow target expression.
 */

/** Attribute sets an expression can read. Unprefixed names read `self`. */
export interface ExpressionScope {
  self: Record<string, unknown>;
  task?: Record<string, unknown>;
  worker?: Record<string, unknown>;
}

/** A parsed expression, reusable across many evaluations. */
export type Expression =
  | { kind: 'literal'; value: unknown }
  | { kind: 'list'; items: Expression[] }
  | { kind: 'path'; path: string[] }
  | { kind: 'logical'; op: 'AND' | 'OR'; left: Expression; right: Expression }
  | { kind: 'compare'; op: CompareOp; left: Expression; right: Expression };

type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'NOT IN' | 'HAS' | 'CONTAINS';

/** Thrown for text outside the supported forms. */
export class ExpressionError extends Error {}

type Token =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'ident'; v: string }
  | { t: 'op'; v: string };

const KEYWORDS = new Set(['AND', 'OR', 'IN', 'NOT', 'HAS', 'CONTAINS', 'TRUE', 'FALSE', 'NULL']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`unterminated string in ${JSON.stringify(text)}`);
      tokens.push({ t: 'str', v: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) { tokens.push({ t: 'op', v: two }); i += 2; continue; }
    if ('=<>()[],'.includes(c)) { tokens.push({ t: 'op', v: c === '=' ? '==' : c }); i++; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num) { tokens.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const ident = /^[A-Za-z_][\w.-]*/.exec(text.slice(i));
    if (ident) { tokens.push({ t: 'ident', v: ident[0] }); i += ident[0].length; continue; }
    throw new ExpressionError(`unexpected ${JSON.stringify(c)} in ${JSON.stringify(text)}`);
  }
  return tokens;
}

/** Parses an expression; throws ExpressionError for unsupported text. */
export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const keyword = (tok: Token | undefined): string | undefined =>
    tok?.t === 'ident' && KEYWORDS.has(tok.v.toUpperCase()) ? tok.v.toUpperCase() : tok?.t === 'op' ? tok.v : undefined;
  const expect = (op: string): void => {
    if (keyword(peek()) !== op) throw new ExpressionError(`expected ${op} in ${JSON.stringify(text)}`);
    pos++;
  };

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (keyword(peek()) === 'OR' || keyword(peek()) === '||') {
      pos++;
      left = { kind: 'logical', op: 'OR', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expression => {
    let left = parseComparison();
    while (keyword(peek()) === 'AND' || keyword(peek()) === '&&') {
      pos++;
      left = { kind: 'logical', op: 'AND', left, right: parseComparison() };
    }
    return left;
  };
  const parseComparison = (): Expression => {
    const left = parsePrimary();
    const k = keyword(peek());
    let op: CompareOp | undefined;
    if (k === 'NOT') {
      pos++;
      expect('IN');
      op = 'NOT IN';
    } else if (k === '==' || k === '!=' || k === '>' || k === '<' || k === '>=' || k === '<=' || k === 'IN' || k === 'HAS' || k === 'CONTAINS') {
      pos++;
      op = k;
    }
    // A bare value (`true`, a boolean attribute) is a condition of its own.
    if (op === undefined) return left;
    return { kind: 'compare', op, left, right: parsePrimary() };
  };
  const parsePrimary = (): Expression => {
    const tok = peek();
    if (tok === undefined) throw new ExpressionError(`unexpected end of ${JSON.stringify(text)}`);
    pos++;
    if (tok.t === 'str' || tok.t === 'num') return { kind: 'literal', value: tok.v };
    if (tok.t === 'op' && tok.v === '(') {
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (tok.t === 'op' && tok.v === '[') {
      const items: Expression[] = [];
      while (keyword(peek()) !== ']') {
        items.push(parsePrimary());
        if (keyword(peek()) === ',') pos++;
        else break;
      }
      expect(']');
      return { kind: 'list', items };
    }
    if (tok.t === 'ident') {
      const upper = tok.v.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE' };
      if (upper === 'NULL') return { kind: 'literal', value: null };
      if (!KEYWORDS.has(upper)) return { kind: 'path', path: tok.v.split('.') };
    }
    throw new ExpressionError(`unexpected ${JSON.stringify(tok.v)} in ${JSON.stringify(text)}`);
  };

  const result = parseOr();
  if (pos !== tokens.length) throw new ExpressionError(`unexpected ${JSON.stringify(tokens[pos]!.v)} in ${JSON.stringify(text)}`);
  return result;
}

function resolve(path: string[], scope: ExpressionScope): unknown {
  let [head, ...rest] = path;
  let value: unknown = scope.self;
  if ((head === 'task' && scope.task) || (head === 'worker' && scope.worker)) {
    value = head === 'task' ? scope.task : scope.worker;
  } else {
    rest = path;
  }
  for (const part of rest) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function valueOf(expr: Expression, scope: ExpressionScope): unknown {
  switch (expr.kind) {
    case 'literal': return expr.value;
    case 'list': return expr.items.map((item) => valueOf(item, scope));
    case 'path': return resolve(expr.path, scope);
    default: return evaluate(expr, scope);
  }
}

/** Equality as TaskRouter compares JSON values: numbers numerically, strings exactly. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    return a !== null && b !== null && a !== undefined && b !== undefined && a !== '' && b !== '' && Number(a) === Number(b);
  }
  return a === b;
}

function order(a: unknown, b: unknown): number | undefined {
  if (a === undefined || a === null || b === undefined || b === null) return undefined;
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function compare(op: CompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==': return same(a, b);
    case '!=': return a !== undefined && !same(a, b);
    case 'IN': return a !== undefined && asList(a).some((x) => asList(b).some((y) => same(x, y)));
    case 'NOT IN': return a !== undefined && !asList(a).some((x) => asList(b).some((y) => same(x, y)));
    case 'HAS': return Array.isArray(a) && asList(b).some((y) => a.some((x) => same(x, y)));
    case 'CONTAINS': return typeof a === 'string' && typeof b === 'string' && a.includes(b);
    default: {
      const d = order(a, b);
      if (d === undefined) return false;
      return op === '>' ? d > 0 : op === '<' ? d < 0 : op === '>=' ? d >= 0 : d <= 0;
    }
  }
}

/** Evaluates a parsed expression to a match / no match. Missing attributes never match. */
export function evaluate(expr: Expression, scope: ExpressionScope): boolean {
  switch (expr.kind) {
    case 'logical':
      return expr.op === 'AND'
        ? evaluate(expr.left, scope) && evaluate(expr.right, scope)
        : evaluate(expr.left, scope) || evaluate(expr.right, scope);
    case 'compare':
      return compare(expr.op, valueOf(expr.left, scope), valueOf(expr.right, scope));
    default:
      return valueOf(expr, scope) === true;
  }
}

/** Parses and evaluates in one step; an empty expression matches everything. */
export function matches(text: string | null | undefined, scope: ExpressionScope): boolean {
  if (text === null || text === undefined || text.trim() === '') return true;
  return evaluate(parseExpression(text), scope);
}
