/** What a cluster worker tells the primary once it serves. */
export interface WorkerListening {
  type: 'gateway:listening';
  /** Base URL, e.g. `http://127.0.0.1:4000` (the same for every worker: one shared port). */
  url: string;
  /** Hash of the supergraph the worker serves. */
  supergraphHash: string;
}

/**
 * Tells the cluster primary (over the IPC channel `node:cluster` opens) that this
 * worker serves, so the primary can announce the cluster once all workers do.
 */
export function announceListening(info: Omit<WorkerListening, 'type'>): void {
  const message: WorkerListening = { type: 'gateway:listening', ...info };
  process.send?.(message);
}

/** Whether an IPC message from a worker is its {@link WorkerListening} announcement. */
export function isWorkerListening(message: unknown): message is WorkerListening {
  if (typeof message !== 'object' || message === null) return false;
  const { type, url, supergraphHash } = message as Partial<WorkerListening>;
  return (
    type === 'gateway:listening' && typeof url === 'string' && typeof supergraphHash === 'string'
  );
}
