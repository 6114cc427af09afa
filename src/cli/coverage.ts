/** `npm run coverage:api [-- --specs DIR]`: operations and parameters mapped / total per spec, and what is unmapped. */
import { parseArgs } from 'node:util';
import { buildGraph } from '../schema/build-graph.js';
import { computeCoverage, formatCoverage } from '../schema/coverage.js';
import { readApiModel } from '../spec/read-specs.js';
import { specDir } from '../spec/spec-dir.js';

try {
  const { values } = parseArgs({ options: { specs: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    console.log('Usage: npm run coverage:api -- [--specs DIR]   (default: $TWILIO_OAI_SPECS, else ../shared/twilio-oai)\nPrints, per spec, the operations and parameters reachable from the schema / all of them.');
  } else {
    const model = readApiModel(specDir(values.specs));
    const { placements, map } = buildGraph(model);
    const rows = computeCoverage(model, placements, map);
    console.log(formatCoverage(rows));
    process.exitCode = rows.some((r) => r.unmapped.length || r.unmappedParams.length) ? 1 : 0;
  }
} catch (error) {
  console.error(`coverage: ${(error as Error).message}`);
  process.exitCode = 2;
}
