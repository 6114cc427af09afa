import { buildSchema, introspectionFromSchema } from 'graphql';
import type { ApiModel } from '../spec/model.js';
import { buildGraph, type Placements } from './build-graph.js';
import { printSubgraph } from './federation.js';
import type { OperationMap } from './operation-map.js';
import { printGraph } from './print-sdl.js';

/** Everything `npm run generate` writes, as strings, plus the placements for coverage. */
export interface GeneratedArtifacts {
  /** `twilio-schema.graphql`. */
  sdl: string;
  /** `twilio-subgraph.graphql`: the SDL as an Apollo Federation v2 subgraph. */
  subgraphSdl: string;
  /** `generated/introspection.json`: the schema's introspection result, for client tooling. */
  introspection: string;
  /** `generated/operation-map.json`. */
  operationMap: string;
  /** `generated/api-model.json`. */
  apiModel: string;
  map: OperationMap;
  placements: Placements;
}

/**
 * Generates the SDL, its federation subgraph form, the introspection result, the operation map and
 * the serialised model from an API model.
 */
export function generateArtifacts(model: ApiModel): GeneratedArtifacts {
  const { graph, map, placements } = buildGraph(model);
  const sdl = printGraph(graph);
  return {
    sdl,
    subgraphSdl: printSubgraph(sdl, map),
    // graphql-js lists types and fields in schema order, which the printer made stable.
    introspection: JSON.stringify(introspectionFromSchema(buildSchema(sdl))) + '\n',
    operationMap: JSON.stringify(map) + '\n',
    apiModel: JSON.stringify(model) + '\n',
    map,
    placements,
  };
}
