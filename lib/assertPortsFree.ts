import { createServer } from 'node:net';

/** A service's listening address and the setting that moves it. */
export interface PortClaim {
  /** Who wants the port, e.g. `gateway` or `crm`. */
  service: string;
  host: string;
  port: number;
  /** The environment variable that changes the port, e.g. `PORT` or `CRM_PORT`. */
  variable: string;
}

/** A port another process holds, found before any slow start-up work. */
export class PortInUseError extends Error {
  constructor(readonly claim: PortClaim) {
    super(
      `${claim.service} cannot listen on ${claim.host}:${claim.port}: the port is already in use ` +
        `(set ${claim.variable} to another port, or stop what holds it)`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Binds and releases each claimed port at once, so a start that could never listen
 * fails in milliseconds, before migrations, seeding or loading a supergraph, and says
 * which service and which variable. Port 0 (any free port) is never checked.
 */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  for (const claim of claims) {
    if (claim.port !== 0) await probe(claim);
  }
}

function probe(claim: PortClaim): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(claim) : error);
    });
    server.listen({ port: claim.port, host: claim.host, exclusive: true }, () => {
      server.close(() => resolve());
    });
  });
}
