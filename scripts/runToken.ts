import { parseArgs } from 'node:util';
import { printLine, type CommandIo } from '../gateway/src/commands/commandIo';
import { MIN_SECRET_BYTES } from '../gateway/src/auth/authenticatorOptions';
import { isRole, ROLES } from '../lib/claims';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../gateway/src/auth/devCredentials';
import { signToken, type SignTokenOptions } from '../gateway/src/auth/signToken';

/** Usage of `npm run token`. */
export const TOKEN_HELP = `npm run -s token -- --role ROLE --sub ID [--team TEAM] [--scopes a,b] [--ttl SECONDS]

Prints a JWT the gateway accepts, signed (HS256) with $JWT_SECRET. A development tool:
with NODE_ENV=production it refuses unless --allow-production is given.
  --role     ${ROLES.join(' | ')}
  --sub      subject: a customer id (customer), agent id (agent, supervisor) or client id (service)
  --team     team of an agent or supervisor, e.g. care
  --scopes   comma-separated scopes, e.g. pii:read
  --ttl      lifetime in seconds (default 3600)
  --allow-production  mint with NODE_ENV=production anyway (a working credential)
Environment: JWT_SECRET (required), JWT_ISSUER (default ${DEFAULT_JWT_ISSUER}),
JWT_AUDIENCE (default ${DEFAULT_JWT_AUDIENCE}).`;

/** Thrown for bad input; the message is printed as is. */
class UsageError extends Error {}

/** Reads the command line and environment into signing options, or throws {@link UsageError}. */
function signingOptions(argv: string[], env: NodeJS.ProcessEnv): SignTokenOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      team: { type: 'string' },
      scopes: { type: 'string' },
      ttl: { type: 'string' },
      'allow-production': { type: 'boolean', default: false },
    },
  });
  if (env.NODE_ENV === 'production' && !values['allow-production']) {
    throw new UsageError(
      'NODE_ENV=production: refusing to print a working credential; production tokens come from the identity provider (pass --allow-production to mint one anyway)',
    );
  }
  const { role, sub, team } = values;
  if (!env.JWT_SECRET) {
    throw new UsageError(
      'JWT_SECRET is not set: export the secret the gateway uses (npm start prints it when it generates one)',
    );
  }
  if (Buffer.byteLength(env.JWT_SECRET, 'utf8') < MIN_SECRET_BYTES) {
    throw new UsageError(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (!isRole(role)) {
    throw new UsageError(
      `--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role ?? '')})`,
    );
  }
  if (!sub) throw new UsageError('--sub is required (the caller id the token speaks for)');
  if (team && role !== 'agent' && role !== 'supervisor') {
    throw new UsageError('--team applies only to the agent and supervisor roles');
  }
  const ttlSec = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSec) || ttlSec <= 0) {
    throw new UsageError(
      `--ttl must be a positive whole number of seconds (got ${JSON.stringify(values.ttl)})`,
    );
  }
  return {
    secret: env.JWT_SECRET,
    issuer: env.JWT_ISSUER || DEFAULT_JWT_ISSUER,
    audience: env.JWT_AUDIENCE || DEFAULT_JWT_AUDIENCE,
    sub,
    role,
    ...(team ? { team } : {}),
    scopes: (values.scopes ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ttlSec,
  };
}

/**
 * The `npm run token` command: prints a token on `io.stdout` (nothing else, so
 * `$(npm run -s token -- ...)` works) and returns the exit code. Reads the secret,
 * issuer and audience from `io.env`.
 */
export async function runToken(
  argv: string[],
  io: Pick<CommandIo, 'env' | 'stdout' | 'stderr'>,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    printLine(io.stdout, TOKEN_HELP);
    return 0;
  }
  try {
    printLine(io.stdout, await signToken(signingOptions(argv, io.env)));
    return 0;
  } catch (error) {
    // parseArgs rejects unknown or value-less flags with a TypeError.
    if (error instanceof UsageError || error instanceof TypeError) {
      printLine(io.stderr, `token: ${error.message} (--help for usage)`);
      return 2;
    }
    throw error;
  }
}
