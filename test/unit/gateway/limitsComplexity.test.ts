import { buildSchema, parse, type DocumentNode } from 'graphql';
import { authorizeOperation } from '../../../gateway/src/authz/authorizeOperation';
import { readAuthRequirements } from '../../../gateway/src/authz/readAuthRequirements';
import { estimateCost } from '../../../gateway/src/limits/estimateCost';
import { NO_COST_INFO } from '../../../gateway/src/limits/readCostDirectives';
import { validateLimits } from '../../../gateway/src/limits/validateLimits';
import type { Claims } from '../../../lib/claims';

/**
 * Finding 4 of issue 17: nested fragment spreads multiply the selections a walk would
 * expand. Every walk over a document (limits, cost, authorization) must do work that
 * grows linearly with the document, counted in selections visited, never timed.
 */
const SDL = /* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY) {
    query: Query
  }
  type Query {
    me: Account
    account(id: ID!): Account @authenticated
  }
  type Account {
    id: ID!
    name: String
    friends: [Account!]
  }
`;
const schema = buildSchema(SDL.replace(/@authenticated|@link\([^)]*\)/g, ''));
const requirements = readAuthRequirements(SDL);
const someone: Claims = { sub: 'u', role: 'customer', scopes: [] };

/** `levels` fragments, each spreading the previous one `breadth` times: the bomb's shape. */
function bomb(levels: number, breadth: number): DocumentNode {
  const lines = ['fragment F0 on Query { __typename me { id } account(id: "1") { name } }'];
  for (let i = 1; i <= levels; i += 1) {
    lines.push(
      `fragment F${i} on Query { ${Array(breadth)
        .fill(`...F${i - 1}`)
        .join(' ')} }`,
    );
  }
  lines.push(`query { ...F${levels} }`);
  return parse(lines.join('\n'));
}

type Walk = 'limits' | 'cost' | 'authz' | 'authzAnonymous';

/** The selections each walk visits for one document (anonymous: with denials to record). */
function workOf(document: DocumentNode): Record<Walk, number> {
  const limits = { selections: 0 };
  validateLimits(document, { maxExpandedSelections: Number.MAX_SAFE_INTEGER }, limits);
  const cost = { selections: 0 };
  estimateCost(document, schema, NO_COST_INFO, {}, { work: cost });
  const authz = { selections: 0 };
  authorizeOperation({ document, schema, requirements, claims: someone, work: authz });
  const anonymous = { selections: 0 };
  authorizeOperation({ document, schema, requirements, claims: null, work: anonymous });
  return {
    limits: limits.selections,
    cost: cost.selections,
    authz: authz.selections,
    authzAnonymous: anonymous.selections,
  };
}

describe('work over nested fragment spreads', () => {
  it.each([
    ['nesting', [4, 8, 16], (n: number) => bomb(n, 2)],
    ['breadth', [2, 4, 8, 16], (n: number) => bomb(4, n)],
  ])('grows linearly with %s', (_what, sizes, make) => {
    // Small enough that an exponential walk still ends (2^16 expansions), and fails here.
    const works = sizes.map((n) => workOf(make(n)));
    for (const walk of ['limits', 'cost', 'authz', 'authzAnonymous'] as const) {
      const counts = works.map((w) => w[walk]);
      expect(counts[0]).toBeGreaterThan(0);
      // Doubling the document at most doubles the work (plus the fixed part).
      const growth = counts.slice(1).map((count, i) => count <= 2 * counts[i]! + 8);
      expect({ walk, counts, growth }).toEqual({ walk, counts, growth: growth.map(() => true) });
    }
  });

  it('counts the expanded selections of the 904-byte bomb and refuses it', () => {
    const source = [
      'fragment F0 on Query { __typename }',
      ...Array.from({ length: 22 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`),
      'query { ...F22 }',
    ].join('\n');
    const work = { selections: 0 };
    const [violation] = validateLimits(parse(source), {}, work);
    expect(violation).toMatchObject({ code: 'expandedSelections', actual: 2 ** 22, limit: 2000 });
    expect(work.selections).toBeLessThan(100);
  });
});
