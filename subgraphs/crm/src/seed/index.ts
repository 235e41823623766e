import type { Database, Queryable } from '../../../shared/db';
import type { SeedOptions } from '../../../shared/subgraphDefinition';
import {
  PERSONA,
  PERSONA_PLACE,
  daysFrom,
  generatedCustomerIdSql,
  generatedPlaceIdSql,
  storyAnchor,
} from '../../../shared/seedIds';

interface PersonaSeed {
  id: string;
  given: string;
  family: string;
  account: string;
  createdDaysAgo: number;
  contacts: [kind: string, value: string, primary: boolean][];
  places: { id: string; line1: string; city: string; postcode: string; country: string }[];
  preferences: { channel: string | null; language: string; quiet?: [string, string, string] };
  consents: [purpose: string, granted: boolean, channels: string[]][];
}

/** The four personas of DOMAIN.md, as the CRM knows them. */
const PERSONAS: PersonaSeed[] = [
  {
    id: PERSONA.dana,
    given: 'Dana',
    family: 'Reyes',
    account: 'ACC-100234',
    createdDaysAgo: 900,
    contacts: [
      ['PHONE', '+14155550134', true],
      ['EMAIL', 'dana.reyes@example.com', true],
      ['SOCIAL', 'dana_reyes', true],
    ],
    places: [
      {
        id: PERSONA_PLACE.danaNewHome,
        line1: '1450 Valencia St',
        city: 'San Francisco',
        postcode: '94110',
        country: 'US',
      },
      {
        id: PERSONA_PLACE.danaOldHome,
        line1: '88 Clement St',
        city: 'San Francisco',
        postcode: '94118',
        country: 'US',
      },
    ],
    preferences: { channel: 'PHONE', language: 'en-US' },
    consents: [
      ['SERVICE_NOTIFICATIONS', true, []],
      ['MARKETING', true, ['EMAIL']],
    ],
  },
  {
    id: PERSONA.sam,
    given: 'Sam',
    family: 'Okafor',
    account: 'ACC-100871',
    createdDaysAgo: 400,
    contacts: [
      ['PHONE', '+442079460321', true],
      ['EMAIL', 'sam.okafor@example.com', true],
      ['APP_DEVICE', 'ios-7f3a9c21', true],
    ],
    places: [
      {
        id: PERSONA_PLACE.sam,
        line1: '21 Brick Lane',
        city: 'London',
        postcode: 'E1 6PU',
        country: 'GB',
      },
    ],
    preferences: { channel: 'MOBILE_APP', language: 'en-GB' },
    consents: [
      ['SERVICE_NOTIFICATIONS', true, []],
      ['MARKETING', false, []],
    ],
  },
  {
    id: PERSONA.priya,
    given: 'Priya',
    family: 'Nair',
    account: 'ACC-100552',
    createdDaysAgo: 120,
    contacts: [
      ['PHONE', '+12125550187', true],
      ['EMAIL', 'priya.nair@example.com', true],
      ['SOCIAL', 'priyanair', true],
    ],
    places: [
      {
        id: PERSONA_PLACE.priya,
        line1: '350 W 42nd St, Apt 12B',
        city: 'New York',
        postcode: '10036',
        country: 'US',
      },
    ],
    preferences: { channel: 'CHAT', language: 'en-US' },
    consents: [['SERVICE_NOTIFICATIONS', true, []]],
  },
  {
    id: PERSONA.lee,
    given: 'Lee',
    family: 'Chen',
    account: 'ACC-100913',
    createdDaysAgo: 60,
    contacts: [
      ['PHONE', '+61255501234', true],
      ['EMAIL', 'lee.chen@example.com', true],
    ],
    places: [
      {
        id: PERSONA_PLACE.lee,
        line1: '12 Crown St',
        city: 'Surry Hills',
        postcode: '2010',
        country: 'AU',
      },
    ],
    preferences: {
      channel: 'SMS',
      language: 'en-AU',
      quiet: ['21:00', '08:00', 'Australia/Sydney'],
    },
    consents: [
      ['MARKETING', false, []],
      ['SERVICE_NOTIFICATIONS', true, ['SMS']],
    ],
  },
];

/**
 * Seeds the personas and `options.customers` generated customers. Idempotent: every
 * row has a fixed id and is inserted only when missing, in one transaction.
 */
export async function seedCrm(db: Database, options: SeedOptions): Promise<void> {
  const anchor = storyAnchor(options.now);
  await db.transaction(async (tx) => {
    for (const persona of PERSONAS) await seedPersona(tx, persona, anchor);
    await seedGenerated(tx, options.customers);
  });
}

