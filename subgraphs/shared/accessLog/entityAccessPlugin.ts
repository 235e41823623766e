import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import {
  ANSWER_SCOPE_HEADER,
  CLASS_SCOPE,
  READ_RECEIPT_HEADER,
  WANT_RECEIPT_HEADER,
  holdsReceipts,
  issueReceipt,
  receiptKey,
  verifyReceipts,
} from '../../../lib/answerScope';
import type { ConditionalAnswer, ConditionalRequest, RequestBase } from '../subgraphDefinition';
import { accessContextOf, clientOperationName, staffReader } from './accessContext';
import { insertEntityAccesses, type EntityAccessRecord } from './entityAccessRepository';
import { groupCommitWriterFor, type InsertRows } from './groupCommitWriter';
import { oncePerSecret } from '../../../lib/oncePerSecret';

/** Options of {@link entityAccessPlugin}. */
export interface EntityAccessPluginOptions {
  /** The subgraph's PostgreSQL schema, whose `entity_access` table gets the rows. */
  schema: string;
  /** Types never recorded, e.g. the access log's own rows. Default: `EntityAccess`. */
  ignoredTypes?: readonly string[];
  /**
   * Whether a staff caller's query answers depend only on their authorization class
   * (role, team, scopes) in this subgraph: true when no resolver of a query reads who
   * the staff caller is (`claims.sub`), only what they may do. Answers then say so
   * (`x-cc-answer-scope: class`, see `lib/answerScope.ts`), with a receipt of what was
   * recorded when the gateway asks for one, so the gateway may serve a stored copy to
   * another rep of the class after sending the receipt back as that rep (see
   * {@link answerReadReceipts}). Default false: every answer is kept per caller.
   */
  staffAnswersByClass?: boolean;
}

/** Whether `source` is a row owned by a customer (it carries the owner's id). */
function ownerOf(source: unknown): string | null {
  const owner = (source as { customer_id?: unknown } | null)?.customer_id;
  return typeof owner === 'string' ? owner : null;
}

const inserts = new Map<string, InsertRows<EntityAccessRecord>>();

/** One insert function per schema, so each table has one group-commit queue. */
function insertInto(schema: string): InsertRows<EntityAccessRecord> {
  let insert = inserts.get(schema);
  if (!insert) {
    insert = (tx, records) => insertEntityAccesses(tx, schema, records);
    inserts.set(schema, insert);
  }
  return insert;
}

/**
 * Records every read of customer-owned data by an agent or supervisor in the subgraph's
 * access log (`<schema>.entity_access`), covered by construction: whenever a query
 * resolves a field of an object that carries a `customer_id` (an order, a case, a note,
 * an appointment, a timeline entry...), the pair (that object's GraphQL type, the
 * customer) is noted; a type added tomorrow is recorded the day it is added. Rows are
 * per type per customer per request, and the request's rows are written ONCE, when the
 * response is ready and before it is sent (`willSendResponse`), through a group-commit
 * writer shared with the requests reading at the same time: one statement per request at
 * most, never an answer whose read is not stored. A failed write is logged and the
 * answer goes out (as crm does). A mutation's answer is a read too (a replayed idempotent
 * one writes nothing and still answers the current data), so it is recorded the same way.
 * Customers, services and anonymous callers, and reads that found nothing, are not.
 */
export function entityAccessPlugin(
  options: EntityAccessPluginOptions,
): ApolloServerPlugin<RequestBase> {
  const ignored = new Set(options.ignoredTypes ?? ['EntityAccess']);
  const insert = insertInto(options.schema);
  const byClass = options.staffAnswersByClass ?? false;
  return {
    async requestDidStart({ contextValue }) {
      const reader = staffReader(contextValue.claims);
      if (!reader) return;
      const read = new Map<string, { typename: string; customerId: string }>();
      return {
        async executionDidStart() {
          return {
            willResolveField({ source, info }) {
              const customerId = ownerOf(source);
              const typename = info.parentType.name;
              if (customerId === null || ignored.has(typename)) return;
              const key = `${typename}\u0000${customerId}`;
              if (!read.has(key)) read.set(key, { typename, customerId });
            },
          };
        },
        async willSendResponse({ contextValue: context, operation, response }) {
          if (byClass && operation?.operation === OperationTypeNode.QUERY) {
            declareClassScope(context, read, options.schema, operation.name?.value, response);
          }
          if (read.size === 0) return;
          const access = accessContextOf(
            reader,
            context.req,
            clientOperationName(operation?.name?.value),
          );
          const records = [...read.values()].map((r) => ({ ...r, access }));
          try {
            await groupCommitWriterFor(context.db, insert).write(records);
          } catch (error) {
            context.logger.error(
              { err: error, reads: records.length, agentId: reader.sub },
              'could not record entity access',
            );
          }
        },
      };
    },
  };
}

/**
 * Declares a staff query's answer class-scoped: at once when it recorded nothing, else
 * only with a receipt of its reads (asked for by the gateway), so that whoever is
 * served a copy is recorded too. A recorded read without a receipt stays per caller.
 */
function declareClassScope(
  context: RequestBase,
  read: ReadonlyMap<string, { typename: string; customerId: string }>,
  schema: string,
  operationName: string | undefined,
  response: { http: { headers: Map<string, string> } },
): void {
  if (read.size > 0) {
    if (context.req.headers[WANT_RECEIPT_HEADER] !== '1') return;
    const receipt = issueReceipt(
      keyFor(context.config.subgraphHmacSecret),
      {
        v: 1,
        s: schema,
        r: [...read.values()].map((r): [string, string] => [r.typename, r.customerId]),
        o: clientOperationName(operationName),
      },
      context.claims,
    );
    response.http.headers.set(READ_RECEIPT_HEADER, receipt);
  }
  response.http.headers.set(ANSWER_SCOPE_HEADER, CLASS_SCOPE);
}

/** The receipt key for `secret`, derived once per secret. */
const keyFor = oncePerSecret(receiptKey);

/**
 * A subgraph's `answerConditional` for read receipts (see `lib/answerScope.ts`): when
 * `If-None-Match` holds only receipts this subgraph signed for the caller's class, and
 * the caller is staff, records every read they list for the caller (as a full read
 * would, committed before the answer) and answers 304 without executing anything.
 * Anything else (null) executes the request as sent.
 */
export function answerReadReceipts(
  schema: string,
): (request: ConditionalRequest) => Promise<ConditionalAnswer | null> {
  const insert = insertInto(schema);
  return async ({ claims, config, db, req, ifNoneMatch, logger }) => {
    const reader = staffReader(claims);
    if (!reader || !holdsReceipts(ifNoneMatch)) return null;
    const receipts = verifyReceipts(keyFor(config.subgraphHmacSecret), ifNoneMatch, schema, claims);
    if (!receipts) return null;
    const records = receipts.flatMap((receipt) => {
      const access = accessContextOf(reader, req, receipt.o);
      return receipt.r.map(([typename, customerId]) => ({ typename, customerId, access }));
    });
    try {
      await groupCommitWriterFor(db, insert).write(records);
    } catch (error) {
      // As on a full read: the failure is logged and the answer goes out.
      logger.error(
        { err: error, reads: records.length, agentId: reader.sub },
        'could not record entity access',
      );
    }
    return { status: 304, headers: { 'cache-control': 'no-store' } };
  };
}
