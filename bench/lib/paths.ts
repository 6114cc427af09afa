/** Paths the bench and fidelity scripts share. */
import { fileURLToPath } from 'node:url';
import { specDir } from '../../src/spec/spec-dir.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The official Twilio specs, read in place (never copied into the repo): `TWILIO_OAI_SPECS` or ../shared/twilio-oai. */
export const SPECS_DIR = specDir() + '/';
