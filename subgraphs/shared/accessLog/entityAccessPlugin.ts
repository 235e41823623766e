import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestBase } from '../subgraphDefinition';
import { accessContextOf, clientOperationName, staffReader } from './accessContext';
import { insertEntityAccesses, type EntityAccessRecord } from './entityAccessRepository';
import { groupCommitWriterFor, type InsertRows } from './groupCommitWriter';

/** Options of {@link entityAccessPlugin}. */
export interface EntityAccessPluginOptions {
  /** The subgraph's PostgreSQL schema, whose `entity_access` table gets the rows. */
  schema: string;
  /** Types never recorded, e.g. the access log's own rows. Default: `EntityAccess`. */
  ignoredTypes?: readonly string[];
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
        async willSendResponse({ contextValue: context, operation }) {
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
