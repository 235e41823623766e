import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Secrets a local, non-production start needs, and where they are kept. */
export interface DevSecrets {
  JWT_SECRET: string;
  SUBGRAPH_HMAC_SECRET: string;
}

/**
 * Reads the local start's secrets from `file` (an env file, mode 0600), creating it
 * with fresh random values the first time, so tokens minted with `npm run token`
 * keep working across restarts. Only for development: production sets both in the
 * environment.
 */
export function loadOrCreateDevSecrets(file: string): DevSecrets {
  if (existsSync(file)) {
    const values = Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.split('=', 2))
        .filter((pair): pair is [string, string] => pair.length === 2),
    );
    if (values.JWT_SECRET && values.SUBGRAPH_HMAC_SECRET) {
      return { JWT_SECRET: values.JWT_SECRET, SUBGRAPH_HMAC_SECRET: values.SUBGRAPH_HMAC_SECRET };
    }
  }
  const secrets: DevSecrets = {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    SUBGRAPH_HMAC_SECRET: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `JWT_SECRET=${secrets.JWT_SECRET}\nSUBGRAPH_HMAC_SECRET=${secrets.SUBGRAPH_HMAC_SECRET}\n`,
    {
      mode: 0o600,
    },
  );
  return secrets;
}
