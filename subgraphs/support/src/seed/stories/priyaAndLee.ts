import {
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PROVISIONING,
  PERSONA_SUPPORT,
} from '../../../../shared/seedIds';
import { STORY_AGENT } from './agents';
import type { InteractionSeed, Story, StoryClock } from './story';

/** Lee's one case, resolved long ago. */
export const LEE_CASE = 'case-lee-router';

/** Priya Nair: three contacts in five days about getting 300 Mbit/s instead of 1 Gbit/s. */
export function priyaStory(at: StoryClock): Story {
  const customerId = PERSONA.priya;
  const caseId = PERSONA_SUPPORT.priyaCase;
  const contact = (
    id: string,
    channel: 'CHAT' | 'PHONE',
    when: Date,
    summary: string,
    agentId: string | null,
    linked: boolean,
  ): InteractionSeed => ({
    id,
    customerId,
    channel,
    direction: 'INBOUND',
    at: when,
    summary,
    topic: `order:${PERSONA_ORDER.priyaGigabit}`,
    agentId,
    appContext: null,
    caseId: linked ? caseId : null,
  });
  return {
    conversations: [],
    cases: [
      {
        id: caseId,
        customerId,
        title: 'Getting 300 Mbit/s instead of the 1 Gbit/s ordered',
        status: 'IN_PROGRESS',
        priority: 'HIGH',
        channel: 'PHONE',
        openedAt: at(-3, 14, 10),
        orderId: PERSONA_ORDER.priyaGigabit,
        assignedTo: STORY_AGENT.technician,
        team: 'technical',
        appContext: null,
        conversationId: null,
        history: [
          ['ACKNOWLEDGED', at(-3, 14, 10), 'Opened on her second contact about the speed'],
          ['IN_PROGRESS', at(-2, 9, 0), 'Line test requested'],
        ],
        notes: [
          {
            id: 'note-priya-speed-1',
            authorId: STORY_AGENT.careRep2,
            at: at(-3, 14, 20),
            body:
              'Speed tests from the customer show about 300 Mbit/s. The order is for the 1 Gbit/s tier, but the line ' +
              'appears to be provisioned on the 300 Mbit/s profile. Asked technical to check the service profile ' +
              `of ${PERSONA_PROVISIONING.priyaInternet} against the order before anyone visits.`,
          },
        ],
        handoffs: [],
      },
    ],
    interactions: [
      contact(
        'int-priya-chat-1',
        'CHAT',
        at(-5, 11, 0),
        'Getting 300 Mbit/s instead of the 1 Gbit/s ordered; told to restart the router',
        null,
        false,
      ),
      contact(
        'int-priya-call',
        'PHONE',
        at(-3, 14, 0),
        'Still getting 300 Mbit/s instead of the 1 Gbit/s ordered after restarting; case opened',
        STORY_AGENT.careRep2,
        true,
      ),
      contact(
        'int-priya-chat-2',
        'CHAT',
        at(-1, 16, 30),
        'Third contact: still getting 300 Mbit/s instead of the 1 Gbit/s ordered, asked for an update',
        null,
        true,
      ),
    ],
    views: [],
  };
}

/** Lee Chen: one router case resolved long ago, and the call that opened it. */
export function leeStory(at: StoryClock): Story {
  const customerId = PERSONA.lee;
  return {
    conversations: [],
    cases: [
      {
        id: LEE_CASE,
        customerId,
        title: 'Router restarts every night',
        status: 'RESOLVED',
        priority: 'NORMAL',
        channel: 'PHONE',
        openedAt: at(-50, 0, 30),
        orderId: null,
        assignedTo: PERSONA_SUPPORT.careRep,
        team: 'care',
        appContext: null,
        conversationId: null,
        history: [
          ['ACKNOWLEDGED', at(-50, 0, 30), null],
          ['IN_PROGRESS', at(-50, 0, 35), null],
          ['RESOLVED', at(-48, 1, 0), 'Firmware updated remotely; no restarts for two nights'],
        ],
        notes: [],
        handoffs: [],
      },
    ],
    interactions: [
      {
        id: 'int-lee-call',
        customerId,
        channel: 'PHONE',
        direction: 'INBOUND',
        at: at(-50, 0, 30),
        summary: 'Router restarts every night around 2am',
        topic: `service:${PERSONA_PROVISIONING.leeInternet}`,
        agentId: PERSONA_SUPPORT.careRep,
        appContext: null,
        caseId: LEE_CASE,
      },
    ],
    views: [],
  };
}
