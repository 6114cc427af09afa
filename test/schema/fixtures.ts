import { buildSchema, type GraphQLSchema } from 'graphql';
import { readApiModel } from '../../src/spec/read-specs.js';
import { specDir } from '../../src/spec/spec-dir.js';
import { generateArtifacts, type GeneratedArtifacts } from '../../src/schema/generate.js';
import type { ApiModel } from '../../src/spec/model.js';

/** The official specs: `TWILIO_OAI_SPECS`, else the folder shared beside the repository (never committed). */
export const SPEC_DIR = specDir();

let cached: { model: ApiModel; artifacts: GeneratedArtifacts; schema: GraphQLSchema } | undefined;

/** Generates once per test process from the real specs. */
export function generated(): { model: ApiModel; artifacts: GeneratedArtifacts; schema: GraphQLSchema } {
  if (!cached) {
    const model = readApiModel(SPEC_DIR);
    const artifacts = generateArtifacts(model);
    cached = { model, artifacts, schema: buildSchema(artifacts.sdl) };
  }
  return cached;
}
