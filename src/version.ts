/** The package's version, from its manifest (one level up from both src/ and dist/). */
import { readFileSync } from 'node:fs';

/** `version` of package.json, e.g. `0.1.0`. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
