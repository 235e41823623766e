/** Who is signed in: the token (kept in memory only) and what it says about its holder. */
export interface Session {
  token: string;
  sub: string;
  role: string;
  team: string | null;
  /** Shown in the header; the subject when the token carries no name. */
  name: string;
}

/**
 * Reads the claims of a token to show who is signed in and to choose what the console
 * offers (a customer gets no rep actions). Not a check: the gateway verifies every call.
 * Null when the text is not a JWT.
 */
export function sessionFromToken(token: string, name?: string): Session | null {
  const payload = token.trim().split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims.sub !== 'string') return null;
    return {
      token: token.trim(),
      sub: claims.sub,
      role: typeof claims.role === 'string' ? claims.role : 'unknown',
      team: typeof claims.team === 'string' ? claims.team : null,
      name: name ?? claims.sub,
    };
  } catch {
    return null;
  }
}

/** Agents and supervisors: the people the rep actions are for. */
export function isStaff(session: Session): boolean {
  return session.role === 'agent' || session.role === 'supervisor';
}

/** True when the gateway offers the development sign-in (it says so in the page). */
export function devSignInOffered(): boolean {
  return (
    document.querySelector<HTMLMetaElement>('meta[name="gateway-dev-sign-in"]')?.content === 'on'
  );
}
