import { provisioningSubgraph } from '../../../subgraphs/provisioning/src';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';
import {
  APPOINTMENT_FIELDS,
  at,
  codeOf,
  counts,
  eventsAbout,
  storedAppointment,
} from './mutationSupport';

const SLOTS = /* GraphQL */ `
  query ($input: AvailableSlotsInput!) {
    availableSlots(input: $input) {
      window {
        start
        end
      }
      technician {
        id
        name
      }
    }
  }
`;
const SCHEDULE = `mutation ($input: ScheduleAppointmentInput!) { scheduleAppointment(input: $input) { ${APPOINTMENT_FIELDS} } }`;
const RESCHEDULE = `mutation ($input: RescheduleAppointmentInput!) { rescheduleAppointment(input: $input) { ${APPOINTMENT_FIELDS} } }`;
const CANCEL = `mutation ($input: CancelAppointmentInput!) { cancelAppointment(input: $input) { ${APPOINTMENT_FIELDS} } }`;
const ASSIGN = `mutation ($input: AssignTechnicianInput!) { assignTechnician(input: $input) { ${APPOINTMENT_FIELDS} } }`;

interface Appointment {
  id: string;
  status: string;
  window: { start: string; end: string };
  technician: { id: string } | null;
  statusHistory: {
    status: string;
    reason: string | null;
    window: { start: string; end: string } | null;
  }[];
}
interface Slot {
  window: { start: string; end: string };
  technician: { id: string; name: string };
}

/** A valid booking for Carla on day 10, 08–12 UTC; override any field. */
const booking = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: 'book-carla-1',
  customerId: 'cus-000003',
  placeId: 'plc-000003',
  jobType: 'INSTALL',
  requiredSkills: ['INSTALL', 'FIBRE_SPLICING'],
  window: { start: at(10, 8), end: at(10, 12) },
  technicianId: 'tec-carla-mendes',
  actor: 'agt-rep-1',
  ...overrides,
});

