/**
 * Generic routing from the model's path templates: one segment trie per product, literals
 * preferred over placeholders, `.json` matched as part of the template.
 */
import type { HttpMethod } from '../spec/model.js';
import type { BoundOperation, Catalog } from './catalog.js';
import { invalidParam, methodNotAllowed, notFound } from './errors.js';
import { isPlaceholder, placeholderName, splitTemplate, JSON_SUFFIX } from './names.js';

interface Node {
  literal: Map<string, Node>;
  param?: Node;
  /** Operations ending here, by method, for templates with and without `.json`. */
  plain?: Map<HttpMethod, BoundOperation>;
  json?: Map<HttpMethod, BoundOperation>;
}

const newNode = (): Node => ({ literal: new Map() });

/** A matched route. */
export interface RouteMatch {
  bound: BoundOperation;
  /** Path parameters by the operation's own placeholder names. */
  pathParams: Record<string, string>;
  /** Values in placeholder order. */
  values: string[];
}

/** Finds the operation for a product path. */
export class Router {
  private readonly roots = new Map<string, Node>();

  constructor(catalog: Catalog) {
    for (const bound of catalog.operations.values()) this.add(bound);
  }

  private add(bound: BoundOperation): void {
    let node = this.roots.get(bound.product);
    if (!node) {
      node = newNode();
      this.roots.set(bound.product, node);
    }
    const { segments, json } = splitTemplate(bound.op.path);
    for (const seg of segments) {
      if (isPlaceholder(seg)) node = node.param ??= newNode();
      else {
        let next = node.literal.get(seg);
        if (!next) {
          next = newNode();
          node.literal.set(seg, next);
        }
        node = next;
      }
    }
    const leaf = json ? (node.json ??= new Map()) : (node.plain ??= new Map());
    leaf.set(bound.op.method, bound);
  }

  /** True when the product label is served. */
  hasProduct(product: string): boolean {
    return this.roots.has(product);
  }

  /**
   * Resolves `method` + `path` (no query) for a product. Throws 404 for an unknown path, 405
   * when the path exists without this method, 400 for undecodable path segments.
   */
  match(product: string, method: string, path: string): RouteMatch {
    const root = this.roots.get(product);
    if (!root) throw notFound(`The requested resource /${product}${path} was not found`);
    const json = path.endsWith(JSON_SUFFIX);
    const bare = json ? path.slice(0, -JSON_SUFFIX.length) : path;
    const raw = bare.split('/').filter((s) => s.length > 0);
    let segments: string[];
    try {
      segments = raw.map((s) => decodeURIComponent(s));
    } catch {
      throw invalidParam(`Malformed path: invalid percent-encoding in ${path}`);
    }
    const values: string[] = [];
    const leaf = find(root, segments, 0, values, json);
    if (!leaf) throw notFound(`The requested resource /${product}${path} was not found`);
    const bound = leaf.get(method as HttpMethod);
    if (!bound) throw methodNotAllowed(method);
    const names = splitTemplate(bound.op.path).segments.filter(isPlaceholder).map(placeholderName);
    const pathParams: Record<string, string> = {};
    names.forEach((n, i) => (pathParams[n] = values[i] ?? ''));
    return { bound, pathParams, values };
  }
}

function find(node: Node, segments: string[], i: number, values: string[], json: boolean): Map<HttpMethod, BoundOperation> | undefined {
  if (i === segments.length) return json ? node.json : node.plain;
  const seg = segments[i]!;
  const lit = node.literal.get(seg);
  if (lit) {
    const hit = find(lit, segments, i + 1, values, json);
    if (hit) return hit;
  }
  if (node.param && seg.length > 0) {
    values.push(seg);
    const hit = find(node.param, segments, i + 1, values, json);
    if (hit) return hit;
    values.pop();
  }
  return undefined;
}
