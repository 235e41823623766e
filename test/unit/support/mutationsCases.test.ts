import { supportSubgraph } from '../../../subgraphs/support/src';
import {
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PROVISIONING,
  PERSONA_SUPPORT,
} from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';
import { counts, delta, eventsAbout, expectRejected, send } from './mutationsSupport';

interface Note {
  id: string;
  body: string;
  subjectType: string;
  subjectId: string;
  author: { id: string; name: string };
}

const ADD = `mutation ($input: AddNoteInput!) { addNote(input: $input) { id body subjectType subjectId author { id name } } }`;
const TRANSFER = `mutation ($input: TransferCaseInput!) { transferCase(input: $input) {
  id team assignedTo { id } latestHandoff { fromAgent { id } toAgent { id } toTeam summary } notes { id } } }`;
const VIEW = `mutation ($input: RecordCustomerViewInput!) { recordCustomerView(input: $input) { agent { id name } customer { id } viewedAt } }`;
const JORDAN = PERSONA_SUPPORT.careRep;
const MORGAN = PERSONA_SUPPORT.salesRep;

describe.each(testEngines())('support case, note and view mutations on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([supportSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  const addNote = (input: Record<string, unknown>) =>
    send<{ addNote: Note }>(stack, ADD, { input });

  describe('addNote', () => {
    it("writes a note on Dana's case by Jordan, with one note.added event", async () => {
      const before = await counts(stack);
      const result = await addNote({
        idempotencyKey: 'note-1',
        subjectId: PERSONA_SUPPORT.danaCase,
        body: 'Called back: rewiring booked.',
        actor: JORDAN,
      });
      expect(result.errors).toBeUndefined();
      const note = result.data!.addNote;
      expect(note).toMatchObject({
        body: 'Called back: rewiring booked.',
        subjectType: 'CASE',
        subjectId: PERSONA_SUPPORT.danaCase,
        author: { id: JORDAN, name: 'Jordan Lee' },
      });
      expect(delta(before, await counts(stack))).toEqual({ note: 1, outbox: 1, idempotency: 1 });
      expect(await eventsAbout(stack, note.id)).toEqual([
        {
          customer_id: PERSONA.dana,
          event_type: 'note.added',
          subject_type: 'Note',
          subject_id: note.id,
          summary: `Note by Jordan Lee on ${PERSONA_SUPPORT.danaCase}: Called back: rewiring booked.`,
          channel: 'PHONE',
          actor: JORDAN,
        },
      ]);
      const onCase = await stack.query<{ case: { notes: { id: string }[] } }>(
        'support',
        `{ case(id: "${PERSONA_SUPPORT.danaCase}") { notes { id } } }`,
      );
      expect(onCase.data?.case.notes[0]?.id).toBe(note.id);

      const replayBefore = await counts(stack);
      const replay = await addNote({
        idempotencyKey: 'note-1',
        subjectId: PERSONA_SUPPORT.danaCase,
        body: 'Called back: rewiring booked.',
        actor: JORDAN,
      });
      expect(replay.data?.addNote).toEqual(note);
      expect(await counts(stack)).toEqual(replayBefore);
    });

    it('writes notes on an order and an appointment for the customer given', async () => {
      const order = await addNote({
        idempotencyKey: 'note-ord',
        subjectId: PERSONA_ORDER.danaMove,
        customerId: PERSONA.dana,
        body: 'Box to be swapped.',
        actor: MORGAN,
        channel: 'STORE',
      });
      expect(order.data?.addNote).toMatchObject({
        subjectType: 'ORDER',
        subjectId: PERSONA_ORDER.danaMove,
      });
      expect((await eventsAbout(stack, order.data!.addNote.id))[0]).toMatchObject({
        customer_id: PERSONA.dana,
        channel: 'STORE',
        actor: MORGAN,
      });
      const apt = await addNote({
        idempotencyKey: 'note-apt',
        subjectId: PERSONA_PROVISIONING.danaSecondVisit,
        customerId: PERSONA.dana,
        body: 'Needs rewiring skill.',
        actor: JORDAN,
      });
      expect(apt.data?.addNote.subjectType).toBe('APPOINTMENT');
    });

    it('rejects bad notes with a specific code and writes nothing', async () => {
      const ok = {
        idempotencyKey: 'note-bad',
        subjectId: PERSONA_SUPPORT.danaCase,
        body: 'x',
        actor: JORDAN,
      };
      await addNote(ok);
      await expectRejected(stack, ADD, { input: { ...ok, body: 'y' } }, 'IDEMPOTENCY_KEY_REUSED');
      const fresh = { ...ok, idempotencyKey: 'note-bad-2' };
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, body: '  ' } },
        'BAD_USER_INPUT',
        /body/,
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, body: 'a'.repeat(10_001) } },
        'BAD_USER_INPUT',
        /10000/,
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, actor: null } },
        'BAD_USER_INPUT',
        /actor/,
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, actor: 'agt-nobody' } },
        'NOT_FOUND',
        /agt-nobody/,
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, subjectId: 'case-nope' } },
        'NOT_FOUND',
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, subjectId: 'xyz-1' } },
        'BAD_USER_INPUT',
        /subjectId/,
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, subjectId: PERSONA_ORDER.danaMove } },
        'BAD_USER_INPUT',
        /customerId is required/,
      );
      await expectRejected(
        stack,
        ADD,
        { input: { ...fresh, customerId: PERSONA.sam } },
        'BAD_USER_INPUT',
        /belongs to/,
      );
    });
  });

  describe('transferCase', () => {
    it("hands Priya's case to Morgan in sales with a summary the receiver sees", async () => {
      const before = await counts(stack);
      const result = await send<{ transferCase: unknown }>(stack, TRANSFER, {
        input: {
          caseId: PERSONA_SUPPORT.priyaCase,
          to: MORGAN,
          toTeam: 'sales',
          summary: 'Offer the 1 Gbit/s upgrade again',
          actor: JORDAN,
        },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.transferCase).toMatchObject({
        id: PERSONA_SUPPORT.priyaCase,
        team: 'sales',
        assignedTo: { id: MORGAN },
        latestHandoff: {
          fromAgent: { id: JORDAN },
          toAgent: { id: MORGAN },
          toTeam: 'sales',
          summary: 'Offer the 1 Gbit/s upgrade again',
        },
      });
      expect(delta(before, await counts(stack))).toEqual({ handoff: 1, outbox: 1 });
      expect((await eventsAbout(stack, PERSONA_SUPPORT.priyaCase)).at(-1)).toMatchObject({
        customer_id: PERSONA.priya,
        event_type: 'case.handed_off',
        subject_type: 'Case',
        summary:
          'Case handed off by Jordan Lee to Morgan Price (sales): Offer the 1 Gbit/s upgrade again',
        actor: JORDAN,
      });
    });

    it('replays a transfer retried with the same idempotency key: one handoff, one event, same answer', async () => {
      const input = {
        idempotencyKey: 'transfer-once',
        caseId: PERSONA_SUPPORT.samCase,
        to: MORGAN,
        toTeam: 'sales',
        summary: 'Quote the family plan',
        actor: JORDAN,
      };
      const before = await counts(stack);
      const first = await send<{ transferCase: unknown }>(stack, TRANSFER, { input });
      expect(first.errors).toBeUndefined();
      expect(first.data?.transferCase).toMatchObject({
        id: PERSONA_SUPPORT.samCase,
        assignedTo: { id: MORGAN },
        latestHandoff: { toTeam: 'sales', summary: 'Quote the family plan' },
      });
      const afterFirst = await counts(stack);
      expect(delta(before, afterFirst)).toEqual({ handoff: 1, outbox: 1, idempotency: 1 });
      // The same request with its fields in another order is the same request.
      const { summary, ...rest } = input;
      const retry = await send<{ transferCase: unknown }>(stack, TRANSFER, {
        input: { summary, ...rest },
      });
      expect(retry.errors).toBeUndefined();
      expect(retry.data).toEqual(first.data);
      expect(await counts(stack)).toEqual(afterFirst);
      const handedOff = (await eventsAbout(stack, PERSONA_SUPPORT.samCase)).filter(
        (e) => e.event_type === 'case.handed_off',
      );
      expect(handedOff).toHaveLength(1);
    });

    it('refuses a reused transfer key for another input, and a blank key, writing nothing', async () => {
      const input = {
        idempotencyKey: 'transfer-reuse',
        caseId: PERSONA_SUPPORT.danaCase,
        toTeam: 'care',
        summary: 'Check the move date',
        actor: JORDAN,
      };
      expect((await send(stack, TRANSFER, { input })).errors).toBeUndefined();
      const reused = { ...input, summary: 'Something else' };
      await expectRejected(stack, TRANSFER, { input: reused }, 'IDEMPOTENCY_KEY_REUSED');
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, to: MORGAN } },
        'IDEMPOTENCY_KEY_REUSED',
      );
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, idempotencyKey: ' ' } },
        'BAD_USER_INPUT',
        /idempotencyKey/,
      );
      // A refused transfer stores no key: after the fix, the same key does the transfer.
      const closed = { ...input, idempotencyKey: 'transfer-closed', caseId: 'case-lee-router' };
      await expectRejected(stack, TRANSFER, { input: closed }, 'INVALID_STATE_TRANSITION');
      const before = await counts(stack);
      const fixed = await send(stack, TRANSFER, {
        input: { ...closed, caseId: PERSONA_SUPPORT.danaCase },
      });
      expect(fixed.errors).toBeUndefined();
      expect(delta(before, await counts(stack))).toEqual({ handoff: 1, outbox: 1, idempotency: 1 });
    });

    it('rejects blank summaries, unknown cases and agents, and closed cases, writing nothing', async () => {
      const input = {
        caseId: PERSONA_SUPPORT.danaCase,
        to: MORGAN,
        toTeam: 'sales',
        summary: 'Swap TV',
        actor: JORDAN,
      };
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, summary: ' ' } },
        'BAD_USER_INPUT',
        /summary/,
      );
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, caseId: 'case-nope' } },
        'NOT_FOUND',
      );
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, to: 'agt-nobody' } },
        'NOT_FOUND',
        /agt-nobody/,
      );
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, actor: 'agt-ghost' } },
        'NOT_FOUND',
        /agt-ghost/,
      );
      await expectRejected(
        stack,
        TRANSFER,
        { input: { ...input, caseId: 'case-lee-router' } },
        'INVALID_STATE_TRANSITION',
        /RESOLVED/,
      );
    });
  });

  describe('recordCustomerView', () => {
    it('logs every view and answers lastViewedBy with the latest', async () => {
      const q = `{ _entities(representations: [{ __typename: "Customer", id: "${PERSONA.dana}" }]) { ... on Customer { m: lastViewedBy(agentId: "${MORGAN}") j: lastViewedBy(agentId: "agt-social-riley") } } }`;
      const before = await counts(stack);
      const first = await send<{ recordCustomerView: { viewedAt: string } }>(stack, VIEW, {
        input: { customerId: PERSONA.dana, agentId: MORGAN },
      });
      expect(first.data?.recordCustomerView).toMatchObject({
        agent: { id: MORGAN, name: 'Morgan Price' },
        customer: { id: PERSONA.dana },
      });
      // The two views at distinct instants: load only widens the gap.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await send<{ recordCustomerView: { viewedAt: string } }>(stack, VIEW, {
        input: { customerId: PERSONA.dana, agentId: MORGAN },
      });
      // Each view also records customer.view_logged, evicting only what the view log feeds.
      expect(delta(before, await counts(stack))).toEqual({ customer_view: 2, outbox: 2 });
      const logged = await stack.database.db.query<{ actor: string; payload: unknown }>(
        `SELECT actor, payload FROM support.outbox
          WHERE event_type = 'customer.view_logged' AND customer_id = $1`,
        [PERSONA.dana],
      );
      expect(logged).toEqual(
        Array.from({ length: 2 }, () => ({
          actor: MORGAN,
          payload: {
            invalidates: [
              `customer-views:${PERSONA.dana}`,
              `customer-views:${PERSONA.dana}:${MORGAN}`,
              `customer-unread:${PERSONA.dana}:${MORGAN}`,
            ],
            timeline: false,
          },
        })),
      );
      const statementsBefore = await stack.statements('support');
      const read = await stack.query<{ _entities: { m: string | null; j: string | null }[] }>(
        'support',
        q,
      );
      expect(read.data?._entities).toEqual([
        { m: second.data?.recordCustomerView.viewedAt, j: null },
      ]);
      expect((await stack.statements('support')) - statementsBefore).toBe(1);
      // `before` answers the last opening before an instant: the first view, not the second;
      // before the first, the seeded one (day three of Dana's story), older still.
      const firstAt = first.data?.recordCustomerView.viewedAt ?? '';
      const secondAt = second.data?.recordCustomerView.viewedAt ?? '';
      const earlier = await stack.query<{
        _entities: { m: string | null; older: string | null }[];
      }>(
        'support',
        `{ _entities(representations: [{ __typename: "Customer", id: "${PERSONA.dana}" }]) { ... on Customer { m: lastViewedBy(agentId: "${MORGAN}", before: "${secondAt}") older: lastViewedBy(agentId: "${MORGAN}", before: "${firstAt}") } } }`,
      );
      const [answer] = earlier.data?._entities ?? [];
      expect(answer?.m).toBe(firstAt);
      expect(Date.parse(answer?.older ?? '')).toBeLessThan(Date.parse(firstAt));
      await expectRejected(
        stack,
        VIEW,
        { input: { customerId: PERSONA.dana, agentId: 'agt-nobody' } },
        'NOT_FOUND',
      );
      await expectRejected(
        stack,
        VIEW,
        { input: { customerId: '', agentId: MORGAN } },
        'BAD_USER_INPUT',
      );
    });

    it('writes nothing, not even an event, when the view is already logged at that millisecond', async () => {
      // Every millisecond of the next 10 s already holds this view: the call is a replay.
      const start = new Date().toISOString();
      await stack.database.db.query(
        `INSERT INTO support.customer_view (agent_id, customer_id, viewed_at)
         SELECT $1, $2, date_trunc('milliseconds', $3::timestamptz) + g * interval '1 millisecond'
           FROM generate_series(0, 10000) AS g`,
        [MORGAN, PERSONA.sam, start],
      );
      try {
        const before = await counts(stack);
        const replay = await send<{ recordCustomerView: { viewedAt: string } }>(stack, VIEW, {
          input: { customerId: PERSONA.sam, agentId: MORGAN },
        });
        expect(replay.errors).toBeUndefined();
        expect(replay.data?.recordCustomerView).toMatchObject({
          agent: { id: MORGAN },
          customer: { id: PERSONA.sam },
          viewedAt: expect.any(String),
        });
        expect(await counts(stack)).toEqual(before);
      } finally {
        await stack.database.db.query(
          `DELETE FROM support.customer_view
            WHERE agent_id = $1 AND customer_id = $2 AND viewed_at >= $3`,
          [MORGAN, PERSONA.sam, start],
        );
      }
    });
  });
});
