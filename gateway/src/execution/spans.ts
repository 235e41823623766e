import { SpanStatusCode, type Span } from '@opentelemetry/api';

/** Runs `work` inside `span`: an exception is recorded on it as an error, and it always ends. */
export function ended<T>(span: Span, work: () => T): T {
  try {
    return work();
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** {@link ended} for asynchronous work. */
export async function endedAsync<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function failed(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
