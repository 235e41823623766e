/**
 * Every Redis key this product uses comes from a builder here, never from string
 * concatenation scattered in code, so key shapes can be found, versioned and changed
 * in one place.
 */
const PREFIX = 'cc';

/** The stream every subgraph's outbox relay appends domain events to. */
export function eventStreamKey(): string {
  return `${PREFIX}:events:v1`;
}
