import type { ApiModel } from '../spec/model.js';
import type { Placements } from './build-graph.js';

/** Per spec: how many operations are reachable from the schema, and which are not. */
export interface SpecCoverage {
  spec: string;
  mapped: number;
  total: number;
  unmapped: string[];
}

/** Counts, per spec, the operations placed as at least one schema field. */
export function computeCoverage(model: ApiModel, placements: Placements): SpecCoverage[] {
  return model.specs.map((spec) => {
    const ops = model.operations.filter((o) => o.spec === spec.id);
    const unmapped = ops.filter((o) => !placements.get(o.key)?.length).map((o) => `${o.method} ${o.path} (${o.operationId})`);
    return { spec: spec.id, mapped: ops.length - unmapped.length, total: ops.length, unmapped };
  });
}

/** Renders the coverage report as the plain text `npm run coverage:api` prints. */
export function formatCoverage(rows: SpecCoverage[]): string {
  const lines = rows.map((r) => `${r.spec.padEnd(18)} ${String(r.mapped).padStart(4)} / ${String(r.total).padEnd(4)}${r.unmapped.length ? '' : ' ok'}`);
  const mapped = rows.reduce((n, r) => n + r.mapped, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  lines.push(`${'total'.padEnd(18)} ${String(mapped).padStart(4)} / ${total}`);
  for (const r of rows) for (const u of r.unmapped) lines.push(`unmapped ${r.spec}: ${u}`);
  return lines.join('\n');
}
