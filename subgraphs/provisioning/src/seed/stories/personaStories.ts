import {
  OFFERING,
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PLACE,
  PERSONA_PROVISIONING as P,
  daysFrom,
} from '../../../../shared/seedIds';

/** One row to insert: column name to value. */
export type SeedRow = Record<string, unknown>;

/** The persona rows of every provisioning table. */
export interface PersonaStories {
  serviceOrders: SeedRow[];
  alerts: SeedRow[];
  milestones: SeedRow[];
  services: SeedRow[];
  equipment: SeedRow[];
  appointments: SeedRow[];
  statusChanges: SeedRow[];
}

/** Priya's install visit, rescheduled once, then completed. */
export const PRIYA_APPOINTMENT = 'apt-priya-install';

/** What the technician wrote when Priya's install was done. */
export const PRIYA_OUTCOME = 'Installed the ONT and the router; line tested at 300 Mbit/s.';

/** A moment `day` days (and `hour` hours) from the story anchor. */
type At = (day: number, hour?: number) => Date;

/** What the installer wrote when Dana's first visit failed. */
export const DANA_OUTCOME =
  'Could not wire the set-top box: the building needs rewiring. A rewiring specialist is required.';

const milestone = (id: string, soId: string, name: string, status: string, at: Date) => ({
  id,
  service_order_id: soId,
  name,
  status,
  at,
});

const statusChange = (
  id: string,
  aptId: string,
  status: string,
  at: Date,
  reason: string,
  window?: [Date, Date],
) => ({
  id,
  appointment_id: aptId,
  status,
  at,
  reason,
  window_start: window?.[0] ?? null,
  window_end: window?.[1] ?? null,
});

const router = (serial: string, serviceId: string) => ({
  serial_number: serial,
  service_id: serviceId,
  kind: 'ROUTER',
  model: 'Nokia Beacon 6',
});

/**
 * The persona stories, timed relative to `anchor`: Dana's held move, Priya's gigabit
 * order delivered at 300 Mbit/s, Sam's mobile line and Lee's internet.
 */
export function personaStories(anchor: Date): PersonaStories {
  const at: At = (day, hour = 0) => daysFrom(anchor, day + hour / 24);
  const dana = danaStory(at);
  const priya = priyaStory(at);
  const others = samAndLee(at);
  return {
    serviceOrders: [...dana.serviceOrders, ...priya.serviceOrders],
    alerts: dana.alerts,
    milestones: [...dana.milestones, ...priya.milestones],
    services: [...dana.services, ...priya.services, ...others.services],
    equipment: [...dana.equipment, ...priya.equipment, ...others.equipment],
    appointments: [...dana.appointments, ...priya.appointments],
    statusChanges: [...dana.statusChanges, ...priya.statusChanges],
  };
}

/**
 * Dana's move: the installer could not wire the box, and the next visit was booked as
 * a plain install with the same installer, though it needs rewiring.
 */
function danaStory(at: At): PersonaStories {
  const so = P.danaServiceOrder;
  const visit = {
    customer_id: PERSONA.dana,
    place_id: PERSONA_PLACE.danaNewHome,
    service_order_id: so,
    job_type: 'INSTALL',
    technician_id: P.installer,
  };
  return {
    serviceOrders: [
      {
        id: so,
        order_id: PERSONA_ORDER.danaMove,
        customer_id: PERSONA.dana,
        status: 'HELD',
        created_at: at(-6, 9),
      },
    ],
    alerts: [
      {
        id: 'jpa-dana-rewiring',
        service_order_id: so,
        name: 'Rewiring needed',
        raised_at: at(-2, 11),
        message:
          'The first install visit failed: the building must be rewired before the set-top box can be wired. The next visit needs a technician with the REWIRING skill.',
      },
    ],
    milestones: [
      milestone('ms-dana-received', so, 'Order received', 'reached', at(-6, 9)),
      milestone('ms-dana-booked', so, 'Install visit booked', 'reached', at(-5, 10)),
      milestone('ms-dana-first-visit', so, 'First install visit', 'missed', at(-2, 11)),
      milestone('ms-dana-rebooked', so, 'Second install visit booked', 'reached', at(-2, 13)),
    ],
    services: [
      {
        id: P.danaInternet,
        customer_id: PERSONA.dana,
        place_id: PERSONA_PLACE.danaNewHome,
        offering_id: OFFERING.internet300,
        status: 'RESERVED',
        delivery_method: 'TECHNICIAN_INSTALL',
        activated_at: null,
        service_order_id: so,
        created_at: at(-6, 9),
      },
    ],
    equipment: [router('RT-DANA-000001', P.danaInternet)],
    appointments: [
      {
        ...visit,
        id: P.danaFirstVisit,
        window_start: at(-2, 8),
        window_end: at(-2, 12),
        required_skills: ['INSTALL', 'SET_TOP_BOX_SETUP'],
        status: 'FAILED',
        outcome: DANA_OUTCOME,
      },
      {
        ...visit,
        id: P.danaSecondVisit,
        window_start: at(2, 8),
        window_end: at(2, 12),
        required_skills: ['INSTALL', 'REWIRING'],
        status: 'CONFIRMED',
        outcome: null,
      },
    ],
    statusChanges: [
      statusChange(
        'asc-dana-first-1',
        P.danaFirstVisit,
        'INITIALIZED',
        at(-5, 10),
        'Booked with the website order',
        [at(-2, 8), at(-2, 12)],
      ),
      statusChange(
        'asc-dana-first-2',
        P.danaFirstVisit,
        'CONFIRMED',
        at(-4, 9),
        'Technician assigned and confirmed with the customer',
      ),
      statusChange(
        'asc-dana-first-3',
        P.danaFirstVisit,
        'FAILED',
        at(-2, 11),
        'The building needs rewiring',
      ),
      statusChange(
        'asc-dana-second-1',
        P.danaSecondVisit,
        'INITIALIZED',
        at(-2, 13),
        'Rebooked after the failed first visit',
        [at(2, 8), at(2, 12)],
      ),
      statusChange(
        'asc-dana-second-2',
        P.danaSecondVisit,
        'CONFIRMED',
        at(-1, 9),
        'Confirmed with the customer by SMS',
      ),
    ],
  };
}

