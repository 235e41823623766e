import pino, { type DestinationStream, type Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Service name put on every line, e.g. `gateway` or `subgraph-crm`. */
  name: string;
  /** pino level; default `info`, `silent` in tests. */
  level?: string;
  /** Where lines go; default stdout. Tests pass a buffer to read what was logged. */
  destination?: DestinationStream;
}

/**
 * Structured JSON logs. Authorization and cookie headers are redacted wherever they
 * appear so that no credential reaches a log line, and so are the fields of a
 * PostgreSQL error that quote the data it refused (`where`, `detail`: a client's text,
 * a phone number or an email).
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    name: options.name,
    level: options.level ?? 'info',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.authorization',
        '*.password',
        'err.where',
        'err.detail',
        'err.cause.where',
        'err.cause.detail',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
