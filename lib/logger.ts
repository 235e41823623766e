import pino, { type Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Service name put on every line, e.g. `gateway` or `subgraph-crm`. */
  name: string;
  /** pino level; default `info`, `silent` in tests. */
  level?: string;
}

/**
 * Structured JSON logs. Authorization and cookie headers are redacted wherever they
 * appear so that no credential reaches a log line.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino({
    name: options.name,
    level: options.level ?? 'info',
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.password'],
      censor: '[redacted]',
    },
  });
}
