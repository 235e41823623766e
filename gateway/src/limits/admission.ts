import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { ErrorCode } from '../../../schema/errorCodes';
import { sendJsonError } from '../../../lib/http/graphqlHttpHandler';
import { AdmissionQueue, type Refusal } from './admissionQueue';

/** Admits a request (resolves to the function that ends its turn) or answers it (null). */
export type Admit = (res: ServerResponse, deadline: number) => Promise<(() => void) | null>;

const NO_TURN = (): void => undefined;

/**
 * The gateway's admission control over an {@link AdmissionQueue}, with its metrics
 * (`gateway_requests_in_flight`, `gateway_requests_queued`,
 * `gateway_request_queue_seconds`, `gateway_requests_refused_total{reason}`). A refused
 * request is answered 503 `SERVER_OVERLOADED` with `Retry-After: 1`: nothing of it ran,
 * so a retry is always safe. A client that leaves while waiting is not answered.
 * `maxConcurrent` 0: every request is admitted at once.
 */
export function admissionControl(options: {
  maxConcurrent: number;
  maxQueued: number;
  registry: Registry;
  logger: Logger;
}): Admit {
  if (options.maxConcurrent === 0) return async () => NO_TURN;
  const queue = new AdmissionQueue(options);
  const registers = [options.registry];
  new Gauge({
    name: 'gateway_requests_in_flight',
    help: 'GraphQL requests being worked on now (at most MAX_CONCURRENT_REQUESTS)',
    registers,
    collect() {
      this.set(queue.inFlight);
    },
  });
  new Gauge({
    name: 'gateway_requests_queued',
    help: 'GraphQL requests waiting for their turn now',
    registers,
    collect() {
      this.set(queue.queued);
    },
  });
  const waited = new Histogram({
    name: 'gateway_request_queue_seconds',
    help: 'How long admitted requests waited for their turn',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const refused = new Counter({
    name: 'gateway_requests_refused_total',
    help: 'GraphQL requests not admitted: queue_full, deadline (waited too long), gone (client left)',
    labelNames: ['reason'],
    registers,
  });
  const MESSAGES: Record<Exclude<Refusal, 'gone'>, string> = {
    queue_full: 'the gateway is at its limit and too many requests are waiting; retry shortly',
    deadline: 'the gateway is at its limit and could not take this request in time; retry shortly',
  };
  return async (res, deadline) => {
    const started = performance.now();
    const aborted = new AbortController();
    const gone = (): void => aborted.abort();
    res.once('close', gone);
    const outcome = await queue.admit(deadline, aborted.signal);
    res.off('close', gone);
    if (typeof outcome === 'function') {
      waited.observe((performance.now() - started) / 1000);
      return outcome;
    }
    refused.inc({ reason: outcome });
    if (outcome === 'gone') return null;
    options.logger.warn(
      { reason: outcome, inFlight: queue.inFlight, queued: queue.queued },
      'request refused: overloaded',
    );
    res.setHeader('retry-after', '1');
    sendJsonError(res, 503, ErrorCode.SERVER_OVERLOADED, MESSAGES[outcome]);
    return null;
  };
}
