import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import { LiveCustomerContextDocument } from './gql/graphql';

/** The live connection as the rep should read it. */
export type LiveStatus = 'connecting' | 'live' | 'lost';

/**
 * Follows `LiveCustomerContext` over graphql-ws at `/graphql` with the rep's token in
 * `connectionParams` (never in the URL). Calls `onChange` on every pushed answer and
 * after a reconnect (a change may have been missed while away), `onStatus` as the
 * connection comes and goes; it retries for as long as the screen is open. Returns the
 * function that stops it.
 */
export function followCustomer(
  customerId: string,
  token: string,
  onChange: () => void,
  onStatus: (status: LiveStatus) => void,
): () => void {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let connectedBefore = false;
  const client = createClient({
    url: url.href,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** retries))),
    on: {
      connecting: () => onStatus(connectedBefore ? 'lost' : 'connecting'),
      connected: () => {
        onStatus('live');
        if (connectedBefore) onChange();
        connectedBefore = true;
      },
      closed: () => onStatus(connectedBefore ? 'lost' : 'connecting'),
    },
  });
  const stop = client.subscribe(
    { query: print(LiveCustomerContextDocument), variables: { id: customerId } },
    { next: () => onChange(), error: () => onStatus('lost'), complete: () => undefined },
  );
  return () => {
    stop();
    void client.dispose();
  };
}
