import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { badUserInput } from '../../../../shared/errors';
import type { IdentifierKind } from '../../generated/graphql';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SOCIAL = /^[a-z0-9_.]{1,64}$/;
const DEVICE = /^[A-Za-z0-9._:-]{1,128}$/;
const ACCOUNT = /^[A-Z0-9-]{3,32}$/;

/**
 * Normalises an identifier as DOMAIN.md says, so that every spelling a channel may
 * send matches the one stored value: phones to E.164 (numbers without a country code
 * are read in `defaultRegion`), emails and social handles lower-case, handles without
 * the leading @, account numbers upper-case. Throws `BAD_USER_INPUT` when the value
 * cannot be an identifier of that kind.
 */
export function normaliseIdentifier(
  kind: IdentifierKind,
  value: string,
  defaultRegion: CountryCode,
): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'PHONE': {
      const phone = parsePhoneNumberFromString(trimmed, defaultRegion);
      if (!phone?.isValid()) {
        throw badUserInput(
          `${JSON.stringify(value)} is not a valid phone number (numbers without a country code are read as ${defaultRegion})`,
          'value',
        );
      }
      return phone.number;
    }
    case 'EMAIL': {
      const email = trimmed.toLowerCase();
      if (!EMAIL.test(email))
        throw badUserInput(`${JSON.stringify(value)} is not an email address`, 'value');
      return email;
    }
    case 'SOCIAL': {
      const handle = trimmed.replace(/^@/, '').toLowerCase();
      if (!SOCIAL.test(handle)) {
        throw badUserInput(
          `${JSON.stringify(value)} is not a social handle (letters, digits, _ and .)`,
          'value',
        );
      }
      return handle;
    }
    case 'APP_DEVICE': {
      if (!DEVICE.test(trimmed))
        throw badUserInput(`${JSON.stringify(value)} is not an app device id`, 'value');
      return trimmed;
    }
    case 'ACCOUNT_NUMBER': {
      const account = trimmed.toUpperCase();
      if (!ACCOUNT.test(account))
        throw badUserInput(`${JSON.stringify(value)} is not an account number`, 'value');
      return account;
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unhandled identifier kind ${String(unreachable)}`);
    }
  }
}
