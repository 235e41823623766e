import type { Database, Queryable } from '../../../shared/db';
import {
  generatedContactAtSql,
  generatedCustomerIdSql,
  storyAnchor,
} from '../../../shared/seedIds';
import type { SeedOptions } from '../../../shared/subgraphDefinition';
import { NAMED_AGENTS } from './stories/agents';
import { PERSONA_STORIES } from './stories';
import { insertStory } from './stories/insertStory';
import { storyClock } from './stories/story';
import { seedTimelineEvents } from './events';

/** How many generated agents (`agt-000001`…) handle the generated customers. */
export const GENERATED_AGENTS = 8;

const GIVEN = ['Avery', 'Bailey', 'Cameron', 'Devon', 'Elliot', 'Frankie', 'Hayden', 'Jamie'];
const TEAMS = ['care', 'sales', 'technical'];

/**
 * Seeds agents, the four persona stories and, for each of `options.customers`
 * generated customers, an interaction and (every fifth) an open case with two notes.
 * Idempotent: every row has a fixed key and is inserted only when missing.
 */
export async function seedSupport(db: Database, options: SeedOptions): Promise<void> {
  const now = options.now ?? new Date();
  const at = storyClock(storyAnchor(now), now);
  await db.transaction(async (tx) => {
    await seedAgents(tx);
    for (const story of PERSONA_STORIES) await insertStory(tx, story(at));
    await seedGenerated(tx, options.customers);
    await seedTimelineEvents(tx, at, options.customers);
  });
}

async function seedAgents(tx: Queryable): Promise<void> {
  await tx.query(
    `INSERT INTO support.agent (id, name, team)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     UNION ALL
     SELECT ${agentIdSql('i')}, ($5::text[])[i] || ' Agent', ($6::text[])[1 + i % 3]
       FROM generate_series(1, $4::int) AS i
     ON CONFLICT (id) DO NOTHING`,
    [
      NAMED_AGENTS.map(([id]) => id),
      NAMED_AGENTS.map(([, name]) => name),
      NAMED_AGENTS.map(([, , team]) => team),
      GENERATED_AGENTS,
      GIVEN,
      TEAMS,
    ],
  );
}

/** SQL for the id of generated agent number `n` (1-based), e.g. `agt-000003`. */
function agentIdSql(n: string): string {
  return `'agt-' || lpad((${n})::text, 6, '0')`;
}

/** SQL for the id of the open case of generated customer `n`, e.g. `case-000005`. */
function caseIdSql(n: string): string {
  return `'case-' || lpad((${n})::text, 6, '0')`;
}

const CHANNELS = ['PHONE', 'CHAT', 'WEBSITE', 'MOBILE_APP', 'EMAIL'];
const THEMES = ['billing', 'outage', 'plan', 'moving'];
const SUMMARIES = [
  'Asked why the last bill was higher than usual',
  'Reported the internet dropping several times a day',
  'Asked which plans include more mobile data',
  'Asked how to move service to a new address',
];
const TITLES = [
  'Bill higher than usual',
  'Internet drops several times a day',
  'Wants a plan with more mobile data',
  'Moving service to a new address',
];
const BASE = generatedContactAtSql('i');
const SERIES = 'FROM generate_series(1, $1::int) AS i';

/**
 * Generated customer i: one inbound interaction (channel by i % 5); for i % 5 = 0 an open
 * case `case-00000i` (PHONE) with two notes; for i % 7 = 0 also a case resolved long ago
 * (`case-00000i-closed`). Set-based: one statement per table.
 */
async function seedGenerated(tx: Queryable, count: number): Promise<void> {
  if (count === 0) return;
  const customer = generatedCustomerIdSql('i');
  const agent = (n: string) => agentIdSql(`1 + (${n}) % ${GENERATED_AGENTS}`);
  await tx.query(
    `INSERT INTO support."case" (id, customer_id, title, status, priority, channel, opened_at, updated_at, assigned_to, team)
     SELECT ${caseIdSql('i')}, ${customer}, ($2::text[])[1 + i % 4],
            CASE WHEN i % 10 = 0 THEN 'ACKNOWLEDGED' ELSE 'IN_PROGRESS' END,
            (ARRAY['LOW', 'NORMAL', 'HIGH', 'URGENT'])[1 + (i / 5) % 4], 'PHONE',
            ${BASE} + interval '5 minutes', ${BASE} + interval '25 minutes', ${agent('i')}, 'care'
       ${SERIES} WHERE i % 5 = 0
     UNION ALL
     SELECT ${caseIdSql('i')} || '-closed', ${customer}, 'Question about an old invoice', 'RESOLVED', 'LOW', 'EMAIL',
            ${BASE} - interval '180 days', ${BASE} - interval '178 days', ${agent('i + 1')}, 'care'
       ${SERIES} WHERE i % 7 = 0
     ON CONFLICT (id) DO NOTHING`,
    [count, TITLES],
  );
  await tx.query(
    `INSERT INTO support.case_status_change (id, case_id, customer_id, status, reason, at)
     SELECT c.id || '-status-' || s.n, c.id, c.customer_id, s.status, NULL, s.at
       FROM support."case" c
       CROSS JOIN LATERAL (VALUES (1, 'ACKNOWLEDGED', c.opened_at), (2, c.status, c.updated_at)) AS s(n, status, at)
      WHERE c.id ~ '^case-[0-9]{6}' AND (s.n = 1 OR c.status <> 'ACKNOWLEDGED')
     ON CONFLICT (id) DO NOTHING`,
  );
  await tx.query(
    `INSERT INTO support.note (id, customer_id, subject_type, subject_id, body, author_id, channel, created_at)
     SELECT ${caseIdSql('i')} || '-note-' || n, ${customer}, 'CASE', ${caseIdSql('i')},
            CASE n WHEN 1 THEN 'Checked the account about "' || ($2::text[])[1 + i % 4] || '" and explained the options.'
                   ELSE 'Follow-up: customer confirmed the next steps; waiting on the back office.' END,
            ${agent('i + 3 * (n - 1)')}, 'PHONE', ${BASE} + n * interval '10 minutes'
       ${SERIES} CROSS JOIN generate_series(1, 2) AS n WHERE i % 5 = 0
     ON CONFLICT (id) DO NOTHING`,
    [count, TITLES],
  );
  await tx.query(
    `INSERT INTO support.interaction (id, customer_id, channel, direction, occurred_at, summary, topic, agent_id, case_id)
     SELECT 'int-' || lpad(i::text, 6, '0'), ${customer}, ($2::text[])[1 + i % 5], 'INBOUND', ${BASE},
            ($3::text[])[1 + i % 4], 'general:' || ($4::text[])[1 + i % 4],
            CASE WHEN i % 5 IN (0, 1) THEN ${agent('i')} END,
            CASE WHEN i % 5 = 0 THEN ${caseIdSql('i')} END
       ${SERIES} ON CONFLICT (id) DO NOTHING`,
    [count, CHANNELS, SUMMARIES, THEMES],
  );
}
