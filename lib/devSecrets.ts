import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Secrets a local, non-production start needs, and where they are kept. */
export interface DevSecrets {
  JWT_SECRET: string;
  SUBGRAPH_HMAC_SECRET: string;
}

/** Where a local start keeps the secrets it generated, unless `DEV_SECRETS_FILE` says. */
export const DEFAULT_DEV_SECRETS_FILE = '.data/dev-secrets.env';

/**
 * The local start's secrets, read from `file` (an env file, mode 0600) or made fresh
 * in memory when it holds none. Nothing is written: `saved` is false for fresh ones,
 * and the caller keeps them with `saveDevSecrets` once the start is sure to go on
 * (after its port check), so that tokens minted with `npm run token` keep working
 * across restarts. Only for development: production sets both in the environment.
 */
export function readDevSecrets(file: string): { secrets: DevSecrets; saved: boolean } {
  if (existsSync(file)) {
    const values = Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.split('=', 2))
        .filter((pair): pair is [string, string] => pair.length === 2),
    );
    if (values.JWT_SECRET && values.SUBGRAPH_HMAC_SECRET) {
      return {
        secrets: {
          JWT_SECRET: values.JWT_SECRET,
          SUBGRAPH_HMAC_SECRET: values.SUBGRAPH_HMAC_SECRET,
        },
        saved: true,
      };
    }
  }
  return {
    secrets: {
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SUBGRAPH_HMAC_SECRET: randomBytes(32).toString('base64url'),
    },
    saved: false,
  };
}

/** Writes `secrets` to `file` (mode 0600), making its folder. */
export function saveDevSecrets(file: string, secrets: DevSecrets): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `JWT_SECRET=${secrets.JWT_SECRET}\nSUBGRAPH_HMAC_SECRET=${secrets.SUBGRAPH_HMAC_SECRET}\n`,
    { mode: 0o600 },
  );
}
