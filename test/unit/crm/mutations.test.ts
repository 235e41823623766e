import { crmSubgraph } from '../../../subgraphs/crm/src';
import { PERSONA } from '../../../subgraphs/shared/seedIds';
import {
  startTestSubgraphs,
  type GraphQLResponse,
  type TestSubgraphs,
} from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';

const CUSTOMER_FIELDS = /* GraphQL */ `
  id
  contactPoints { kind value isPrimary verified }
  preferences { preferredChannel language quietHours { start end timeZone } }
  consents { purpose granted channels updatedAt }
`;

const UPDATE_PREFERENCES = /* GraphQL */ `
  mutation ($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { ${CUSTOMER_FIELDS} } }
`;
const UPDATE_CONSENT = /* GraphQL */ `
  mutation ($input: UpdateConsentInput!) { updateConsent(input: $input) { ${CUSTOMER_FIELDS} } }
`;
const ADD_CONTACT_POINT = /* GraphQL */ `
  mutation ($input: AddContactPointInput!) { addContactPoint(input: $input) { ${CUSTOMER_FIELDS} } }
`;

interface OutboxRow {
  customer_id: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  summary: string;
  channel: string | null;
  actor: string | null;
  payload: Record<string, unknown>;
}

describe.each(testEngines())('crm mutations on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  const sql = <R extends object>(text: string, params: unknown[] = []) =>
    stack.database.db.query<R>(text, params);

  /** Everything a mutation may write, so a rejection can be shown to write nothing. */
  async function snapshot(): Promise<unknown> {
    return {
      contactPoints: await sql('SELECT * FROM crm.contact_point ORDER BY kind, value'),
      preferences: await sql('SELECT * FROM crm.preferences ORDER BY customer_id'),
      consents: await sql('SELECT * FROM crm.consent ORDER BY customer_id, purpose'),
      outbox: await sql('SELECT id FROM crm.outbox ORDER BY id'),
      idempotency: await sql('SELECT scope, key FROM crm.idempotency ORDER BY scope, key'),
    };
  }

  async function events(customerId: string, type: string): Promise<OutboxRow[]> {
    return sql<OutboxRow>(
      `SELECT customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload
         FROM crm.outbox WHERE customer_id = $1 AND event_type = $2 ORDER BY occurred_at, id`,
      [customerId, type],
    );
  }

  async function expectRejected(
    mutation: string,
    input: Record<string, unknown>,
    code: string,
    message: RegExp,
  ): Promise<GraphQLResponse> {
    const before = await snapshot();
    const result = await stack.query('crm', mutation, { input });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
    return result;
  }

  describe('updatePreferences', () => {
    const input = {
      customerId: PERSONA.sam,
      preferredChannel: 'SMS',
      language: 'fr-ca',
      quietHours: { start: '22:00', end: '07:30', timeZone: 'europe/london' },
      actor: 'agt-maria',
    };

    it('stores canonical preferences and records one event', async () => {
      const result = await stack.query<{ updatePreferences: { preferences: unknown } }>(
        'crm',
        UPDATE_PREFERENCES,
        { input },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.updatePreferences.preferences).toEqual({
        preferredChannel: 'SMS',
        language: 'fr-CA',
        quietHours: { start: '22:00', end: '07:30', timeZone: 'Europe/London' },
      });
      expect(
        await sql('SELECT * FROM crm.preferences WHERE customer_id = $1', [PERSONA.sam]),
      ).toEqual([
        expect.objectContaining({
          preferred_channel: 'SMS',
          language: 'fr-CA',
          quiet_start: '22:00',
          quiet_end: '07:30',
          quiet_time_zone: 'Europe/London',
        }),
      ]);
      expect(await events(PERSONA.sam, 'customer.preferences_updated')).toEqual([
        {
          customer_id: PERSONA.sam,
          event_type: 'customer.preferences_updated',
          subject_type: 'Customer',
          subject_id: PERSONA.sam,
          summary:
            'Contact preferences updated: SMS, language fr-CA, quiet 22:00–07:30 Europe/London',
          channel: null,
          actor: 'agt-maria',
          payload: {
            preferredChannel: 'SMS',
            language: 'fr-CA',
            quietHours: { start: '22:00', end: '07:30', timeZone: 'Europe/London' },
          },
        },
      ]);
    });

    it('is safe to retry: the same preferences again write nothing', async () => {
      const before = await snapshot();
      const result = await stack.query('crm', UPDATE_PREFERENCES, { input });
      expect(result.errors).toBeUndefined();
      expect(await snapshot()).toEqual(before);
    });

    it('clears quiet hours with null, defaulting the actor to system', async () => {
      const result = await stack.query<{ updatePreferences: { preferences: unknown } }>(
        'crm',
        UPDATE_PREFERENCES,
        {
          input: {
            customerId: PERSONA.lee,
            preferredChannel: null,
            language: 'en-AU',
            quietHours: null,
          },
        },
      );
      expect(result.data?.updatePreferences.preferences).toEqual({
        preferredChannel: null,
        language: 'en-AU',
        quietHours: null,
      });
      const [event] = await events(PERSONA.lee, 'customer.preferences_updated');
      expect(event?.actor).toBe('system');
      expect(event?.summary).toBe(
        'Contact preferences updated: no preferred channel, language en-AU, no quiet hours',
      );
    });

    it.each([
      [{ customerId: 'cus-nobody' }, 'NOT_FOUND', /no customer has id "cus-nobody"/],
      [
        { quietHours: { start: '25:00', end: '07:00', timeZone: 'UTC' } },
        'BAD_USER_INPUT',
        /quietHours.start "25:00" is not a 24-hour HH:MM/,
      ],
      [
        { quietHours: { start: '22:00', end: '7:00', timeZone: 'UTC' } },
        'BAD_USER_INPUT',
        /quietHours.end "7:00"/,
      ],
      [
        { quietHours: { start: '22:00', end: '22:00', timeZone: 'UTC' } },
        'BAD_USER_INPUT',
        /must differ/,
      ],
      [
        { quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } },
        'BAD_USER_INPUT',
        /"Mars\/Olympus" is not an IANA time zone/,
      ],
      [{ language: 'not a tag!' }, 'BAD_USER_INPUT', /language "not a tag!" is not a BCP 47/],
      [{ actor: '  ' }, 'BAD_USER_INPUT', /actor must be 1 to 100 characters/],
    ])('rejects %j with %s and writes nothing', async (change, code, message) => {
      await expectRejected(
        UPDATE_PREFERENCES,
        { ...input, language: 'de-DE', ...change },
        code,
        message,
      );
    });
  });

  describe('updateConsent', () => {
    const input = {
      customerId: PERSONA.sam,
      purpose: 'MARKETING',
      granted: true,
      channels: ['SMS', 'EMAIL', 'SMS'],
      actor: 'customer',
    };

    it('upserts the decision, stamps updatedAt and records one event', async () => {
      const before = await sql<{ updated_at: Date }>(
        "SELECT updated_at FROM crm.consent WHERE customer_id = $1 AND purpose = 'MARKETING'",
        [PERSONA.sam],
      );
      const result = await stack.query<{ updateConsent: { consents: { purpose: string }[] } }>(
        'crm',
        UPDATE_CONSENT,
        { input },
      );
      expect(result.errors).toBeUndefined();
      const marketing = result.data?.updateConsent.consents.find((c) => c.purpose === 'MARKETING');
      expect(marketing).toEqual({
        purpose: 'MARKETING',
        granted: true,
        channels: ['EMAIL', 'SMS'],
        updatedAt: expect.any(String) as unknown,
      });
      const [row] = await sql<{ granted: boolean; channels: string[]; updated_at: Date }>(
        "SELECT granted, channels, updated_at FROM crm.consent WHERE customer_id = $1 AND purpose = 'MARKETING'",
        [PERSONA.sam],
      );
      expect(row?.granted).toBe(true);
      expect(row?.channels).toEqual(['EMAIL', 'SMS']);
      expect(row!.updated_at.getTime()).toBeGreaterThan(before[0]!.updated_at.getTime());
      expect(await events(PERSONA.sam, 'customer.consent_updated')).toEqual([
        expect.objectContaining({
          subject_type: 'Customer',
          subject_id: PERSONA.sam,
          summary: 'Consent to MARKETING granted for EMAIL, SMS',
          actor: 'customer',
          payload: { purpose: 'MARKETING', granted: true, channels: ['EMAIL', 'SMS'] },
        }),
      ]);
    });

    it('inserts a purpose the customer had no entry for', async () => {
      const result = await stack.query('crm', UPDATE_CONSENT, {
        input: { customerId: PERSONA.priya, purpose: 'SURVEYS', granted: false },
      });
      expect(result.errors).toBeUndefined();
      expect(
        await sql(
          "SELECT granted, channels FROM crm.consent WHERE customer_id = $1 AND purpose = 'SURVEYS'",
          [PERSONA.priya],
        ),
      ).toEqual([{ granted: false, channels: [] }]);
      const [event] = await events(PERSONA.priya, 'customer.consent_updated');
      expect(event?.summary).toBe('Consent to SURVEYS refused on every channel');
    });

    it('is safe to retry: the same decision again writes nothing', async () => {
      const before = await snapshot();
      const result = await stack.query('crm', UPDATE_CONSENT, {
        input: { ...input, channels: ['EMAIL', 'SMS'] },
      });
      expect(result.errors).toBeUndefined();
      expect(await snapshot()).toEqual(before);
    });

    it('rejects an unknown customer with NOT_FOUND and writes nothing', async () => {
      await expectRejected(
        UPDATE_CONSENT,
        { ...input, customerId: 'cus-nobody' },
        'NOT_FOUND',
        /no customer has id "cus-nobody"/,
      );
    });
  });

  describe('addContactPoint', () => {
    const input = {
      idempotencyKey: 'add-dana-phone-1',
      customerId: PERSONA.dana,
      kind: 'PHONE',
      value: '(415) 555-0199',
      actor: 'agt-maria',
    };

    it('stores the normalised value, findable by customerByIdentifier, with one event', async () => {
      const result = await stack.query<{ addContactPoint: { contactPoints: unknown[] } }>(
        'crm',
        ADD_CONTACT_POINT,
        { input },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.addContactPoint.contactPoints).toContainEqual({
        kind: 'PHONE',
        value: '+14155550199',
        isPrimary: false,
        verified: false,
      });
      const lookup = await stack.query(
        'crm',
        '{ customerByIdentifier(kind: PHONE, value: "415-555-0199") { id } }',
      );
      expect(lookup.data).toEqual({ customerByIdentifier: { id: PERSONA.dana } });
      expect(await events(PERSONA.dana, 'customer.contact_point_added')).toEqual([
        {
          customer_id: PERSONA.dana,
          event_type: 'customer.contact_point_added',
          subject_type: 'Customer',
          subject_id: PERSONA.dana,
          // Masked: every reader of the timeline reads it, with or without `pii:read`.
          summary: 'phone number +1••••••••99 added',
          channel: null,
          actor: 'agt-maria',
          payload: { kind: 'PHONE', value: '+14155550199', isPrimary: false },
        },
      ]);
    });

    it('replays the same key with the first result and writes nothing', async () => {
      const before = await snapshot();
      const first = await stack.query('crm', ADD_CONTACT_POINT, { input });
      const again = await stack.query('crm', ADD_CONTACT_POINT, {
        input: { ...input, value: '+1 415 555 0199' },
      });
      expect(first.errors).toBeUndefined();
      expect(again).toEqual(first);
      expect(await snapshot()).toEqual(before);
    });

    it('rejects the key reused for a different value with IDEMPOTENCY_KEY_REUSED', async () => {
      await expectRejected(
        ADD_CONTACT_POINT,
        { ...input, value: '(415) 555-0100' },
        'IDEMPOTENCY_KEY_REUSED',
        /"add-dana-phone-1" was already used/,
      );
    });

    it("rejects Dana's phone for Sam with IDENTIFIER_CONFLICT, never naming Dana", async () => {
      const result = await expectRejected(
        ADD_CONTACT_POINT,
        {
          idempotencyKey: 'sam-gets-dana-phone',
          customerId: PERSONA.sam,
          kind: 'PHONE',
          value: '415.555.0134',
        },
        'IDENTIFIER_CONFLICT',
        /^this phone number already belongs to another customer$/,
      );
      expect(JSON.stringify(result)).not.toContain('dana');
      expect(result.errors?.[0]?.extensions).toMatchObject({ kind: 'PHONE' });
    });

    it.each([
      [
        { kind: 'ACCOUNT_NUMBER', value: 'ACC-999999' },
        'BAD_USER_INPUT',
        /account numbers are not contact points/,
      ],
      [{ value: 'call me maybe' }, 'BAD_USER_INPUT', /not a valid phone number/],
      [{ customerId: 'cus-nobody' }, 'NOT_FOUND', /no customer has id "cus-nobody"/],
      [{ idempotencyKey: ' ' }, 'BAD_USER_INPUT', /idempotencyKey must not be empty/],
    ])('rejects %j with %s and writes nothing', async (change, code, message) => {
      await expectRejected(
        ADD_CONTACT_POINT,
        { ...input, idempotencyKey: 'rejected-add', value: '(415) 555-0177', ...change },
        code,
        message,
      );
    });

    it('returns the customer unchanged when they already hold the value', async () => {
      const before = await snapshot();
      const result = await stack.query('crm', ADD_CONTACT_POINT, {
        input: {
          idempotencyKey: 'dana-own-email',
          customerId: PERSONA.dana,
          kind: 'EMAIL',
          value: 'Dana.Reyes@Example.com',
        },
      });
      expect(result.errors).toBeUndefined();
      const after = (await snapshot()) as Record<string, unknown>;
      const { idempotency: _ignored, ...rest } = after;
      const { idempotency: _ignoredBefore, ...restBefore } = before as Record<string, unknown>;
      expect(rest).toEqual(restBefore);
    });

    it('demotes the previous primary of that kind when isPrimary', async () => {
      const result = await stack.query<{ addContactPoint: { contactPoints: { kind: string }[] } }>(
        'crm',
        ADD_CONTACT_POINT,
        {
          input: {
            idempotencyKey: 'sam-new-email',
            customerId: PERSONA.sam,
            kind: 'EMAIL',
            value: 'Sam@Okafor.example',
            isPrimary: true,
          },
        },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.addContactPoint.contactPoints.filter((p) => p.kind === 'EMAIL')).toEqual([
        { kind: 'EMAIL', value: 'sam@okafor.example', isPrimary: true, verified: false },
        { kind: 'EMAIL', value: 'sam.okafor@example.com', isPrimary: false, verified: true },
      ]);
      const [event] = await events(PERSONA.sam, 'customer.contact_point_added');
      expect(event?.summary).toBe('Primary email address s•••@okafor.example added');
      expect(event?.summary).not.toContain('sam@okafor.example');
    });
  });
});
