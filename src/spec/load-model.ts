import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApiModel } from './model.js';

/** Where `npm run generate` writes the committed API model (no spec prose, facts only). */
export const API_MODEL_FILE = fileURLToPath(new URL('../../generated/api-model.json', import.meta.url));

/**
 * Loads the committed API model. Used at run time by the emulator, which must
 * work on a machine that has no copy of the OpenAPI specs.
 */
export function loadApiModel(file: string = API_MODEL_FILE): ApiModel {
  return JSON.parse(readFileSync(file, 'utf8')) as ApiModel;
}
