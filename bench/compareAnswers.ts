import { measuredOn, type RunningContender } from './contenders';
import { firstDifference } from './sameAnswer';
import type { Workload } from './workloads';

/** How {@link compareAnswers} reaches the contenders. */
export interface AnswerProbe {
  /** Generated customers in the workload's rotation (n = this is the first persona). */
  generated(workload: Workload): number;
  /** The `n`-th request of `workload` as sent to `contender`. */
  request(
    contender: RunningContender,
    workload: Workload,
    n: number,
  ): { body: string; headers: Record<string, string> };
  /** Waits until the subgraphs are idle (events of earlier reads handled). */
  settle(): Promise<void>;
}

interface Answer {
  data: unknown;
  errors: unknown;
  cache: string | null;
}

async function ask(
  contender: RunningContender,
  request: { body: string; headers: Record<string, string> },
): Promise<Answer> {
  const response = await fetch(contender.endpoint, { method: 'POST', ...request });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  return { data: body.data, errors: body.errors, cache: response.headers.get('x-cache') };
}

/** The first place two answers of the same gateway differ, either way round. */
function sameAnswer(expected: unknown, actual: unknown): string | null {
  return firstDifference(expected, actual) ?? firstDifference(actual, expected);
}

/**
 * For each workload, a persona (rich data) and a generated customer: checks that every
 * contender answers what `ours` answers (the limit: at least that). On a warm-cache
 * workload `ours-cached` is asked twice, the subgraphs left to settle in between (the
 * views the first read logged), and its second answer, which must come from its
 * caches, must equal a fresh uncached one (`ours` when it runs, else `baseline`).
 * Returns the findings by workload.
 */
export async function compareAnswers(
  running: readonly RunningContender[],
  workloads: readonly Workload[],
  probe: AnswerProbe,
): Promise<Record<string, string>> {
  const findings: Record<string, string> = {};
  const byName = (name: string) => running.find((c) => c.name === name);
  for (const workload of workloads) {
    if (workload.writes) {
      const verdict = await compareWrites(
        running.filter((c) => measuredOn(c.name, workload)),
        workload,
        probe,
      );
      findings[workload.id] = verdict;
      console.log(`bench: (${workload.id}) answers: ${verdict}`);
      continue;
    }
    const problems: string[] = [];
    const notes: string[] = [];
    const cached = workload.caches === 'warm' ? byName('ours-cached') : undefined;
    const reference = cached
      ? (byName('ours') ?? byName('baseline'))
      : running.find((c) => measuredOn(c.name, workload));
    if (!reference) continue;
    const others = running.filter(
      (c) => c !== reference && c !== cached && measuredOn(c.name, workload),
    );
    for (const n of [probe.generated(workload), 7]) {
      const request = (c: RunningContender) => probe.request(c, workload, n);
      let fromCache: Answer | undefined;
      if (cached) {
        await ask(cached, request(cached));
        await probe.settle();
        fromCache = await ask(cached, request(cached));
      }
      const expected = (await ask(reference, request(reference))).data;
      if (expected === null || expected === undefined) {
        problems.push(`${reference.name} answered no data (n=${n})`);
        continue;
      }
      if (cached && fromCache) {
        notes.push(`x-cache ${fromCache.cache ?? 'none'} (n=${n})`);
        if (!['hit', 'revalidated', 'partial'].includes(fromCache.cache ?? '')) {
          problems.push(`${cached.name}'s repeat read was not served from cache (n=${n})`);
        }
        const diff = sameAnswer(expected, fromCache.data);
        if (diff) {
          problems.push(
            `${cached.name}'s cached answer differs from ${reference.name}'s fresh one at ${diff} (n=${n})`,
          );
        }
      }
      for (const other of others) {
        const diff = firstDifference(expected, (await ask(other, request(other))).data);
        if (diff) problems.push(`${other.name} differs from ${reference.name} at ${diff} (n=${n})`);
      }
    }
    const verdict =
      problems.length === 0
        ? cached
          ? `cached answers equal fresh ${reference.name} answers (${notes.join(', ')}); all contenders answer alike`
          : 'all contenders answer alike'
        : problems.join('; ');
    findings[workload.id] = verdict;
    console.log(`bench: (${workload.id}) answers: ${verdict}`);
  }
  return findings;
}

/**
 * A mutation workload writes on every request, so answers cannot be equal across
 * contenders: each must answer without errors, and a retry of the very same request
 * (same idempotency key) must return the same answer, having written nothing more.
 */
async function compareWrites(
  contenders: readonly RunningContender[],
  workload: Workload,
  probe: AnswerProbe,
): Promise<string> {
  const problems: string[] = [];
  for (const contender of contenders) {
    const request = probe.request(contender, workload, probe.generated(workload));
    const first = await ask(contender, request);
    if (first.errors || first.data === null || first.data === undefined) {
      problems.push(`${contender.name} did not write: ${JSON.stringify(first.errors ?? null)}`);
      continue;
    }
    const retry = await ask(contender, request);
    const diff = sameAnswer(first.data, retry.data);
    if (diff) problems.push(`${contender.name}'s retry with the same key differs at ${diff}`);
  }
  return problems.length === 0
    ? 'every contender wrote, and a retry with the same idempotency key returned the same answer'
    : problems.join('; ');
}
