import {
  caseFlags,
  channelCannotCompleteFlags,
  mergeFlags,
  repeatContactFlags,
  resumableConversationFlags,
  type SupportFacts,
} from '../../../subgraphs/support/src/modules/attention/rules';

const day = (n: number) => new Date(Date.UTC(2026, 10, 20 + n, 12));

function facts(partial: Partial<SupportFacts>): SupportFacts {
  return { contacts: [], openCases: [], conversations: [], inFlightOrderIds: [], ...partial };
}

const contact = (id: string, channel: string, topic: string, at: Date) => ({
  id,
  customer_id: 'cus-1',
  channel,
  topic,
  occurred_at: at,
});

describe('support attention rules', () => {
  it('raises REPEAT_CONTACT for two contacts about one subject, not for one or for general topics', () => {
    expect(
      repeatContactFlags(facts({ contacts: [contact('i1', 'CHAT', 'order:o1', day(0))] }), 7),
    ).toEqual([]);
    expect(
      repeatContactFlags(
        facts({
          contacts: [
            contact('i1', 'CHAT', 'general:billing', day(0)),
            contact('i2', 'PHONE', 'general:billing', day(1)),
          ],
        }),
        7,
      ),
    ).toEqual([]);
    const [flag, ...rest] = repeatContactFlags(
      facts({
        contacts: [
          contact('i1', 'CHAT', 'order:o1', day(0)),
          contact('i2', 'PHONE', 'order:o1', day(2)),
        ],
      }),
      7,
    );
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'REPEAT_CONTACT', subjectType: 'Order', subjectId: 'o1' });
    expect(flag!.message).toBe(
      '2 contacts in 2 days about order o1 (chat, the phone) within the last 7 days: resolve it in this contact.',
    );
  });

  it('raises CHANNEL_CANNOT_COMPLETE only while the order asked about is in flight', () => {
    const social = facts({
      contacts: [contact('i1', 'SOCIAL', 'order:o1', day(0))],
      inFlightOrderIds: ['o1'],
    });
    expect(channelCannotCompleteFlags(social)).toEqual([
      expect.objectContaining({
        code: 'CHANNEL_CANNOT_COMPLETE',
        subjectType: 'Interaction',
        subjectId: 'i1',
      }),
    ]);
    expect(channelCannotCompleteFlags({ ...social, inFlightOrderIds: [] })).toEqual([]);
    const phone = facts({
      contacts: [contact('i1', 'PHONE', 'order:o1', day(0))],
      inFlightOrderIds: ['o1'],
    });
    expect(channelCannotCompleteFlags(phone)).toEqual([]);
  });

  it('raises OPEN_CASE_ON_ACTIVE_ORDER and UNREAD_NOTES from open cases', () => {
    const openCase = {
      id: 'k1',
      customer_id: 'cus-1',
      order_id: 'o1',
      assignee_id: 'agt-sales-morgan',
      assignee_name: 'Morgan Price',
      last_viewed_at: day(-1),
      unread_notes: 2,
      unread_authors: ['Jordan Lee'],
    };
    expect(
      caseFlags(facts({ openCases: [openCase], inFlightOrderIds: ['o1'] })).map((f) => f.code),
    ).toEqual(['OPEN_CASE_ON_ACTIVE_ORDER', 'UNREAD_NOTES']);
    expect(
      caseFlags(facts({ openCases: [{ ...openCase, unread_notes: 0, unread_authors: [] }] })),
    ).toEqual([]);
  });

  it('raises RESUMABLE_CONVERSATION with the step it stopped at', () => {
    const [flag] = resumableConversationFlags(
      facts({
        conversations: [
          {
            id: 'c1',
            customer_id: 'cus-1',
            topic: 'plan-change',
            current_step: 3,
            total_steps: 4,
            step_name: 'confirm-details',
            last_channel: 'WEBSITE',
          },
        ],
      }),
    );
    expect(flag!.message).toBe(
      'The plan-change conversation stopped at step 3 of 4 (confirm-details) on the website: resume it where it stopped instead of starting over.',
    );
  });

  it('orders flags most severe first and drops codes nobody registered', () => {
    const merged = mergeFlags(
      [
        {
          code: 'REPEAT_CONTACT',
          severity: 'WARNING',
          message: 'm',
          subjectType: 'Order',
          subjectId: 'o1',
        },
      ],
      [
        {
          code: 'CONTACT_RESTRICTED',
          severity: 'INFO',
          message: 'm',
          subjectType: 'Customer',
          subjectId: 'c',
        },
        {
          code: 'DELIVERED_BELOW_ORDERED',
          severity: 'CRITICAL',
          message: 'm',
          subjectType: 'Order',
          subjectId: 'o2',
        },
        {
          code: 'MADE_UP',
          severity: 'CRITICAL',
          message: 'm',
          subjectType: 'Order',
          subjectId: 'o3',
        },
      ],
    );
    expect(merged.map((f) => f.code)).toEqual([
      'DELIVERED_BELOW_ORDERED',
      'REPEAT_CONTACT',
      'CONTACT_RESTRICTED',
    ]);
  });
});
