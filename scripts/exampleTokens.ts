import {
  DEFAULT_JWT_AUDIENCE,
  DEFAULT_JWT_ISSUER,
  exampleTokenSecret,
} from '../gateway/src/auth/devCredentials';
import { signToken } from '../gateway/src/auth/signToken';

export { exampleTokenSecret };

/**
 * Options for {@link exampleTokens}: this repository's example callers. The gateway
 * knows no personas; `npm start` (scripts/start-all.ts) names them from the seed data.
 */
export interface ExampleTokenOptions {
  /** Subject and team of the example agent (the deployment's own seed data). */
  agent: { sub: string; team: string };
  /** Subject of the example customer token. */
  customerSub: string;
  /** Default {@link DEFAULT_JWT_ISSUER}. */
  issuer?: string;
  /** Default {@link DEFAULT_JWT_AUDIENCE}. */
  audience?: string;
  /** Lifetime in seconds. Default 12 h. */
  ttlSec?: number;
}

/** Ready-to-paste tokens that `npm start` prints. */
export interface ExampleTokens {
  /** The example agent, with scope `pii:read`. */
  agent: string;
  /** The example customer, acting as themself. */
  customer: string;
}

/** Mints the example agent and customer tokens for a local start. */
export async function exampleTokens(
  secret: string,
  options: ExampleTokenOptions,
): Promise<ExampleTokens> {
  const common = {
    secret,
    issuer: options.issuer ?? DEFAULT_JWT_ISSUER,
    audience: options.audience ?? DEFAULT_JWT_AUDIENCE,
    ttlSec: options.ttlSec ?? 12 * 3600,
  };
  const [agent, customer] = await Promise.all([
    signToken({
      ...common,
      sub: options.agent.sub,
      role: 'agent',
      team: options.agent.team,
      scopes: ['pii:read'],
    }),
    signToken({ ...common, sub: options.customerSub, role: 'customer' }),
  ]);
  return { agent, customer };
}
