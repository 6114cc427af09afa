/**
 * `npm run generate [-- --specs DIR] [-- --check]`: regenerates `twilio-schema.graphql`,
 * `twilio-subgraph.graphql`, `generated/introspection.json`, `generated/operation-map.json` and
 * `generated/api-model.json` from twilio-oai specs.
 * With `--check`, writes nothing and exits 1 when the committed files differ.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readApiModel } from '../spec/read-specs.js';
import { specDir } from '../spec/spec-dir.js';
import { generateArtifacts } from '../schema/generate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const HELP = `Usage: npm run generate -- [options]

Regenerates the schema artifacts from Twilio's OpenAPI specs (twilio-oai spec/json).

Options:
  --specs DIR   folder with twilio_<api>.json files (default: $TWILIO_OAI_SPECS, else ../shared/twilio-oai)
  --check       write nothing; exit 1 if the committed files are out of date
  --help        show this help

Writes: twilio-schema.graphql, twilio-subgraph.graphql (Apollo Federation v2 subgraph),
generated/introspection.json, generated/operation-map.json, generated/api-model.json`;

function main(): number {
  const { values } = parseArgs({
    options: { specs: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const specs = specDir(values.specs);
  const artifacts = generateArtifacts(readApiModel(specs));
  const outputs: Array<[string, string]> = [
    ['twilio-schema.graphql', artifacts.sdl],
    ['twilio-subgraph.graphql', artifacts.subgraphSdl],
    ['generated/introspection.json', artifacts.introspection],
    ['generated/operation-map.json', artifacts.operationMap],
    ['generated/api-model.json', artifacts.apiModel],
  ];
  if (values.check) {
    const stale = outputs.filter(([file, content]) => {
      const path = join(ROOT, file);
      return !existsSync(path) || readFileSync(path, 'utf8') !== content;
    });
    for (const [file] of stale) console.error(`out of date: ${file} (run npm run generate)`);
    if (stale.length === 0) console.log(`generated files are up to date (specs: ${specs})`);
    return stale.length ? 1 : 0;
  }
  for (const [file, content] of outputs) {
    const path = join(ROOT, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${file} (${content.length} bytes)`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`generate: ${(error as Error).message}`);
  process.exitCode = 2;
}
