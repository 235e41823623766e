import type { IncomingMessage } from 'node:http';

/** Thrown when a request body exceeds the configured limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body as UTF-8, refusing to buffer more than `limitBytes`. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return (await readBodyBytes(req, limitBytes)).toString('utf8');
}

/**
 * Reads a request body's exact bytes (what a signature covers), refusing to buffer more
 * than `limitBytes`. On refusal the rest of the body is left unread: the caller answers
 * with `Connection: close`, so the bytes still in flight can never be read as the start
 * of a next request on a kept-alive connection (which is what a client's next request
 * met: a socket that never answered).
 */
export function readBodyBytes(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      // Keep the stream flowing into nothing until the connection closes.
      req.resume();
      reject(new BodyTooLargeError(limitBytes));
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
