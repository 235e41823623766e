import type { PhaseStats } from './phaseStats';

/** Codes a fault may cause without failing the run (the documented degraded answers). */
const EXPECTED_CODES = new Set(['SUBGRAPH_UNAVAILABLE', 'OUTCOME_UNKNOWN']);

/** Why the run failed: one line per broken promise; empty when it passed. */
export function failures(phases: PhaseStats[]): string[] {
  const found: string[] = [];
  for (const p of phases) {
    if (p.non2xx > 0) found.push(`${p.fault}: ${p.non2xx} non-2xx answers`);
    for (const [code, count] of p.errors) {
      if (!EXPECTED_CODES.has(code) && !code.startsWith('HTTP '))
        found.push(`${p.fault}: ${count} × ${code}`);
    }
    if (p.lostBeyond > 0) {
      found.push(
        `${p.fault}: ${p.lostBeyond} answers lost more than ${p.fault}'s fields, e.g.\n    ${p.lossExamples.join('\n    ')}`,
      );
    }
    if (p.rowsLost > 0) found.push(`${p.fault}: ${p.rowsLost} writes lost`);
    if (p.rowsDoubled > 0) found.push(`${p.fault}: ${p.rowsDoubled} writes doubled`);
    const unanswered = p.writes.filter((w) => w.noteId === null).length;
    if (unanswered > 0) found.push(`${p.fault}: ${unanswered} writes never answered OK`);
  }
  return found;
}

/** The per-fault table, as Markdown (the README shows it as printed). */
export function table(phases: PhaseStats[]): string {
  const header = [
    'fault',
    'requests',
    'non-2xx',
    'errors by code',
    'partial answers',
    'lost beyond the fault',
    'writes (retried)',
    'rows lost',
    'rows doubled',
  ];
  const rows = phases.map((p) => [
    p.fault,
    String(p.requests),
    String(p.non2xx),
    [...p.errors].map(([code, count]) => `${code} ${count}`).join(', ') || '—',
    String(p.partial),
    String(p.lostBeyond),
    `${p.writes.length} (${p.writes.filter((w) => w.retried).length})`,
    String(p.rowsLost),
    String(p.rowsDoubled),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
