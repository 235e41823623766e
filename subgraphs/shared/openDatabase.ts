import { mkdirSync } from 'node:fs';
import type { StorageConfig } from './config';
import { openPglite, openPostgres, type Database } from './db';

/**
 * Opens the database a storage configuration names. `pgliteFolder` picks a sub-folder
 * of the PGlite data directory, since one embedded instance belongs to one process:
 * the all-in-one start shares one, a subgraph started alone gets its own.
 */
export async function openDatabase(
  storage: StorageConfig,
  pgliteFolder: string,
): Promise<Database> {
  if (storage.kind === 'postgres') {
    return openPostgres(storage.url, { preparedStatements: storage.preparedStatements });
  }
  if (storage.dataDir === null) return openPglite();
  const dir = `${storage.dataDir}/${pgliteFolder}`;
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}
