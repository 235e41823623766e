import { serverTimingMs, serverTimingValue } from '../../lib/http/serverTiming';

describe('Server-Timing', () => {
  it('reads back what a subgraph sends', () => {
    expect(serverTimingValue(1.23456)).toBe('graphql;dur=1.235');
    expect(serverTimingMs(serverTimingValue(1.23456))).toBe(1.235);
  });

  it('finds the graphql metric among others, whatever the spacing and parameter order', () => {
    expect(serverTimingMs('db;dur=0.4, graphql;desc="own";dur=2.5')).toBe(2.5);
    expect(serverTimingMs('cache;desc=hit,graphql ; dur=7')).toBe(7);
  });

  it('answers null for a header without it, or with a malformed duration', () => {
    for (const header of [
      null,
      undefined,
      '',
      'db;dur=3',
      'graphql',
      'graphql;dur=abc',
      'graphql;dur=-1',
    ]) {
      expect(serverTimingMs(header)).toBeNull();
    }
  });
});
