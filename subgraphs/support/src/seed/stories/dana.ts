import { PERSONA, PERSONA_ORDER, PERSONA_SUPPORT } from '../../../../shared/seedIds';
import { STORY_AGENT } from './agents';
import type { Story, StoryClock } from './story';

const FIRST_NOTE =
  'Customer moved to 1450 Valencia St and ordered internet, the Premium TV package and a set-top box on ' +
  'the website (ord-dana-move). The first install visit failed: the installer could not wire the set-top box ' +
  'and said the building needs a rewiring specialist. The rebooked visit is listed as a plain install with an ' +
  'installer again, so it will fail the same way unless the job type is changed to rewiring. Customer is ' +
  'frustrated: this is her third contact and she has taken time off work twice.';

const SECOND_NOTE =
  'She asked on social media whether streaming would avoid the rewiring and was told to call us. Checked the ' +
  'catalogue: the Premium TV package she ordered is set-top box only and does not support streaming. The ' +
  'streaming TV package has the same channels and needs no box or rewiring, so internet can be installed as ' +
  'normal. Suggested replacing the TV package with the streaming package; she agreed. Order changes are done ' +
  'by sales, so transferring her there. Please do not ask her to explain the story again.';

/** Dana Reyes at day four of her move: social reply, the call with Jordan, the transfer to sales. */
export function danaStory(at: StoryClock): Story {
  const customerId = PERSONA.dana;
  const topic = `order:${PERSONA_ORDER.danaMove}`;
  const caseId = PERSONA_SUPPORT.danaCase;
  return {
    conversations: [],
    cases: [
      {
        id: caseId,
        customerId,
        title: 'Install failed: rewiring needed; TV package to be replaced with streaming',
        status: 'IN_PROGRESS',
        priority: 'HIGH',
        channel: 'PHONE',
        openedAt: at(0, 9, 5),
        orderId: PERSONA_ORDER.danaMove,
        assignedTo: PERSONA_SUPPORT.salesRep,
        team: 'sales',
        appContext: null,
        conversationId: null,
        history: [
          ['ACKNOWLEDGED', at(0, 9, 5), 'Opened during the call about the failed install'],
          ['IN_PROGRESS', at(0, 9, 10), null],
        ],
        notes: [
          {
            id: 'note-dana-move-1',
            authorId: PERSONA_SUPPORT.careRep,
            at: at(0, 9, 10),
            body: FIRST_NOTE,
          },
          {
            id: 'note-dana-move-2',
            authorId: PERSONA_SUPPORT.careRep,
            at: at(0, 9, 20),
            body: SECOND_NOTE,
          },
        ],
        handoffs: [
          {
            id: 'hof-dana-move-1',
            from: PERSONA_SUPPORT.careRep,
            to: PERSONA_SUPPORT.salesRep,
            toTeam: 'sales',
            summary:
              'Replace TV package with streaming package; rebook install with rewiring specialist',
            at: at(0, 9, 25),
          },
        ],
      },
    ],
    interactions: [
      {
        id: 'int-dana-social-ask',
        customerId,
        channel: 'SOCIAL',
        direction: 'INBOUND',
        at: at(-1, 18, 0),
        summary: 'Asked whether streaming would avoid the rewiring',
        topic,
        agentId: null,
        appContext: null,
        caseId: null,
      },
      {
        id: 'int-dana-social-reply',
        customerId,
        channel: 'SOCIAL',
        direction: 'OUTBOUND',
        at: at(-1, 18, 20),
        summary: 'Told to call: social team cannot change orders',
        topic,
        agentId: STORY_AGENT.socialRep,
        appContext: null,
        caseId: null,
      },
      {
        id: 'int-dana-call',
        customerId,
        channel: 'PHONE',
        direction: 'INBOUND',
        at: at(0, 9, 0),
        summary:
          'Called about the failed install and whether streaming avoids the rewiring; transferred to sales',
        topic,
        agentId: PERSONA_SUPPORT.careRep,
        appContext: null,
        caseId,
      },
    ],
    views: [
      [PERSONA_SUPPORT.salesRep, customerId, at(-1, 10, 0)],
      [PERSONA_SUPPORT.careRep, customerId, at(0, 9, 0)],
    ],
  };
}
