/**
 * Checks on the shape of a parsed document, made before graphql-js validates it: depth, aliases,
 * field count (fragments expanded), token count and introspection. They need no schema, so they
 * also protect the validator, whose overlapping-fields rule is quadratic in the number of fields.
 */
import { Kind, Lexer, Source, TokenKind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { QueryLimits } from './config.js';
import { locatedAt } from '../preflight/locations.js';
import { LimitError, RefusedRequestError } from './errors.js';

/** Size of a selection set with every fragment spread expanded. */
interface Shape {
  fields: number;
  aliases: number;
  /** Deepest field nesting; 1 for a set of leaf fields. */
  depth: number;
}

/**
 * Fields refused when introspection is off. `_service` (Apollo Federation) returns the whole SDL, so
 * it goes too; composition then reads `twilio-subgraph.graphql` instead.
 */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type', '_service']);

/**
 * Refuses query text with more than `maxTokens` lexical tokens, before it is parsed.
 * A token is at least one character, so shorter texts are not even lexed.
 */
export function checkTokenCount(source: string, maxTokens: number): void {
  if (source.length <= maxTokens) return;
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > maxTokens) {
        throw new LimitError(
          `Query text has more than ${maxTokens} tokens, the maximum (limit "maxTokens").`,
          { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens', value: count, max: maxTokens },
        );
      }
    }
  } catch (error) {
    // Lexical errors are the parser's to report, with its own message and location.
    if (error instanceof LimitError) throw error;
  }
}

/**
 * Checks depth, aliases, field count and introspection over the whole document: every operation
 * plus fragments that none of them spreads (the validator still reads those).
 * @throws LimitError or RefusedRequestError naming the limit.
 */
export function checkDocumentShape(document: DocumentNode, limits: QueryLimits): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walker = new ShapeWalker(fragments, limits.introspection);
  const total: Shape = { fields: 0, aliases: 0, depth: 0 };
  const add = (shape: Shape) => {
    total.fields += shape.fields;
    total.aliases += shape.aliases;
    total.depth = Math.max(total.depth, shape.depth);
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) add(walker.selectionSet(definition.selectionSet));
  }
  for (const name of fragments.keys()) if (!walker.reached(name)) add(walker.fragment(name));

  const checks = [
    ['maxDepth', total.depth, limits.maxDepth, (v: string, m: number) => `Query depth ${v} exceeds the maximum depth of ${m} (limit "maxDepth").`],
    ['maxAliases', total.aliases, limits.maxAliases, (v: string, m: number) => `Query uses ${v} aliases, more than the maximum of ${m} (limit "maxAliases").`],
    ['maxFields', total.fields, limits.maxFields, (v: string, m: number) => `Query selects ${v} fields (fragments expanded), more than the maximum of ${m} (limit "maxFields").`],
  ] as const;
  for (const [limit, value, max, message] of checks) {
    if (value > max) {
      // Fragment expansion can grow exponentially; report a finite, JSON-safe number.
      const reported = Math.min(value, Number.MAX_SAFE_INTEGER);
      const text = value > Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : String(value);
      throw new LimitError(message(text, max), { code: 'QUERY_TOO_COMPLEX', limit, value: reported, max });
    }
  }
}

/** Computes shapes, memoizing each fragment so that expansion costs one pass over the document. */
class ShapeWalker {
  private readonly memo = new Map<string, Shape>();
  private readonly active = new Set<string>();

  constructor(
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly introspection: boolean,
  ) {}

  reached(name: string): boolean {
    return this.memo.has(name);
  }

  fragment(name: string): Shape {
    const known = this.memo.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments and cycles are validation errors, reported by graphql-js with locations.
    if (!definition || this.active.has(name)) return { fields: 0, aliases: 0, depth: 0 };
    this.active.add(name);
    const shape = this.selectionSet(definition.selectionSet);
    this.active.delete(name);
    this.memo.set(name, shape);
    return shape;
  }

  selectionSet(set: SelectionSetNode): Shape {
    const shape: Shape = { fields: 0, aliases: 0, depth: 0 };
    for (const selection of set.selections) {
      let inner: Shape;
      if (selection.kind === Kind.FIELD) {
        if (!this.introspection && INTROSPECTION_ROOTS.has(selection.name.value)) {
          const hint = selection.name.value === '_service' ? ' (for federation composition, use the subgraph SDL file twilio-subgraph.graphql)' : '';
          const refusal = new RefusedRequestError(
            `Introspection is disabled on this gateway: "${selection.name.value}" cannot be queried${hint}.`,
            'INTROSPECTION_DISABLED',
          );
          throw locatedAt(refusal, [selection]);
        }
        const child = selection.selectionSet ? this.selectionSet(selection.selectionSet) : { fields: 0, aliases: 0, depth: 0 };
        inner = { fields: child.fields + 1, aliases: child.aliases + (selection.alias ? 1 : 0), depth: child.depth + 1 };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = this.selectionSet(selection.selectionSet);
      } else {
        inner = this.fragment(selection.name.value);
      }
      shape.fields += inner.fields;
      shape.aliases += inner.aliases;
      shape.depth = Math.max(shape.depth, inner.depth);
    }
    return shape;
  }
}
