import { join } from 'node:path';

/** Where globalSetup keeps an initialised PGlite data folder for tests to copy. */
export const PGLITE_TEMPLATE_DIR = join(__dirname, '..', '..', '.data', 'test-pglite-template');
