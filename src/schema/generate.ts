import type { ApiModel } from '../spec/model.js';
import { buildGraph, type Placements } from './build-graph.js';
import type { OperationMap } from './operation-map.js';
import { printGraph } from './print-sdl.js';

/** Everything `npm run generate` writes, as strings, plus the placements for coverage. */
export interface GeneratedArtifacts {
  /** `twilio-schema.graphql`. */
  sdl: string;
  /** `generated/operation-map.json`. */
  operationMap: string;
  /** `generated/api-model.json`. */
  apiModel: string;
  map: OperationMap;
  placements: Placements;
}

/** Generates the SDL, the operation map and the serialised model from an API model. */
export function generateArtifacts(model: ApiModel): GeneratedArtifacts {
  const { graph, map, placements } = buildGraph(model);
  return {
    sdl: printGraph(graph),
    operationMap: JSON.stringify(map) + '\n',
    apiModel: JSON.stringify(model) + '\n',
    map,
    placements,
  };
}
