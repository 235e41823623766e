/** A JSON value as a GraphQL answer holds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A GraphQL error as the gateway answers it. */
export interface AnswerError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; subgraph?: string };
}

/** A GraphQL response body. */
export interface Answer {
  data?: Record<string, Json> | null;
  errors?: AnswerError[];
}

/** Support computes `attention` from the other owners' flags: with one down, some go missing. */
const DERIVED_LIST = 'customer.attention';

/**
 * What `answer` lost beyond the fields of the faulty subgraph (`faulty`, or null when no
 * subgraph is at fault, e.g. Redis or a gateway replica), compared with `reference`, an
 * answer to the same request taken while everything was healthy. Every value must equal
 * the reference's, except where the answer has null and an error naming `faulty` has a
 * path at or under that place (the rule of test/integration/partialAnswers.test.ts).
 * Returns one line per loss; empty when the answer lost nothing it should have kept.
 */
export function lostBeyondFaulty(
  reference: Answer,
  answer: Answer,
  faulty: string | null,
): string[] {
  const losses: string[] = [];
  const explained: (string | number)[][] = [];
  for (const error of answer.errors ?? []) {
    const subgraph = error.extensions?.subgraph;
    if (faulty !== null && subgraph === faulty && error.path && error.path.length > 0) {
      explained.push(error.path);
    } else {
      losses.push(
        `error ${error.extensions?.code ?? '?'} from ${subgraph ?? 'the gateway'} at ${(error.path ?? []).join('.') || '(no path)'}: ${error.message}`,
      );
    }
  }
  walk(reference.data ?? null, answer.data ?? null, [], explained, losses);
  return losses;
}

function walk(
  whole: Json | undefined,
  degraded: Json | undefined,
  path: (string | number)[],
  explained: (string | number)[][],
  losses: string[],
): void {
  const here = path.join('.') || '(data)';
  if ((degraded ?? null) === null && (whole ?? null) !== null) {
    if (path.length === 0) {
      losses.push('no data at all');
      return;
    }
    // List positions are not compared: under a union list Apollo's gateway numbers a
    // failed entity fetch's entities among all the list's items; the field path is exact.
    const ok = explained.some((errorPath) =>
      path.every(
        (step, index) =>
          errorPath[index] === step ||
          (typeof step === 'number' && typeof errorPath[index] === 'number'),
      ),
    );
    if (!ok) losses.push(`${here} is null with no error of the faulty subgraph at or under it`);
    return;
  }
  if (Array.isArray(whole) && Array.isArray(degraded)) {
    if (here === DERIVED_LIST) {
      degraded.forEach((item, index) => {
        const same = whole.find((candidate) => sameFlag(candidate, item));
        if (same === undefined)
          losses.push(
            `${here}.${index} is a flag the reference lacks: ${JSON.stringify(item).slice(0, 200)}`,
          );
        else walk(same, item, [...path, index], explained, losses);
      });
      return;
    }
    if (degraded.length !== whole.length) {
      losses.push(`${here} has ${degraded.length} items, the reference ${whole.length}`);
      return;
    }
    whole.forEach((item, index) =>
      walk(item, degraded[index], [...path, index], explained, losses),
    );
    return;
  }
  if (isObject(whole) && isObject(degraded)) {
    for (const [key, value] of Object.entries(whole)) {
      walk(value, degraded[key], [...path, key], explained, losses);
    }
    return;
  }
  if (JSON.stringify(timeless(whole)) !== JSON.stringify(timeless(degraded))) {
    losses.push(`${here} is ${JSON.stringify(degraded)}, the reference ${JSON.stringify(whole)}`);
  }
}

/**
 * A value with the clock taken out: crm's quiet-hours flag states the customer's local
 * time ("now 04:08 there"), which moves on between the reference and a later answer.
 */
function timeless(value: Json | undefined): Json | undefined {
  return typeof value === 'string'
    ? value.replace(/\(now \d{1,2}:\d{2} there\)/g, '(now … there)')
    : value;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether two attention flags are the same flag (same code and message, clock aside). */
function sameFlag(a: Json, b: Json): boolean {
  const key = (flag: Json): string =>
    isObject(flag) ? JSON.stringify([flag.code ?? null, timeless(flag.message)]) : '';
  return key(a) !== '' && key(a) === key(b);
}
