import { isTransient, repMessage, request, type GatewayAnswer } from './api';
import { AddNoteDocument, TransferCaseDocument } from './gql/graphql';
import type { Session } from './session';

/** How an action ended: null when done, else what to tell the rep. */
export type ActionResult = string | null;

const ATTEMPTS = 3;

async function withRetries<T>(send: () => Promise<GatewayAnswer<T>>): Promise<GatewayAnswer<T>> {
  let answer = await send();
  for (let attempt = 1; attempt < ATTEMPTS && isTransient(answer); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 300 * 2 ** attempt));
    answer = await send();
  }
  return answer;
}

/**
 * Adds a note, retrying a lost or refused-for-load call with the same idempotency key
 * (made once per note the rep submits), so a retry never writes it twice.
 */
export async function addNote(
  session: Session,
  caseId: string,
  body: string,
  idempotencyKey: string,
): Promise<ActionResult> {
  const answer = await withRetries(() =>
    request(
      AddNoteDocument,
      { input: { idempotencyKey, subjectId: caseId, body, actor: session.sub } },
      session.token,
    ),
  );
  return answer.data?.addNote ? null : repMessage(answer.errors);
}

/**
 * Transfers a case, retrying a lost or refused-for-load call with the same idempotency
 * key (made once per transfer the rep submits), so a retry never hands it off twice.
 */
export async function transferCase(
  session: Session,
  caseId: string,
  toTeam: string,
  toAgent: string | null,
  summary: string,
  idempotencyKey: string,
): Promise<ActionResult> {
  const answer = await withRetries(() =>
    request(
      TransferCaseDocument,
      {
        input: {
          idempotencyKey,
          caseId,
          toTeam,
          summary,
          actor: session.sub,
          ...(toAgent ? { to: toAgent } : {}),
        },
      },
      session.token,
    ),
  );
  return answer.data?.transferCase ? null : repMessage(answer.errors);
}