/** Priya ordered 1 Gbit/s; the visit (rescheduled once) activated the 300 Mbit/s tier. */
function priyaStory(at: At): PersonaStories {
  const so = P.priyaServiceOrder;
  const apt = PRIYA_APPOINTMENT;
  return {
    serviceOrders: [
      {
        id: so,
        order_id: PERSONA_ORDER.priyaGigabit,
        customer_id: PERSONA.priya,
        status: 'IN_PROGRESS',
        created_at: at(-5, 9),
      },
    ],
    alerts: [],
    milestones: [
      milestone('ms-priya-received', so, 'Order received', 'reached', at(-5, 9)),
      milestone('ms-priya-installed', so, 'Line installed', 'reached', at(-3, 11)),
      milestone('ms-priya-activated', so, 'Service activated', 'reached', at(-3, 12)),
    ],
    services: [
      {
        id: P.priyaInternet,
        customer_id: PERSONA.priya,
        place_id: PERSONA_PLACE.priya,
        offering_id: OFFERING.internet300,
        status: 'ACTIVE',
        delivery_method: 'TECHNICIAN_INSTALL',
        activated_at: at(-3, 12),
        service_order_id: so,
        created_at: at(-5, 9),
      },
    ],
    equipment: [
      {
        serial_number: 'ONT-PRIYA-000001',
        service_id: P.priyaInternet,
        kind: 'ONT',
        model: 'Nokia XS-010X-Q',
      },
      router('RT-PRIYA-000001', P.priyaInternet),
    ],
    appointments: [
      {
        id: apt,
        customer_id: PERSONA.priya,
        place_id: PERSONA_PLACE.priya,
        service_order_id: so,
        window_start: at(-3, 8),
        window_end: at(-3, 12),
        job_type: 'INSTALL',
        required_skills: ['INSTALL', 'FIBRE_SPLICING'],
        technician_id: 'tec-carla-mendes',
        status: 'COMPLETED',
        outcome: PRIYA_OUTCOME,
      },
    ],
    statusChanges: [
      statusChange('asc-priya-1', apt, 'INITIALIZED', at(-5, 10), 'Booked with the order', [
        at(-4, 8),
        at(-4, 12),
      ]),
      statusChange(
        'asc-priya-2',
        apt,
        'INITIALIZED',
        at(-5, 15),
        'Rescheduled: the customer asked for a day later',
        [at(-3, 8), at(-3, 12)],
      ),
      statusChange(
        'asc-priya-3',
        apt,
        'CONFIRMED',
        at(-4, 9),
        'Technician assigned and confirmed with the customer',
      ),
      statusChange('asc-priya-4', apt, 'COMPLETED', at(-3, 11), 'Installed and tested'),
    ],
  };
}

/** Sam's shipped SIM and Lee's long-installed internet: working services, no open work. */
function samAndLee(at: At): Pick<PersonaStories, 'services' | 'equipment'> {
  return {
    services: [
      {
        id: P.samMobile,
        customer_id: PERSONA.sam,
        place_id: null,
        offering_id: OFFERING.mobileBasic,
        status: 'ACTIVE',
        delivery_method: 'SHIPPING',
        activated_at: at(-300, 10),
        service_order_id: null,
        created_at: at(-303, 10),
      },
      {
        id: P.leeInternet,
        customer_id: PERSONA.lee,
        place_id: PERSONA_PLACE.lee,
        offering_id: OFFERING.internet300,
        status: 'ACTIVE',
        delivery_method: 'TECHNICIAN_INSTALL',
        activated_at: at(-55, 14),
        service_order_id: null,
        created_at: at(-58, 10),
      },
    ],
    equipment: [
      {
        serial_number: 'SIM-8944000000000321',
        service_id: P.samMobile,
        kind: 'SIM',
        model: 'Nano SIM 5G',
      },
      router('RT-LEE-000001', P.leeInternet),
    ],
  };
}
