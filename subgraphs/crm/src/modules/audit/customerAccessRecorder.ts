import type { ApolloServerPlugin } from '@apollo/server';
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
 * Records, once per type per customer per request, that an agent or supervisor read a
 * customer (`Customer`) or something of theirs crm serves on its own (`Place`). Reads by
 * services, customers and anonymous callers are not recorded.
 */
export interface CustomerAccessRecorder {
  /**
   * Notes reads of `customerIds`' `typename` (default `Customer`) by the caller. The
   * request's rows are written together by {@link CustomerAccessRecorder.flush}, when the
   * answer is ready and before it is sent: ONE statement per request, committed with the
   * rows of other requests reading at the same time (`AccessWriter`). A recorded read
   * makes the response uncacheable (`maxAge: 0` on the field `info` describes):
   * answering it from a cache would skip the audit row.
   */
  record(customerIds: readonly string[], info: GraphQLResolveInfo, typename?: string): void;
  /** The customers recorded so far in this request, and the operation the rows name. */
  recorded(): { customerIds: string[]; operationName: string | null };
  /**
   * Writes the request's rows; resolves once they are stored. Never rejects: a failure
   * is reported to `onError` and the answer goes out.
   */
  flush(): Promise<void>;
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
      record: () => undefined,
      recorded: () => ({ customerIds: [], operationName: null }),
      flush: () => Promise.resolve(),
    };
  }
  let operationName: string | null = null;
  // Keyed by type and customer: a customer read twice in a request is one row.
  const pending = new Map<string, { typename: string; customerId: string }>();
  const customers = new Set<string>();
  return {
    record(customerIds, info, typename = 'Customer') {
      if (customerIds.length === 0) return;
      uncacheable(info);
      operationName ??= clientOperationName(info.operation.name?.value);
      for (const customerId of customerIds) {
        if (typename === 'Customer') customers.add(customerId);
        pending.set(`${typename}\u0000${customerId}`, { typename, customerId });
      }
    },
    recorded: () => ({ customerIds: [...customers], operationName }),
    async flush() {
      const reads = [...pending.values()];
      pending.clear();
      if (reads.length === 0) return;
      const access = accessContextOf(reader, req, operationName);
      try {
        // Committed with the rows of other requests reading now (group commit).
        await accessWriterFor(db).write(reads.map((read) => ({ ...read, access })));
      } catch (error) {
        onError(
          error,
          reads.map((read) => read.customerId),
        );
      }
    },
  };
}

/** Writes each request's recorded reads once its answer is ready, before it is sent. */
export function customerAccessPlugin(): ApolloServerPlugin<{
  accessRecorder: CustomerAccessRecorder;
}> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ contextValue }) => contextValue.accessRecorder.flush(),
      }),
  };
}
