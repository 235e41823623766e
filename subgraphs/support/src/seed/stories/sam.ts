import { OFFERING, PERSONA, PERSONA_SUPPORT } from '../../../../shared/seedIds';
import type { AppContext } from '../../generated/graphql';
import type { Story, StoryClock } from './story';

/** What Sam was doing in the app when he asked for an agent. */
const ESCALATION_CONTEXT: AppContext = {
  screen: 'plan-change/confirm',
  step: 3,
  action: 'request-agent',
  entities: [OFFERING.mobilePlus],
  fields: [{ name: 'newPlan', value: OFFERING.mobilePlus }],
};

/** Sam Okafor: a plan change stopped at step 3 of 4, resumed on the website, then escalated in the app. */
export function samStory(at: StoryClock): Story {
  const customerId = PERSONA.sam;
  const conversationId = PERSONA_SUPPORT.samConversation;
  const caseId = PERSONA_SUPPORT.samCase;
  return {
    conversations: [
      {
        id: conversationId,
        customerId,
        status: 'INACTIVE',
        topic: 'plan-change',
        totalSteps: 4,
        steps: [
          { step: 1, name: 'choose-plan', channel: 'MOBILE_APP', at: at(-2, 19, 0), data: [] },
          {
            step: 2,
            name: 'review-plan',
            channel: 'MOBILE_APP',
            at: at(-2, 19, 3),
            data: [{ name: 'newPlan', value: OFFERING.mobilePlus }],
          },
          { step: 3, name: 'confirm-details', channel: 'WEBSITE', at: at(-1, 20, 0), data: [] },
        ],
      },
    ],
    cases: [
      {
        id: caseId,
        customerId,
        title: 'Needs help confirming a plan change to Mobile Plus',
        status: 'ACKNOWLEDGED',
        priority: 'NORMAL',
        channel: 'MOBILE_APP',
        openedAt: at(0, 8, 15),
        orderId: null,
        assignedTo: null,
        team: 'care',
        appContext: ESCALATION_CONTEXT,
        conversationId,
        history: [['ACKNOWLEDGED', at(0, 8, 15), 'Requested a live agent from the app']],
        notes: [],
        handoffs: [],
      },
    ],
    interactions: [
      {
        // Resuming on the website is also a contact on another channel than the app:
        // engagement links it to the app attempt that failed the evening before.
        // (Its topic is general so it does not count as a repeat contact.)
        id: 'int-sam-website-resume',
        customerId,
        channel: 'WEBSITE',
        direction: 'INBOUND',
        at: at(-1, 20, 0),
        summary: 'Resumed the plan change to Mobile Plus on the website at confirm details',
        topic: 'general:plan',
        agentId: null,
        appContext: null,
        caseId: null,
      },
      {
        id: 'int-sam-app-escalation',
        customerId,
        channel: 'MOBILE_APP',
        direction: 'INBOUND',
        at: at(0, 8, 15),
        summary: 'Asked for a live agent while confirming the plan change to Mobile Plus',
        topic: `conversation:${conversationId}`,
        agentId: null,
        appContext: ESCALATION_CONTEXT,
        caseId,
      },
    ],
    views: [],
  };
}
