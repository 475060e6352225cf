/**
 * The project's root directory, for files that ship beside the code (the built tab, the simulator's TLS
 * files). This file sits one level below the root both as source (src/) and in the bundle `npm start` runs
 * (dist/cli.js), so the same path works in both.
 */
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..');
