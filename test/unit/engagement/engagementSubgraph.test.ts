import { engagementSubgraph } from '../../../subgraphs/engagement/src';
import { PERSONA_SESSION } from '../../../subgraphs/engagement/src/seed';
import { PERSONA, generatedCustomerId } from '../../../subgraphs/shared/seedIds';
import { SEED_NOW } from '../../harness/seedClock';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';

const CUSTOMER_APP = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        inAppNow {
          screen
          function
          succeeded
          since
          session {
            id
            startedAt
          }
        }
        appSessions(first: 5) {
          id
          startedAt
          endedAt
          screens {
            position
            screen
            function
            succeeded
          }
        }
      }
    }
  }
`;

interface Presence {
  screen: string | null;
  function: string | null;
  succeeded: boolean | null;
  since: string;
  session: { id: string; startedAt: string };
}

interface Session {
  id: string;
  startedAt: string;
  endedAt: string | null;
  screens: {
    position: number;
    screen: string;
    function: string | null;
    succeeded: boolean | null;
  }[];
}

interface CustomerApp {
  id: string;
  inAppNow: Presence | null;
  appSessions: Session[];
}

const refs = (...ids: string[]) => ids.map((id) => ({ __typename: 'Customer', id }));

describe.each(oneEngine())('engagement subgraph on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([engagementSubgraph], { engine, seedCustomers: 12 });
  });
  afterAll(() => stack.stop());

  async function customers(...ids: string[]): Promise<(CustomerApp | null)[]> {
    const result = await stack.query<{ _entities: (CustomerApp | null)[] }>(
      'engagement',
      CUSTOMER_APP,
      { representations: refs(...ids) },
    );
    expect(result.errors).toBeUndefined();
    return result.data?._entities ?? [];
  }

  it('tells a rep Sam is in the app now, on the plan-change confirmation', async () => {
    const [sam] = await customers(PERSONA.sam);
    expect(sam?.inAppNow).toMatchObject({
      screen: 'plan-change/confirm',
      function: 'changePlan',
      succeeded: null,
      session: { id: PERSONA_SESSION.samNow },
    });
    // "Minutes ago" on the seed's clock (SEED_NOW), whenever this test runs.
    const since = Date.parse(sam?.inAppNow?.since ?? '');
    expect(SEED_NOW.getTime() - since).toBeGreaterThan(0);
    expect(SEED_NOW.getTime() - since).toBeLessThan(10 * 60_000);
    expect(sam?.appSessions.map((s) => s.id)).toEqual([
      PERSONA_SESSION.samNow,
      PERSONA_SESSION.samPlanChange,
      PERSONA_SESSION.samEarlier,
    ]);
    expect(sam?.appSessions[2]?.screens.map((s) => [s.position, s.screen, s.succeeded])).toEqual([
      [1, 'home', null],
      [2, 'plan-change/choose', null],
      [3, 'plan-change/confirm', false],
    ]);
  });

  it('answers null presence for a customer not in the app, and empty lists for one never in it', async () => {
    const [dana, third] = await customers(PERSONA.dana, generatedCustomerId(3));
    expect(dana?.inAppNow).toBeNull();
    expect(dana?.appSessions.map((s) => s.id)).toEqual([PERSONA_SESSION.danaAppointment]);
    expect(third).toEqual({ id: generatedCustomerId(3), inAppNow: null, appSessions: [] });
  });

  it('batches many customers into a fixed number of statements, answering in key order', async () => {
    const ids = Array.from({ length: 12 }, (_v, n) => generatedCustomerId(n + 1));
    const before = await stack.statements('engagement');
    const answered = await customers(...ids);
    expect((await stack.statements('engagement')) - before).toBeLessThanOrEqual(3);
    expect(answered.map((c) => c?.id)).toEqual(ids);
    // Customer c: c % 3 recent sessions, and one more before their 2024 contact when c % 4 = 1.
    expect(answered.map((c) => c?.appSessions.length)).toEqual(
      ids.map((_id, n) => ((n + 1) % 3) + ((n + 1) % 4 === 1 ? 1 : 0)),
    );
    const sessions = answered.flatMap((c) => c?.appSessions ?? []);
    expect(sessions.every((s) => s.screens.length === 2)).toBe(true);
  });

  it('hides another customer from a customer caller', async () => {
    const result = await stack.query<{ _entities: (CustomerApp | null)[] }>(
      'engagement',
      CUSTOMER_APP,
      { representations: refs(PERSONA.sam, PERSONA.dana) },
      { sub: PERSONA.dana, role: 'customer', scopes: [] },
    );
    expect(result.data?._entities[0]).toBeNull();
    expect(result.data?._entities[1]?.id).toBe(PERSONA.dana);
  });

  it('rejects a bad page size', async () => {
    const result = await stack.query(
      'engagement',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Customer {
              appSessions(first: 500) {
                id
              }
            }
          }
        }
      `,
      { representations: refs(PERSONA.sam) },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
