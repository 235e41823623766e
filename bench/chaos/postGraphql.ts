import { request, type Agent } from 'node:http';
import type { Answer } from './lostFields';

/** How one HTTP request ended. Never a rejection: every end is data for the report. */
export type Outcome =
  | { kind: 'answered'; status: number; body: Answer | null }
  /** The connection was refused: nothing was sent, a load balancer retries elsewhere. */
  | { kind: 'refused' }
  /** The connection broke or timed out after the request may have been sent. */
  | { kind: 'transport'; code: string };

/** No answer within this long is a transport failure (the gateway's own deadlines are shorter). */
const CLIENT_TIMEOUT_MS = 30_000;

/** POSTs a GraphQL request to `gatewayUrl` through the keep-alive `agent`. */
export function postGraphql(
  agent: Agent,
  gatewayUrl: string,
  payload: { query: string; variables: Record<string, unknown> },
  token: string,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      `${gatewayUrl}/graphql`,
      {
        method: 'POST',
        agent,
        timeout: CLIENT_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => {
          let body: Answer | null = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString()) as Answer;
          } catch {
            body = null;
          }
          resolve({ kind: 'answered', status: res.statusCode ?? 0, body });
        });
        res.once('error', (error: NodeJS.ErrnoException) =>
          resolve({ kind: 'transport', code: error.code ?? error.message }),
        );
      },
    );
    req.once('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? { kind: 'refused' }
          : { kind: 'transport', code: error.code ?? error.message },
      ),
    );
    req.end(JSON.stringify(payload));
  });
}
