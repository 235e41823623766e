import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../gateway/src/auth/devCredentials';
import { signToken } from '../../gateway/src/auth/signToken';
import { PERSONA_SUPPORT } from '../../subgraphs/shared/seedIds';
import { ROOT } from './childProcesses';
import type { Answer } from './lostFields';
import { postGraphql } from './postGraphql';

/** The rep's documented operation, exactly as tools send it. */
export const CUSTOMER_CONTEXT = readFileSync(
  join(ROOT, 'schema', 'operations', 'CustomerContext.graphql'),
  'utf8',
);

/** The note a rep adds; the key makes a retry return the first note. */
export const ADD_NOTE = /* GraphQL */ `
  mutation ChaosAddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
    }
  }
`;

/** One customer the load reads, and the answer it got while everything was healthy. */
export interface Reader {
  variables: { kind: string; value: string };
  reference: Answer;
}

/** Customers the load reads: personas whose stories touch every subgraph, and generated ones. */
const READ = [
  { kind: 'PHONE', value: '(415) 555-0134' },
  { kind: 'EMAIL', value: 'sam.okafor@example.com' },
  { kind: 'ACCOUNT_NUMBER', value: 'ACC-100552' },
  { kind: 'EMAIL', value: 'lee.chen@example.com' },
  { kind: 'ACCOUNT_NUMBER', value: 'ACC-0200001' },
  { kind: 'ACCOUNT_NUMBER', value: 'ACC-0200002' },
];

/**
 * Open cases of generated customers the load does not read (the seed opens one for
 * every fifth customer), so the notes written never change a reference answer.
 */
export const WRITE_CASES = ['case-000010', 'case-000015', 'case-000020'];

/** A token of the care rep the seed assigns cases to, valid for the run. */
export function agentToken(jwtSecret: string): Promise<string> {
  return signToken({
    secret: jwtSecret,
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    sub: PERSONA_SUPPORT.careRep,
    role: 'agent',
    team: 'care',
    scopes: ['pii:read'],
    ttlSec: 3600,
  });
}

/**
 * The reference answers: each reader's `CustomerContext` once two rounds in a row agree
 * and carry no error on every replica (views and seeded history are recorded
 * asynchronously, so the first reads may still change).
 */
export async function referenceAnswers(gateways: string[], token: string): Promise<Reader[]> {
  const agent = new Agent({ keepAlive: true });
  const round = async (): Promise<string[]> =>
    Promise.all(
      gateways.flatMap((url) =>
        READ.map(async (variables) => {
          const outcome = await postGraphql(
            agent,
            url,
            { query: CUSTOMER_CONTEXT, variables },
            token,
          );
          return outcome.kind === 'answered' && outcome.status === 200 && !outcome.body?.errors
            ? JSON.stringify(outcome.body)
            : `failed: ${JSON.stringify(outcome)}`;
        }),
      ),
    );
  const deadline = Date.now() + 60_000;
  let last = await round();
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const next = await round();
      const settled =
        next.every((text, i) => text === last[i] && !text.startsWith('failed')) &&
        next.every((text, i) => text === next[i % READ.length]);
      if (settled) {
        return READ.map((variables, i) => ({
          variables,
          reference: JSON.parse(next[i] ?? '{}') as Answer,
        }));
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the reference answers did not settle; last round:\n${next.join('\n').slice(0, 4000)}`,
        );
      }
      last = next;
    }
  } finally {
    agent.destroy();
  }
}
