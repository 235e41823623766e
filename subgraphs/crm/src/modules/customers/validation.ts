import { badUserInput } from '../../../../shared/errors';
import type { QuietHoursInput } from '../../generated/graphql';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const MAX_ACTOR_LENGTH = 100;

/** Quiet hours as stored: validated times and the canonical IANA zone name. */
export interface QuietHoursValue {
  start: string;
  end: string;
  timeZone: string;
}

/**
 * Checks quiet hours: both times `HH:MM` (24-hour), not equal, and a time zone that
 * `Intl.DateTimeFormat` knows. Returns them with the zone in its canonical spelling.
 */
export function validQuietHours(input: QuietHoursInput): QuietHoursValue {
  for (const field of ['start', 'end'] as const) {
    if (!HH_MM.test(input[field])) {
      throw badUserInput(
        `quietHours.${field} ${JSON.stringify(input[field])} is not a 24-hour HH:MM time (00:00 to 23:59)`,
        `input.quietHours.${field}`,
      );
    }
  }
  if (input.start === input.end) {
    throw badUserInput(
      `quietHours.start and quietHours.end are both ${input.start}; they must differ`,
      'input.quietHours.end',
    );
  }
  return { start: input.start, end: input.end, timeZone: canonicalTimeZone(input.timeZone) };
}

function canonicalTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw badUserInput(
      `quietHours.timeZone ${JSON.stringify(timeZone)} is not an IANA time zone (e.g. Europe/London)`,
      'input.quietHours.timeZone',
    );
  }
}

/** A BCP 47 language tag in canonical form (`fr-ca` → `fr-CA`); BAD_USER_INPUT if invalid. */
export function canonicalLanguage(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw badUserInput(
    `language ${JSON.stringify(tag)} is not a BCP 47 language tag (e.g. en-US)`,
    'input.language',
  );
}

/** The actor recorded on events: the given one trimmed, or `system` when omitted. */
export function actorOf(actor: string | null | undefined): string {
  if (actor === null || actor === undefined) return 'system';
  const trimmed = actor.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_ACTOR_LENGTH) {
    throw badUserInput(
      `actor must be 1 to ${MAX_ACTOR_LENGTH} characters when given, got ${JSON.stringify(actor)}`,
      'input.actor',
    );
  }
  return trimmed;
}
