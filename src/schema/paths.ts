import type { Operation } from '../spec/model.js';

/** A path template split into segments; `.json` dropped, params marked. */
export interface PathShape {
  segments: string[];
  /** Parameter name at each position, or undefined for literals. */
  params: Array<string | undefined>;
}

/** `/v1/Workspaces/{WorkspaceSid}/Workers.json` → segments and parameter positions. */
export function pathShape(path: string): PathShape {
  const segments = path.replace(/\.json$/, '').split('/').filter(Boolean);
  return { segments, params: segments.map((s) => /^\{(.+)\}$/.exec(s)?.[1]) };
}

/**
 * True when `owner` is a strict prefix of `child`, literals equal and parameters
 * aligned with parameters (a literal never matches a parameter, so
 * `/Workers/Statistics` is not under `/Workers/{Sid}`).
 */
export function isPathPrefix(owner: PathShape, child: PathShape): boolean {
  if (owner.segments.length >= child.segments.length) return false;
  for (let i = 0; i < owner.segments.length; i++) {
    const ownerParam = owner.params[i] !== undefined;
    const childParam = child.params[i] !== undefined;
    if (ownerParam !== childParam) return false;
    if (!ownerParam && owner.segments[i] !== child.segments[i]) return false;
  }
  return true;
}

/** Path parameters of an operation, in path order. */
export function pathParams(op: Operation): string[] {
  return pathShape(op.path).params.filter((p): p is string => p !== undefined);
}

/** True when the path ends in a parameter (`…/Workers/{Sid}`), i.e. it names one item. */
export function endsWithParam(path: string): boolean {
  return /\}(\.json)?$/.test(path);
}
