import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, OperationTypeNode } from 'graphql';
import { ANSWER_SCOPE_HEADER, CLASS_SCOPE } from '../../../../../lib/answerScope';
import type { ConditionalAnswer, ConditionalRequest } from '../../../../shared/subgraphDefinition';
import type { Context } from '../../context';
import { accessWriterFor } from './accessWriter';
import { accessContextOf } from './customerAccessRecorder';
import {
  currentMinute,
  issueValidator,
  VALIDATED_ROOT_FIELDS,
  validatorHolds,
  validatorKey,
  verifyValidator,
} from './readValidator';
import { oncePerSecret } from '../../../../../lib/oncePerSecret';

/** The validator key for `secret`, derived once per secret. */
const keyFor = oncePerSecret(validatorKey);

/**
 * Answers `If-None-Match` on an audited read without running it: when the validator is
 * crm's, for this very request and the caller's authorization class, from this minute, and no write to the
 * customers its answer depends on committed since it was issued, the read is recorded
 * for the caller, by identity (audit row and `customer.viewed`,
 * committed before the answer, as on a full read) and answered 304. Anything else
 * (null) runs the read in full.
 */
export async function answerConditionalRead(
  request: ConditionalRequest,
): Promise<ConditionalAnswer | null> {
  const { claims, db, req, body, config, logger } = request;
  if (claims?.role !== 'agent' && claims?.role !== 'supervisor') return null;
  const key = keyFor(config.subgraphHmacSecret);
  const payload = verifyValidator(key, request.ifNoneMatch, { ...body, claims });
  if (!payload || payload.m !== currentMinute()) return null;
  if (!(await validatorHolds(db, payload.g, payload.i, payload.d))) return null;
  const access = accessContextOf({ ...claims, role: claims.role }, req, payload.o);
  try {
    await accessWriterFor(db).write(
      payload.c.map((customerId) => ({ typename: 'Customer', customerId, access })),
    );
  } catch (error) {
    // As on a full read: the failure is logged and the read goes on.
    logger.error(
      { err: error, customerIds: payload.c, agentId: claims.sub },
      'could not record customer access',
    );
  }
  return {
    status: 304,
    headers: { etag: request.ifNoneMatch.trim(), 'cache-control': 'no-store' },
  };
}

/**
 * Gives an audited query that asked for one (see `startReadValidator`) its validator as
 * `ETag`: only for an answer without errors, whose every root field declares what it
 * depends on, built from nothing the validator does not cover, within the minute it
 * began in, that recorded at least one customer.
 */
export function readValidatorPlugin(secret: string): ApolloServerPlugin<Context> {
  const key = keyFor(secret);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, request, response, operation }) {
          const state = contextValue.validator;
          const { claims } = contextValue;
          // A staff query's answer depends on role, team and scopes only, and every read
          // crm records is uncacheable (re-sent as whoever is served it): shareable by class.
          if (
            (claims?.role === 'agent' || claims?.role === 'supervisor') &&
            operation?.operation === OperationTypeNode.QUERY
          ) {
            response.http.headers.set(ANSWER_SCOPE_HEADER, CLASS_SCOPE);
          }
          if (!state?.covered || !claims || typeof request.query !== 'string') return;
          if (operation?.operation !== OperationTypeNode.QUERY) return;
          // Fail safe: a root field that does not say what it depends on gets no validator.
          const rootFieldsDeclared = operation.selectionSet.selections.every(
            (selection) =>
              selection.kind === Kind.FIELD && VALIDATED_ROOT_FIELDS.has(selection.name.value),
          );
          if (!rootFieldsDeclared) return;
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (errors?.length || !data || currentMinute() !== state.minute) return;
          const { customerIds, operationName } = contextValue.accessRecorder.recorded();
          if (customerIds.length === 0) return;
          const etag = issueValidator(
            key,
            {
              v: 2,
              g: state.generation,
              i: state.install,
              d: [...new Set([...customerIds, ...state.depends])].sort(),
              m: state.minute,
              c: customerIds,
              o: operationName,
            },
            {
              query: request.query,
              operationName: request.operationName,
              variables: request.variables,
              claims,
            },
          );
          response.http.headers.set('etag', etag);
        },
      };
    },
  };
}
