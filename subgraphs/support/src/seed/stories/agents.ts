import { PERSONA_SUPPORT } from '../../../../shared/seedIds';

/** Agents the persona stories refer to, beside the two in {@link PERSONA_SUPPORT}. */
export const STORY_AGENT = {
  socialRep: 'agt-social-riley',
  careRep2: 'agt-care-sasha',
  technician: 'agt-tech-noor',
} as const;

/** The named agents, as [id, name, team]. */
export const NAMED_AGENTS: [id: string, name: string, team: string][] = [
  [PERSONA_SUPPORT.careRep, 'Jordan Lee', 'care'],
  [PERSONA_SUPPORT.salesRep, 'Morgan Price', 'sales'],
  [STORY_AGENT.socialRep, 'Riley Park', 'social'],
  [STORY_AGENT.careRep2, 'Sasha Ivanova', 'care'],
  [STORY_AGENT.technician, 'Noor Haddad', 'technical'],
];
