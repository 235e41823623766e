import type { Database } from '../../../../shared/db';
import {
  createGroupCommitWriter,
  groupCommitWriterFor,
  type AccessWriter,
} from '../../../../shared/accessLog/groupCommitWriter';
import { insertAccesses, type AccessRecord } from './repository';

/**
 * crm's access rows go through the shared group-commit writer (`groupCommitWriter.ts`):
 * the rows of requests reading together commit in one transaction, each caller's promise
 * settling when its own rows are stored.
 */

/** A writer of crm's access rows (and their `customer.viewed` events) into `db`. */
export function createAccessWriter(db: Database): AccessWriter<AccessRecord> {
  return createGroupCommitWriter(db, insertAccesses);
}

/** The one writer of crm's access rows into `db` in this process. */
export function accessWriterFor(db: Database): AccessWriter<AccessRecord> {
  return groupCommitWriterFor(db, insertAccesses);
}
