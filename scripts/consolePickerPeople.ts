import type { DevPerson } from '../gateway/src/pages/devTokenRoute';
import { PERSONA } from '../subgraphs/shared/seedIds';
import { NAMED_AGENTS } from '../subgraphs/support/src/seed/stories/agents';

/**
 * Who the console's development sign-in offers: the seeded reps (agents who may read
 * PII, as the tokens `npm start` prints) and the persona customers, acting as themselves.
 */
export function consolePickerPeople(): DevPerson[] {
  return [
    ...NAMED_AGENTS.map(([sub, name, team]) => ({
      sub,
      name,
      role: 'agent' as const,
      team,
      scopes: ['pii:read'],
    })),
    { sub: PERSONA.dana, name: 'Dana Reyes', role: 'customer' as const },
    { sub: PERSONA.sam, name: 'Sam Okafor', role: 'customer' as const },
    { sub: PERSONA.priya, name: 'Priya Nair', role: 'customer' as const },
    { sub: PERSONA.lee, name: 'Lee Chen', role: 'customer' as const },
  ];
}
