import type { Database, Queryable } from '../../../shared/db';
import { PERSONA_PROVISIONING, storyAnchor } from '../../../shared/seedIds';
import type { SeedOptions } from '../../../shared/subgraphDefinition';
import type { Skill } from '../generated/graphql';
import { personaStories, type SeedRow } from './stories/personaStories';
import { seedGenerated } from './generated';
import { recordEvent } from '../../../shared/outbox';
import { personaEvents, seedGeneratedEvents } from './events';

/**
 * The technicians: Ava, an installer who cannot rewire; Ben, who can; and six more
 * that generated appointments are shared between. Every one of them can INSTALL.
 */
export const TECHNICIANS: readonly { id: string; name: string; skills: Skill[] }[] = [
  { id: PERSONA_PROVISIONING.installer, name: 'Ava Kim', skills: ['INSTALL', 'SET_TOP_BOX_SETUP'] },
  {
    id: PERSONA_PROVISIONING.rewiringSpecialist,
    name: 'Ben Ortiz',
    skills: ['INSTALL', 'REWIRING', 'SET_TOP_BOX_SETUP'],
  },
  { id: 'tec-carla-mendes', name: 'Carla Mendes', skills: ['INSTALL', 'FIBRE_SPLICING'] },
  { id: 'tec-dev-patel', name: 'Dev Patel', skills: ['INSTALL', 'REPAIR'] },
  { id: 'tec-elena-novak', name: 'Elena Novak', skills: ['INSTALL', 'REWIRING', 'REPAIR'] },
  {
    id: 'tec-farid-haddad',
    name: 'Farid Haddad',
    skills: ['INSTALL', 'SET_TOP_BOX_SETUP', 'REPAIR'],
  },
  { id: 'tec-grace-obi', name: 'Grace Obi', skills: ['INSTALL', 'FIBRE_SPLICING', 'REPAIR'] },
  { id: 'tec-hiro-sato', name: 'Hiro Sato', skills: ['INSTALL'] },
];

/**
 * Seeds the technicians, the persona stories and `options.customers` generated
 * customers' services and visits, with their history as unpublished outbox events
 * (appointment.booked/failed/…, service.activated). Idempotent: every row has a fixed
 * id and is inserted only when missing, in one transaction.
 */
export async function seedProvisioning(db: Database, options: SeedOptions): Promise<void> {
  const anchor = storyAnchor(options.now);
  const stories = personaStories(anchor);
  const technicians = TECHNICIANS.map((technician, n) => ({
    ...technician,
    // Fixed joining dates keep the technician list in the same order on every seed.
    created_at: new Date(Date.UTC(2023, 0, 1 + n)),
  }));
  await db.transaction(async (tx) => {
    await insertRows(tx, 'technician', technicians);
    await insertRows(tx, 'service_order', stories.serviceOrders);
    await insertRows(tx, 'jeopardy_alert', stories.alerts);
    await insertRows(tx, 'milestone', stories.milestones);
    await insertRows(tx, 'service', stories.services);
    await insertRows(tx, 'equipment', stories.equipment);
    await insertRows(tx, 'appointment', stories.appointments);
    await insertRows(tx, 'appointment_status_change', stories.statusChanges);
    await seedGenerated(
      tx,
      options.customers,
      TECHNICIANS.map((technician) => technician.id),
      anchor,
    );
    for (const event of personaEvents(anchor)) await recordEvent(tx, 'provisioning', event);
    await seedGeneratedEvents(tx, options.customers);
  });
}

/** Inserts each row (columns named by its keys) into a provisioning table unless present. */
async function insertRows(tx: Queryable, table: string, rows: readonly SeedRow[]): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row);
    const placeholders = columns.map((_column, n) => `$${n + 1}`);
    await tx.query(
      `INSERT INTO provisioning.${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
       ON CONFLICT DO NOTHING`,
      Object.values(row),
    );
  }
}
