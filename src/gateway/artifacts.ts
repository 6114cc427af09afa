/** Loads the committed, generated artifacts the gateway runs on. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OperationMap } from '../schema/operation-map.js';

/** `twilio-schema.graphql` at the package root (same relative place from src/ and dist/). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../twilio-schema.graphql', import.meta.url));
/** `generated/operation-map.json` at the package root. */
export const OPERATION_MAP_FILE = fileURLToPath(new URL('../../generated/operation-map.json', import.meta.url));

/** Reads the SDL and the operation map. */
export function loadArtifacts(): { sdl: string; map: OperationMap } {
  return {
    sdl: readFileSync(SCHEMA_FILE, 'utf8'),
    map: JSON.parse(readFileSync(OPERATION_MAP_FILE, 'utf8')) as OperationMap,
  };
}
