/**
 * Where the generator, the coverage report, the tests and the benchmarks find Twilio's OpenAPI
 * specs (twilio-oai `spec/json`), which are read in place and never copied into the repository.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable naming the spec folder; it wins over the default. */
const SPEC_DIR_ENV = 'TWILIO_OAI_SPECS';

/** The repository root (the same relative place from src/ and dist/). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The default folder: `shared/twilio-oai` beside the repository. */
const DEFAULT_SPEC_DIR = resolve(REPO_ROOT, '../shared/twilio-oai');

/** The spec folder to read: `--specs` if given, else `TWILIO_OAI_SPECS`, else {@link DEFAULT_SPEC_DIR}. */
export function specDir(flag?: string): string {
  return resolve(flag ?? process.env[SPEC_DIR_ENV] ?? DEFAULT_SPEC_DIR);
}
