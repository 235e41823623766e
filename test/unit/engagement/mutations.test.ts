import { engagementSubgraph } from '../../../subgraphs/engagement/src';
import { PERSONA } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { defaultEngine } from '../../harness/testDatabase';

const START = /* GraphQL */ `
  mutation ($input: StartAppSessionInput!) {
    startAppSession(input: $input) {
      id
      endedAt
      customer {
        id
      }
    }
  }
`;

const SCREEN = /* GraphQL */ `
  mutation ($sessionId: ID!, $screen: String!, $function: String, $succeeded: Boolean) {
    recordScreen(
      sessionId: $sessionId
      screen: $screen
      function: $function
      succeeded: $succeeded
    ) {
      position
      screen
      function
      succeeded
    }
  }
`;

const END = /* GraphQL */ `
  mutation ($sessionId: ID!) {
    endAppSession(sessionId: $sessionId) {
      id
      endedAt
    }
  }
`;

const PRESENCE = /* GraphQL */ `
  query ($id: ID!) {
    _entities(representations: [{ __typename: "Customer", id: $id }]) {
      ... on Customer {
        inAppNow {
          screen
          succeeded
          session {
            id
          }
        }
      }
    }
  }
`;

interface OutboxRow {
  event_type: string;
  subject_id: string;
  summary: string;
  actor: string | null;
}

describe('engagement mutations', () => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([engagementSubgraph], {
      engine: defaultEngine(),
      seedCustomers: 3,
    });
  });
  afterAll(() => stack.stop());

  const lee = { sub: PERSONA.lee, role: 'customer' as const, scopes: [] };
  const input = {
    idempotencyKey: 'lee-open-1',
    customerId: PERSONA.lee,
    deviceId: 'dev-lee-pixel',
    platform: 'ANDROID',
    appVersion: '5.12.0',
  };

  it('records a session from start to end, shows presence meanwhile and writes the events', async () => {
    const started = await stack.query<{ startAppSession: { id: string } }>(
      'engagement',
      START,
      { input },
      lee,
    );
    expect(started.errors).toBeUndefined();
    const sessionId = started.data?.startAppSession.id ?? '';
    const replay = await stack.query<{ startAppSession: { id: string } }>(
      'engagement',
      START,
      { input },
      lee,
    );
    expect(replay.data?.startAppSession.id).toBe(sessionId);

    const visits = [
      { screen: 'home' },
      { screen: 'roaming/enable', function: 'enableRoaming', succeeded: false },
    ];
    for (const visit of visits) {
      const result = await stack.query('engagement', SCREEN, { sessionId, ...visit }, lee);
      expect(result.errors).toBeUndefined();
    }
    const present = await stack.query<{ _entities: { inAppNow: unknown }[] }>(
      'engagement',
      PRESENCE,
      {
        id: PERSONA.lee,
      },
    );
    expect(present.data?._entities[0]?.inAppNow).toEqual({
      screen: 'roaming/enable',
      succeeded: false,
      session: { id: sessionId },
    });

    const ended = await stack.query<{ endAppSession: { endedAt: string | null } }>(
      'engagement',
      END,
      { sessionId },
      lee,
    );
    expect(ended.data?.endAppSession.endedAt).toEqual(expect.any(String));
    const again = await stack.query('engagement', END, { sessionId }, lee);
    expect(again.errors).toBeUndefined();
    const gone = await stack.query<{ _entities: { inAppNow: unknown }[] }>('engagement', PRESENCE, {
      id: PERSONA.lee,
    });
    expect(gone.data?._entities[0]?.inAppNow).toBeNull();

    const late = await stack.query('engagement', SCREEN, { sessionId, screen: 'home' }, lee);
    expect(late.errors?.[0]?.extensions?.code).toBe('INVALID_STATE_TRANSITION');

    const events = await stack.database.db.query<OutboxRow>(
      `SELECT event_type, subject_id, summary, actor FROM engagement.outbox
        WHERE subject_id = $1 AND event_type <> 'app.screen_recorded'
        ORDER BY occurred_at, event_type DESC`,
      [sessionId],
    );
    expect(events).toEqual([
      expect.objectContaining({ event_type: 'app.session_started', actor: 'customer' }),
      expect.objectContaining({
        event_type: 'app.session_ended',
        summary: 'Closed the app after 2 screen(s); failed: enableRoaming',
      }),
    ]);
    // Each screen recorded (and only those: not the one refused after the end) wrote an
    // event that evicts the customer in every gateway and stays off the timeline.
    const screens = await stack.database.db.query<OutboxRow & { payload: unknown }>(
      `SELECT event_type, subject_id, summary, actor, payload FROM engagement.outbox
        WHERE subject_id = $1 AND event_type = 'app.screen_recorded'
        ORDER BY (payload->>'position')::int`,
      [sessionId],
    );
    expect(screens).toEqual([
      {
        event_type: 'app.screen_recorded',
        subject_id: sessionId,
        summary: 'On home in the app',
        actor: 'customer',
        payload: {
          invalidates: [`customer:${PERSONA.lee}`],
          timeline: false,
          position: 1,
          screen: 'home',
          function: null,
          succeeded: null,
        },
      },
      {
        event_type: 'app.screen_recorded',
        subject_id: sessionId,
        summary: 'On roaming/enable in the app',
        actor: 'customer',
        payload: {
          invalidates: [`customer:${PERSONA.lee}`],
          timeline: false,
          position: 2,
          screen: 'roaming/enable',
          function: 'enableRoaming',
          succeeded: false,
        },
      },
    ]);
  });

  it('refuses a customer acting for another, an unknown session, and a reused key', async () => {
    const other = await stack.query(
      'engagement',
      START,
      { input: { ...input, idempotencyKey: 'x', customerId: PERSONA.sam } },
      lee,
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await stack.query('engagement', END, { sessionId: 'ses-nope' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const reused = await stack.query(
      'engagement',
      START,
      { input: { ...input, deviceId: 'other' } },
      lee,
    );
    expect(reused.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