describe.each(testEngines())('provisioning mutations on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([provisioningSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  const slots = async (input: Record<string, unknown>) =>
    stack.query<{ availableSlots: Slot[] }>('provisioning', SLOTS, { input });
  const schedule = (input: Record<string, unknown>) =>
    stack.query<{ scheduleAppointment: Appointment }>('provisioning', SCHEDULE, { input });
  const reschedule = (input: Record<string, unknown>) =>
    stack.query<{ rescheduleAppointment: Appointment }>('provisioning', RESCHEDULE, { input });
  const cancel = (input: Record<string, unknown>) =>
    stack.query<{ cancelAppointment: Appointment }>('provisioning', CANCEL, { input });
  const assign = (input: Record<string, unknown>) =>
    stack.query<{ assignTechnician: Appointment }>('provisioning', ASSIGN, { input });

  /** Runs `send`, expects error `code`, and checks no table gained or lost a row. */
  async function expectRejected(
    send: () => Promise<{ errors?: { message: string; extensions?: Record<string, unknown> }[] }>,
    code: string,
  ) {
    const before = await counts(stack);
    const result = await send();
    expect(codeOf(result)).toBe(code);
    expect(await counts(stack)).toEqual(before);
    return result.errors?.[0];
  }

  describe('availableSlots', () => {
    it('offers 08–12 and 13–17 windows per qualified technician, leaving out busy ones, in one statement', async () => {
      const before = await stack.statements('provisioning');
      const result = await slots({
        jobType: 'INSTALL',
        requiredSkills: ['INSTALL', 'SET_TOP_BOX_SETUP'],
        from: at(1, 0),
        days: 2,
      });
      expect(await stack.statements('provisioning')).toBe(before + 1);
      const seen = result.data?.availableSlots.map((s) => `${s.window.start} ${s.technician.id}`);
      // Ava is busy on day 2 08–12 with Dana's second visit; Ben and Farid are free.
      const all = ['tec-installer-ava', 'tec-rewiring-ben', 'tec-farid-haddad'];
      expect(seen).toEqual([
        ...all.map((t) => `${at(1, 8)} ${t}`),
        ...all.map((t) => `${at(1, 13)} ${t}`),
        ...all.slice(1).map((t) => `${at(2, 8)} ${t}`),
        ...all.map((t) => `${at(2, 13)} ${t}`),
      ]);
      expect(result.data?.availableSlots[0]).toEqual({
        window: { start: at(1, 8), end: at(1, 12) },
        technician: { id: 'tec-installer-ava', name: 'Ava Kim' },
      });
    });

    it('offers nothing in the past', async () => {
      const result = await slots({
        jobType: 'REPAIR',
        requiredSkills: [],
        from: at(-3, 0),
        days: 2,
      });
      expect(result).toEqual({ data: { availableSlots: [] }, extensions: { cacheTags: [] } });
    });

    it.each([0, 15])('rejects days = %i with BAD_USER_INPUT', async (days) => {
      const result = await slots({ jobType: 'REPAIR', requiredSkills: [], from: at(1, 0), days });
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toBe(`input.days must be 1 to 14, got ${days}`);
    });
  });

  describe('scheduleAppointment', () => {
    let booked: Appointment;

    it('books a confirmed visit with its history, a stored row and one event', async () => {
      const before = await counts(stack);
      const result = await schedule(booking());
      expect(result.errors).toBeUndefined();
      booked = result.data!.scheduleAppointment;
      expect(booked).toMatchObject({
        status: 'CONFIRMED',
        window: { start: at(10, 8), end: at(10, 12) },
        technician: { id: 'tec-carla-mendes' },
        statusHistory: [
          {
            status: 'INITIALIZED',
            reason: 'Booked',
            window: { start: at(10, 8), end: at(10, 12) },
          },
          { status: 'CONFIRMED', reason: 'Confirmed with Carla Mendes', window: null },
        ],
      });
      expect(booked.id).toMatch(/^apt-/);
      expect(await counts(stack)).toEqual({
        appointment: before.appointment + 1,
        appointment_status_change: before.appointment_status_change + 2,
        outbox: before.outbox + 1,
        idempotency: before.idempotency + 1,
      });
      expect(await storedAppointment(stack, booked.id)).toEqual({
        status: 'CONFIRMED',
        technician_id: 'tec-carla-mendes',
        window_start: new Date(at(10, 8)),
        window_end: new Date(at(10, 12)),
      });
      expect(await eventsAbout(stack, booked.id)).toEqual([
        {
          customer_id: 'cus-000003',
          event_type: 'appointment.booked',
          subject_type: 'Appointment',
          subject_id: booked.id,
          summary: `INSTALL visit booked for ${at(10, 8).slice(0, 10)} 08:00–12:00 UTC with Carla Mendes`,
          channel: null,
          actor: 'agt-rep-1',
        },
      ]);
    });

    it('answers a replay with the first booking and writes nothing', async () => {
      const before = await counts(stack);
      const replay = await schedule(booking());
      expect(replay.data?.scheduleAppointment).toEqual(booked);
      expect(await counts(stack)).toEqual(before);
    });

    it('takes the booked window out of availableSlots', async () => {
      const result = await slots({
        jobType: 'INSTALL',
        requiredSkills: ['FIBRE_SPLICING'],
        from: at(10, 0),
        days: 1,
      });
      expect(
        result.data?.availableSlots.map((s) => `${s.window.start} ${s.technician.id}`),
      ).toEqual(
        [
          `${at(10, 13)} tec-carla-mendes`,
          `${at(10, 8)} tec-grace-obi`,
          `${at(10, 13)} tec-grace-obi`,
        ].sort(),
      );
    });

    it('refuses the same key with a different input', async () => {
      const error = await expectRejected(
        () => schedule(booking({ window: { start: at(11, 8), end: at(11, 12) } })),
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(error?.message).toBe(
        'idempotency key "book-carla-1" was already used for a different scheduleAppointment request',
      );
    });

    it('refuses a window in the past with SLOT_IN_PAST', async () => {
      const window = { start: at(-1, 8), end: at(-1, 12) };
      const error = await expectRejected(
        () => schedule(booking({ idempotencyKey: 'k-past', window })),
        'SLOT_IN_PAST',
      );
      expect(error?.message).toBe(`the window starting ${at(-1, 8)} is in the past`);
    });

    it.each([
      ['ends before it starts', at(12, 12), at(12, 8)],
      ['is empty', at(12, 8), at(12, 8)],
      ['is shorter than an hour', at(12, 8), at(12, 8.5)],
      ['is longer than 8 hours', at(12, 8), at(12, 17)],
    ])('refuses a window that %s with BAD_USER_INPUT', async (_what, start, end) => {
      await expectRejected(
        () =>
          schedule(booking({ idempotencyKey: `k-shape-${start}-${end}`, window: { start, end } })),
        'BAD_USER_INPUT',
      );
    });

    it('refuses a technician lacking a required skill, naming it', async () => {
      const error = await expectRejected(
        () =>
          schedule(
            booking({
              idempotencyKey: 'k-hiro',
              technicianId: 'tec-hiro-sato',
              requiredSkills: ['INSTALL', 'REWIRING'],
            }),
          ),
        'TECHNICIAN_LACKS_SKILL',
      );
      expect(error?.message).toBe(
        'technician tec-hiro-sato (Hiro Sato) lacks the required skill REWIRING',
      );
      expect(error?.extensions?.missingSkills).toEqual(['REWIRING']);
    });

    it('refuses a technician busy in an overlapping window with SLOT_UNAVAILABLE', async () => {
      const window = { start: at(10, 11), end: at(10, 14) };
      await expectRejected(
        () => schedule(booking({ idempotencyKey: 'k-busy', window })),
        'SLOT_UNAVAILABLE',
      );
    });

    it('refuses an unknown technician or service order with NOT_FOUND', async () => {
      await expectRejected(
        () => schedule(booking({ idempotencyKey: 'k-nt', technicianId: 'tec-nobody' })),
        'NOT_FOUND',
      );
      await expectRejected(
        () => schedule(booking({ idempotencyKey: 'k-ns', serviceOrderId: 'so-nope' })),
        'NOT_FOUND',
      );
    });

    it('rescheduleAppointment moves the visit, adds history with the new window and one event', async () => {
      const before = await counts(stack);
      const input = {
        appointmentId: booked.id,
        window: { start: at(11, 13), end: at(11, 17) },
        reason: 'Customer asked for the afternoon',
        actor: 'customer',
      };
      const result = await reschedule(input);
      expect(result.data?.rescheduleAppointment.window).toEqual({
        start: at(11, 13),
        end: at(11, 17),
      });
      expect(result.data?.rescheduleAppointment.statusHistory.at(-1)).toEqual({
        status: 'CONFIRMED',
        reason: 'Customer asked for the afternoon',
        window: { start: at(11, 13), end: at(11, 17) },
      });
      expect(await counts(stack)).toEqual({
        ...before,
        appointment_status_change: before.appointment_status_change + 1,
        outbox: before.outbox + 1,
      });
      expect((await storedAppointment(stack, booked.id))?.window_start).toEqual(
        new Date(at(11, 13)),
      );
      const events = await eventsAbout(stack, booked.id);
      expect(events.map((e) => [e.event_type, e.actor])).toEqual([
        ['appointment.booked', 'agt-rep-1'],
        ['appointment.rescheduled', 'customer'],
      ]);
      expect(events[1]?.summary).toContain(
        'to ' + at(11, 13).slice(0, 10) + ' 13:00–17:00 UTC: Customer asked',
      );
      // A retry of the same move changes nothing.
      const retry = await reschedule(input);
      expect(retry.data?.rescheduleAppointment.window).toEqual(input.window);
      expect(await counts(stack)).toEqual({
        ...before,
        appointment_status_change: before.appointment_status_change + 1,
        outbox: before.outbox + 1,
      });
    });

    it('rescheduleAppointment rejects past, clashing, unknown, finished and malformed moves, writing nothing', async () => {
      const clash = await schedule(
        booking({ idempotencyKey: 'book-carla-2', window: { start: at(12, 8), end: at(12, 12) } }),
      );
      expect(clash.data?.scheduleAppointment.status).toBe('CONFIRMED');
      const move = (appointmentId: string, start: string, end: string) => () =>
        reschedule({ appointmentId, window: { start, end } });
      await expectRejected(move(booked.id, at(-1, 8), at(-1, 12)), 'SLOT_IN_PAST');
      await expectRejected(move(booked.id, at(12, 9), at(12, 11)), 'SLOT_UNAVAILABLE');
      await expectRejected(move('apt-nope', at(13, 8), at(13, 12)), 'NOT_FOUND');
      await expectRejected(
        move('apt-priya-install', at(13, 8), at(13, 12)),
        'INVALID_STATE_TRANSITION',
      );
      await expectRejected(move(booked.id, at(13, 8), at(13, 18)), 'BAD_USER_INPUT');
      expect((await storedAppointment(stack, booked.id))?.window_start).toEqual(
        new Date(at(11, 13)),
      );
    });

    it('cancelAppointment cancels once with history and one event, then refuses', async () => {
      const before = await counts(stack);
      const result = await cancel({ appointmentId: booked.id, reason: 'Customer moved away' });
      expect(result.data?.cancelAppointment.status).toBe('CANCELLED');
      expect(result.data?.cancelAppointment.statusHistory.at(-1)).toEqual({
        status: 'CANCELLED',
        reason: 'Customer moved away',
        window: null,
      });
      expect(await counts(stack)).toEqual({
        ...before,
        appointment_status_change: before.appointment_status_change + 1,
        outbox: before.outbox + 1,
      });
      expect((await storedAppointment(stack, booked.id))?.status).toBe('CANCELLED');
      const event = (await eventsAbout(stack, booked.id)).at(-1);
      expect(event).toMatchObject({
        event_type: 'appointment.cancelled',
        customer_id: 'cus-000003',
        actor: 'system',
      });
      expect(event?.summary).toMatch(/^Visit for .* cancelled: Customer moved away$/);
      const again = await expectRejected(
        () => cancel({ appointmentId: booked.id }),
        'INVALID_STATE_TRANSITION',
      );
      expect(again?.message).toContain('it is CANCELLED');
      await expectRejected(
        () => cancel({ appointmentId: 'apt-priya-install' }),
        'INVALID_STATE_TRANSITION',
      );
      await expectRejected(() => cancel({ appointmentId: 'apt-nope' }), 'NOT_FOUND');
      await expectRejected(
        () => assign({ appointmentId: booked.id, technicianId: 'tec-grace-obi' }),
        'INVALID_STATE_TRANSITION',
      );
    });
  });

  describe("assignTechnician on Dana's second visit", () => {
    const dana = 'apt-dana-second-visit';

    it.each([
      ['tec-installer-ava', 'Ava Kim'],
      ['tec-hiro-sato', 'Hiro Sato'],
    ])('refuses %s, who cannot rewire, and changes nothing', async (technicianId, name) => {
      const error = await expectRejected(
        () => assign({ appointmentId: dana, technicianId }),
        'TECHNICIAN_LACKS_SKILL',
      );
      expect(error?.message).toBe(
        `technician ${technicianId} (${name}) lacks the required skill REWIRING`,
      );
      expect((await storedAppointment(stack, dana))?.technician_id).toBe('tec-installer-ava');
    });

    it('refuses a rewiring technician who is busy then with SLOT_UNAVAILABLE', async () => {
      const elena = await schedule(
        booking({
          idempotencyKey: 'book-elena',
          technicianId: 'tec-elena-novak',
          requiredSkills: ['REWIRING'],
          window: { start: at(2, 9), end: at(2, 11) },
        }),
      );
      expect(elena.errors).toBeUndefined();
      await expectRejected(
        () => assign({ appointmentId: dana, technicianId: 'tec-elena-novak' }),
        'SLOT_UNAVAILABLE',
      );
    });

    it('assigns tec-rewiring-ben with one event; assigning him again writes nothing', async () => {
      const before = await counts(stack);
      const result = await assign({
        appointmentId: dana,
        technicianId: 'tec-rewiring-ben',
        actor: 'agt-rep-1',
      });
      expect(result.data?.assignTechnician).toMatchObject({
        id: dana,
        status: 'CONFIRMED',
        technician: { id: 'tec-rewiring-ben' },
      });
      expect((await storedAppointment(stack, dana))?.technician_id).toBe('tec-rewiring-ben');
      expect(await counts(stack)).toEqual({ ...before, outbox: before.outbox + 1 });
      expect(await eventsAbout(stack, dana)).toEqual([
        {
          customer_id: 'cus-dana-reyes',
          event_type: 'appointment.technician_assigned',
          subject_type: 'Appointment',
          subject_id: dana,
          summary: `Ben Ortiz assigned to the visit on ${at(2, 8).slice(0, 10)} 08:00–12:00 UTC`,
          channel: null,
          actor: 'agt-rep-1',
        },
      ]);
      const again = await assign({ appointmentId: dana, technicianId: 'tec-rewiring-ben' });
      expect(again.data?.assignTechnician.technician).toEqual({ id: 'tec-rewiring-ben' });
      expect(await counts(stack)).toEqual({ ...before, outbox: before.outbox + 1 });
    });
  });
});