async function seedPersona(tx: Queryable, p: PersonaSeed, anchor: Date): Promise<void> {
  await tx.query(
    `INSERT INTO crm.customer (id, given_name, family_name, status, segment, account_number, created_at)
     VALUES ($1, $2, $3, 'ACTIVE', 'CONSUMER', $4, $5) ON CONFLICT (id) DO NOTHING`,
    [p.id, p.given, p.family, p.account, daysFrom(anchor, -p.createdDaysAgo)],
  );
  for (const [kind, value, primary] of p.contacts) {
    await tx.query(
      `INSERT INTO crm.contact_point (kind, value, customer_id, is_primary, verified)
       VALUES ($1, $2, $3, $4, true) ON CONFLICT (kind, value) DO NOTHING`,
      [kind, value, p.id, primary],
    );
  }
  for (const [position, place] of p.places.entries()) {
    await tx.query(
      `INSERT INTO crm.place (id, line1, city, postcode, country) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING`,
      [place.id, place.line1, place.city, place.postcode, place.country],
    );
    await tx.query(
      `INSERT INTO crm.customer_place (customer_id, place_id, position) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [p.id, place.id, position],
    );
  }
  const [quietStart, quietEnd, zone] = p.preferences.quiet ?? [null, null, null];
  await tx.query(
    `INSERT INTO crm.preferences (customer_id, preferred_channel, language, quiet_start, quiet_end, quiet_time_zone)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id) DO NOTHING`,
    [p.id, p.preferences.channel, p.preferences.language, quietStart, quietEnd, zone],
  );
  for (const [purpose, granted, channels] of p.consents) {
    await tx.query(
      `INSERT INTO crm.consent (customer_id, purpose, granted, channels, updated_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [p.id, purpose, granted, channels, daysFrom(anchor, -p.createdDaysAgo)],
    );
  }
}

const GIVEN = [
  'Alex',
  'Blake',
  'Casey',
  'Drew',
  'Emery',
  'Finley',
  'Gray',
  'Harper',
  'Indy',
  'Jordan',
  'Kai',
  'Logan',
  'Morgan',
  'Noa',
  'Oakley',
  'Parker',
  'Quinn',
  'Riley',
  'Sage',
  'Taylor',
];
const FAMILY = [
  'Adams',
  'Brooks',
  'Chavez',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nguyen',
  'Olsen',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Weber',
];

/**
 * Generated customers `cus-000001`… with a home, a phone (`+1 212 2xx xxxx`, unique
 * per customer), an email and default preferences. Set-based SQL, so 10,000 or more
 * take one statement per table.
 */
async function seedGenerated(tx: Queryable, count: number): Promise<void> {
  if (count === 0) return;
  const id = generatedCustomerIdSql('i');
  const place = generatedPlaceIdSql('i');
  const series = 'FROM generate_series(1, $1::int) AS i';
  await tx.query(
    `INSERT INTO crm.customer (id, given_name, family_name, status, segment, account_number, created_at)
     SELECT ${id}, ($2::text[])[1 + i % 20], ($3::text[])[1 + (i * 7) % 20],
            CASE WHEN i % 50 = 0 THEN 'PROSPECT' ELSE 'ACTIVE' END,
            CASE WHEN i % 10 = 0 THEN 'SMALL_BUSINESS' ELSE 'CONSUMER' END,
            'ACC-' || lpad((200000 + i)::text, 7, '0'),
            timestamptz '2024-01-01T00:00:00Z' + i * interval '1 minute'
     ${series} ON CONFLICT (id) DO NOTHING`,
    [count, GIVEN, FAMILY],
  );
  await tx.query(
    `INSERT INTO crm.contact_point (kind, value, customer_id, is_primary, verified)
     SELECT 'PHONE', '+1212' || (200 + i / 10000)::text || lpad((i % 10000)::text, 4, '0'), ${id}, true, true
     ${series}
     UNION ALL
     SELECT 'EMAIL', 'customer' || i || '@example.net', ${id}, true, i % 3 <> 0 ${series}
     ON CONFLICT (kind, value) DO NOTHING`,
    [count],
  );
  await tx.query(
    `INSERT INTO crm.place (id, line1, city, postcode, country)
     SELECT ${place}, (1 + i % 900) || ' Market St', 'Springfield', lpad((10000 + i % 89999)::text, 5, '0'), 'US'
     ${series} ON CONFLICT (id) DO NOTHING`,
    [count],
  );
  await tx.query(
    `INSERT INTO crm.customer_place (customer_id, place_id, position)
     SELECT ${id}, ${place}, 0 ${series} ON CONFLICT DO NOTHING`,
    [count],
  );
  await tx.query(
    `INSERT INTO crm.consent (customer_id, purpose, granted, updated_at)
     SELECT ${id}, 'SERVICE_NOTIFICATIONS', true, timestamptz '2024-01-01T00:00:00Z' ${series}
     ON CONFLICT DO NOTHING`,
    [count],
  );
}
