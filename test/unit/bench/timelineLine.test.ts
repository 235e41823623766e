import { timelineLine } from '../../../bench/report';

const latency = (p50: number, p99: number, max: number) => ({ p50, p99, max });

describe("the bench's (d)-at-the-subgraph line", () => {
  it("reads the target on the subgraph's own clock and shows the client's beside it", () => {
    const line = timelineLine({
      entries: 100_000,
      iterations: 1000,
      firstPage: { ...latency(2.9, 14.1, 22), server: latency(1.4, 6.2, 12.1) },
      deepPage: { ...latency(3.1, 13.5, 25), server: latency(1.5, 5.6, 9.9) },
    });
    expect(line).toContain("by the subgraph's own clock (Server-Timing)");
    expect(line).toContain(
      'newest page p50 1.40 ms, p99 6.20 ms (client p50 2.90 ms, p99 14.10 ms)',
    );
    expect(line).toMatch(/target p99 ≤ 10 ms met$/);
  });

  it("misses when either page's own p99 is over 10 ms", () => {
    const line = timelineLine({
      entries: 100_000,
      iterations: 1000,
      firstPage: { ...latency(2.9, 9, 22), server: latency(1.4, 6.2, 12.1) },
      deepPage: { ...latency(3.1, 12, 25), server: latency(1.5, 10.5, 19) },
    });
    expect(line).toMatch(/target p99 ≤ 10 ms MISSED$/);
  });

  it("reads an older run, which has only the client's figures, on those", () => {
    const line = timelineLine({
      entries: 100_000,
      iterations: 1000,
      firstPage: latency(3.9, 22.1, 30),
      deepPage: latency(4.7, 17.8, 28),
    });
    expect(line).not.toContain('Server-Timing');
    expect(line).toContain('newest page p50 3.90 ms, p99 22.10 ms;');
    expect(line).toMatch(/MISSED$/);
  });
});
