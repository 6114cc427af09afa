import type { ApiModel, Operation } from '../spec/model.js';
import type { Placements } from './build-graph.js';
import type { FieldPlan, OperationMap } from './operation-map.js';

/** Query parameters a connection fills itself from `first`/`after`. */
const CONNECTION_PARAMS = new Set(['PageSize', 'Page', 'PageToken']);

/** Per spec: how many operations and parameters are reachable from the schema, and which are not. */
export interface SpecCoverage {
  spec: string;
  mapped: number;
  total: number;
  unmapped: string[];
  /** Parameters (path, query, header, body) of all operations that some field can send. */
  paramsMapped: number;
  paramsTotal: number;
  /** `OperationId.Param` of every parameter no field of the operation can send. */
  unmappedParams: string[];
}

/**
 * Counts, per spec, the operations placed as at least one schema field, and the parameters some
 * field of their operation fills: from a path source, an argument, the `input` object's fields, or
 * (paging) the connection. An operation whose input type lost fields counts as incomplete here.
 */
export function computeCoverage(model: ApiModel, placements: Placements, map: OperationMap): SpecCoverage[] {
  return model.specs.map((spec) => {
    const ops = model.operations.filter((o) => o.spec === spec.id);
    const unmapped = ops.filter((o) => !placements.get(o.key)?.length).map((o) => `${o.method} ${o.path} (${o.operationId})`);
    const unmappedParams: string[] = [];
    let paramsTotal = 0;
    for (const op of ops) {
      const reached = reachedParams(op, placements, map);
      paramsTotal += op.params.length;
      for (const p of op.params) if (!reached.has(p.name)) unmappedParams.push(`${op.operationId}.${p.name}`);
    }
    return {
      spec: spec.id,
      mapped: ops.length - unmapped.length,
      total: ops.length,
      unmapped,
      paramsMapped: paramsTotal - unmappedParams.length,
      paramsTotal,
      unmappedParams,
    };
  });
}

/** Wire names of `op`'s parameters that at least one of its placed fields can send. */
function reachedParams(op: Operation, placements: Placements, map: OperationMap): Set<string> {
  const reached = new Set<string>();
  for (const placement of placements.get(op.key) ?? []) {
    const [parent, field] = placement.split('.') as [string, string];
    const plan: FieldPlan | undefined = map.fields[parent]?.[field];
    if (!plan) continue;
    for (const param of Object.keys(plan.path)) reached.add(param);
    for (const wire of Object.values(plan.args ?? {})) reached.add(wire);
    if (plan.input) for (const wire of Object.values(map.inputs[plan.input] ?? {})) reached.add(wire);
    if (plan.kind === 'connection') for (const param of CONNECTION_PARAMS) reached.add(param);
  }
  return reached;
}

/** Renders the coverage report as the plain text `npm run coverage:api` prints. */
export function formatCoverage(rows: SpecCoverage[]): string {
  const cell = (mapped: number, total: number): string => `${String(mapped).padStart(4)} / ${String(total).padEnd(4)}`;
  const lines = [`${'spec'.padEnd(18)} ${'operations'.padEnd(11)}  parameters`];
  for (const r of rows) {
    const ok = r.unmapped.length === 0 && r.unmappedParams.length === 0;
    lines.push(`${r.spec.padEnd(18)} ${cell(r.mapped, r.total)}  ${cell(r.paramsMapped, r.paramsTotal)}${ok ? ' ok' : ''}`);
  }
  const sum = (pick: (r: SpecCoverage) => number): number => rows.reduce((n, r) => n + pick(r), 0);
  lines.push(`${'total'.padEnd(18)} ${cell(sum((r) => r.mapped), sum((r) => r.total))}  ${cell(sum((r) => r.paramsMapped), sum((r) => r.paramsTotal))}`.trimEnd());
  for (const r of rows) for (const u of r.unmapped) lines.push(`unmapped ${r.spec}: ${u}`);
  for (const r of rows) for (const u of r.unmappedParams) lines.push(`unmapped parameter ${r.spec}: ${u}`);
  return lines.join('\n');
}
