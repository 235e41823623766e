import type { IncomingMessage } from 'node:http';
import type { Claims } from '../../../lib/claims';

/** Longest client name or request id stored; longer header values are cut. */
const MAX_HEADER_LENGTH = 100;

/** A caller whose reads of customer data are recorded: an agent or a supervisor. */
export type StaffReader = Claims & { role: 'agent' | 'supervisor' };

/** Who read, through what: the same for every row one request records. */
export interface AccessContext {
  agentId: string;
  role: StaffReader['role'];
  team: string | null;
  operationName: string | null;
  clientName: string | null;
  requestId: string | null;
}

/**
 * The caller when their reads are recorded, else null. People are recorded: agents and
 * supervisors. A customer reading their own data and a `service` (a trusted process of
 * the platform, e.g. a consumer or a batch job, acting for no person) are not.
 */
export function staffReader(claims: Claims | null): StaffReader | null {
  return claims?.role === 'agent' || claims?.role === 'supervisor'
    ? { ...claims, role: claims.role }
    : null;
}

/** `CustomerContext__crm__0` (a gateway fetch) → `CustomerContext`; null when anonymous. */
export function clientOperationName(name: string | undefined): string | null {
  const head = name?.split('__')[0];
  return head ? head : null;
}

function header(req: Pick<IncomingMessage, 'headers'>, name: string): string | null {
  const raw = req.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value ? value.slice(0, MAX_HEADER_LENGTH) : null;
}

/**
 * Who read, through what, as an audit row names it: the caller (an agent or
 * supervisor), the client operation, and the client name and request id headers.
 */
export function accessContextOf(
  claims: StaffReader,
  req: Pick<IncomingMessage, 'headers'>,
  operationName: string | null,
): AccessContext {
  return {
    agentId: claims.sub,
    role: claims.role,
    team: claims.team ?? null,
    operationName,
    clientName: header(req, 'apollographql-client-name'),
    requestId: header(req, 'x-request-id'),
  };
}
