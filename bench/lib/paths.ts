/** Paths the bench and fidelity scripts share. */
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The official Twilio specs, read in place (never copied into the repo). */
export const SPECS_DIR = fileURLToPath(new URL('../../../shared/twilio-oai/', import.meta.url));
