import { hasScope, type Claims } from '../../../../../lib/claims';
import type { ContactPointRow } from './repository';

/** The scope that lets a caller see contact values in full. */
export const PII_SCOPE = 'pii:read';

/**
 * Whether `claims` may see `customerId`'s contact values unmasked: with `pii:read`,
 * or the customer themself. Everyone else sees them masked.
 */
export function mayReadContactValues(claims: Claims | null, customerId: string): boolean {
  return hasScope(claims, PII_SCOPE) || (claims?.role === 'customer' && claims.sub === customerId);
}

/**
 * Masks a contact value enough that it cannot be used to reach or identify the
 * customer, while a rep can still confirm it with them: phones keep the country code
 * and last two digits (`+1•••••••34`), emails the first letter and the domain
 * (`d•••@example.com`), handles and device ids the first two characters.
 */
export function maskContactValue(kind: ContactPointRow['kind'], value: string): string {
  switch (kind) {
    case 'PHONE': {
      const country = value.startsWith('+1') ? '+1' : value.slice(0, 3);
      return `${country}${'•'.repeat(Math.max(3, value.length - country.length - 2))}${value.slice(-2)}`;
    }
    case 'EMAIL': {
      const at = value.lastIndexOf('@');
      return at > 0 ? `${value[0]}•••${value.slice(at)}` : '•••';
    }
    case 'SOCIAL':
    case 'APP_DEVICE':
      return `${value.slice(0, 2)}•••`;
    default: {
      const unreachable: never = kind;
      return String(unreachable);
    }
  }
}
