/** A seeded pseudo-random generator (mulberry32): the same seed, the same run. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  below(n: number): number;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** A {@link Random} from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number): number => Math.floor(next() * n);
  return {
    next,
    below,
    pick: (items) => {
      if (items.length === 0) throw new Error('nothing to pick from');
      return items[below(items.length)]!;
    },
    chance: (p) => next() < p,
  };
}

const TOKEN = /\.\.\.|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?|[$!(){}[\]:=@,|&]/g;

/** The lexical tokens of a GraphQL document (comments dropped). */
export function tokensOf(document: string): string[] {
  return document.replace(/#[^\n]*/g, '').match(TOKEN) ?? [];
}

/** Text `n` characters long, with a NUL byte and non-ASCII characters among others. */
export function junkString(random: Random, n: number): string {
  const alphabet = ['a', 'Z', '9', ' ', '\u0000', 'é', '💥', '"', '\\', '{', '\n'];
  let text = '';
  for (let i = 0; i < Math.min(n, 64); i += 1) text += random.pick(alphabet);
  return n > 64 ? text + 'x'.repeat(n - 64) : text;
}

/** One random change to a document's tokens: a client's typo, a tool's bug or an attack. */
export function mutateDocument(random: Random, document: string): string {
  const tokens = tokensOf(document);
  const at = random.below(Math.max(tokens.length, 1));
  const mutations: (() => void)[] = [
    () => tokens.splice(at, 1),
    () => tokens.splice(at, 0, tokens[at] ?? '{'),
    () => tokens.splice(at, 0, random.pick(['{', '}', '(', ')', '[', ']', '...', '$', '@skip'])),
    () => tokens.splice(at, 0, random.pick(['unknownField', '__typename', 'id', 'Query', 'on'])),
    () => tokens.splice(at, 0, JSON.stringify(junkString(random, random.pick([10, 300, 200_000])))),
    () => tokens.splice(at, 0, random.pick(['123', '-1', '1e400', 'null', 'true', '"x"'])),
    () => tokens.splice(at, 0, 'a { '.repeat(random.pick([50, 400])) + '}'.repeat(5)),
    () => {
      const other = random.below(Math.max(tokens.length, 1));
      [tokens[at], tokens[other]] = [tokens[other] ?? '', tokens[at] ?? ''];
    },
    () => tokens.splice(at, tokens.length),
  ];
  const times = 1 + random.below(3);
  for (let i = 0; i < times; i += 1) random.pick(mutations)();
  return tokens.join(' ');
}

/** `{"a":…}` nested `depth` deep, as JSON text (JSON.stringify would recurse as deep). */
export function nestedJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A wrong, missing, huge, deep or hostile value for a variable (JSON text). */
export function mutatedValue(random: Random, good: unknown): string | undefined {
  return random.pick<() => string | undefined>([
    () => undefined,
    () => 'null',
    () => JSON.stringify(random.pick([0, -1, 1.5, true, [], {}, ['x'], { id: 'x' }])),
    () => JSON.stringify(junkString(random, random.pick([5, 300, 5_000, 600_000]))),
    () => JSON.stringify(`${String(good)}\u0000`),
    () => nestedJson(random.pick([10, 40, 5_000])),
    () =>
      `[${new Array<string>(random.pick([3, 500, 20_000])).fill(JSON.stringify(good)).join(',')}]`,
    () => JSON.stringify(good),
  ])();
}

/** The body `{ query, variables, operationName }` as JSON text, with raw variable texts. */
export function bodyText(
  query: string,
  variables: Record<string, string | undefined>,
  operationName?: string,
): string {
  const entries = Object.entries(variables).filter(([, v]) => v !== undefined);
  const vars = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  const name =
    operationName === undefined ? '' : `,"operationName":${JSON.stringify(operationName)}`;
  return `{"query":${JSON.stringify(query)},"variables":${vars}${name}}`;
}
