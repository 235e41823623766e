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
 * Transfers a case. The transfer has no idempotency key in the schema, so before trying
 * again after a lost answer it reads the case back: if the handoff it sent is already
 * the latest one (same team and summary, made after the first try), the transfer is
 * done and is not repeated.
 */
export async function transferCase(
  session: Session,
  caseId: string,
  toTeam: string,
  toAgent: string | null,
  summary: string,
  alreadyDone: (caseId: string, toTeam: string, summary: string, since: Date) => Promise<boolean>,
): Promise<ActionResult> {
  const since = new Date(Date.now() - 1000);
  const send = () =>
    request(
      TransferCaseDocument,
      {
        input: { caseId, toTeam, summary, actor: session.sub, ...(toAgent ? { to: toAgent } : {}) },
      },
      session.token,
    );
  let answer = await send();
  for (let attempt = 1; attempt < ATTEMPTS && isTransient(answer); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 300 * 2 ** attempt));
    if (await alreadyDone(caseId, toTeam, summary, since)) return null;
    answer = await send();
  }
  return answer.data?.transferCase ? null : repMessage(answer.errors);
}
