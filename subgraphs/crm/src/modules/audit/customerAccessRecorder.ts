import DataLoader from 'dataloader';
import type { IncomingMessage } from 'node:http';
import {
  accessContextOf,
  clientOperationName,
  staffReader,
} from '../../../../shared/accessLog/accessContext';
import type { GraphQLResolveInfo } from 'graphql';
import type { Claims } from '../../../../../lib/claims';
import { uncacheable } from '../../../../shared/cacheHints';
import type { Database } from '../../../../shared/db';
import { accessWriterFor } from './accessWriter';

/**
 * Records, once per customer per request, that an agent or supervisor read a
 * customer. Reads by services, customers and anonymous callers are not recorded.
 */
export interface CustomerAccessRecorder {
  /**
   * Records reads of `customerIds` by the caller; resolves once they are stored. Every
   * customer read in the same tick shares ONE statement, and requests reading at the
   * same time share one commit (`AccessWriter`). Never rejects: a failure is
   * reported to `onError` and the read goes on. A recorded read makes the response
   * uncacheable (`maxAge: 0` on the field `info` describes): answering it from a cache
   * would skip the audit row.
   */
  record(customerIds: readonly string[], info: GraphQLResolveInfo): Promise<void>;
  /** The customers recorded so far in this request, and the operation the rows name. */
  recorded(): { customerIds: string[]; operationName: string | null };
}

/** What a recorder needs from the request. */
export interface CustomerAccessRecorderOptions {
  db: Database;
  claims: Claims | null;
  req: Pick<IncomingMessage, 'headers'>;
  /** Told about a failed write (the customers are then not recorded). */
  onError: (error: unknown, customerIds: readonly string[]) => void;
}

export { accessContextOf, clientOperationName } from '../../../../shared/accessLog/accessContext';

/** A fresh recorder for one request (built with the context). */
export function createCustomerAccessRecorder(
  options: CustomerAccessRecorderOptions,
): CustomerAccessRecorder {
  const { db, claims, req, onError } = options;
  const reader = staffReader(claims);
  if (!reader) {
    return {
      record: () => Promise.resolve(),
      recorded: () => ({ customerIds: [], operationName: null }),
    };
  }
  let operationName: string | null = null;
  const recorded = new Set<string>();
  // Keys are customer ids; the cache makes a customer read twice in a request one row.
  const writer = accessWriterFor(db);
  const loader = new DataLoader<string, void>(async (customerIds) => {
    const access = accessContextOf(reader, req, operationName);
    try {
      // Committed with the rows of other requests reading now (group commit).
      await writer.write(customerIds.map((customerId) => ({ customerId, access })));
    } catch (error) {
      onError(error, customerIds);
    }
    return customerIds.map(() => undefined);
  });
  return {
    async record(customerIds, info) {
      if (customerIds.length === 0) return;
      uncacheable(info);
      operationName ??= clientOperationName(info.operation.name?.value);
      for (const id of customerIds) recorded.add(id);
      await loader.loadMany(customerIds);
    },
    recorded: () => ({ customerIds: [...recorded], operationName }),
  };
}
