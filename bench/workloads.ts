import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A workload the bench can drive: one operation and how its variables rotate. */
export interface Workload {
  /** Letter from issue 7: `a`, `c`, ... */
  id: string;
  name: string;
  /** The operation, as registered (trusted documents) and sent. */
  query: string;
  operationName: string;
  /** Variables for the `n`-th request, rotating over `customers` generated customers + personas. */
  variables(n: number, customers: number): Record<string, unknown>;
}

/** Phones of the seeded personas (crm seed). */
const PERSONA_PHONES = ['+14155550134', '+442079460321', '+12125550187', '+61255501234'];

/** Phone of generated customer `i` (1-based), as crm's seed writes it. */
export function generatedPhone(i: number): string {
  return `+1212${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
}

/** The `n`-th phone of the rotation: every generated customer, then the personas, again. */
export function rotatingPhone(n: number, customers: number): string {
  const k = n % (customers + PERSONA_PHONES.length);
  return k < customers ? generatedPhone(k + 1) : PERSONA_PHONES[k - customers]!;
}

const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', 'schema', 'trusted-documents.json'), 'utf8'),
) as { documents: Record<string, string> };

const customerContext = Object.values(manifest.documents).find((text) =>
  text.startsWith('query CustomerContext('),
);
if (!customerContext) throw new Error('CustomerContext is not in schema/trusted-documents.json');

/** Workloads measured in this slice; the others are listed in {@link NOT_YET_MEASURED}. */
export const WORKLOADS: Readonly<Record<string, Workload>> = {
  a: {
    id: 'a',
    name: 'CustomerContext, uncached',
    query: customerContext,
    operationName: 'CustomerContext',
    variables: (n, customers) => ({ kind: 'PHONE', value: rotatingPhone(n, customers) }),
  },
  c: {
    id: 'c',
    name: 'identifier lookup',
    query: /* GraphQL */ `
      query IdentifierLookup($value: String!) {
        customerByIdentifier(kind: PHONE, value: $value) {
          id
          displayName
          status
          accountNumber
        }
      }
    `,
    operationName: 'IdentifierLookup',
    variables: (n, customers) => ({ value: rotatingPhone(n, customers) }),
  },
};

/** Issue 7 workloads outside this slice, printed as "not yet measured". */
export const NOT_YET_MEASURED: Readonly<Record<string, string>> = {
  b: 'CustomerContext, warm caches',
  d: 'timeline page, 100,000 entries (see npm run bench:timeline)',
  e: 'addNote mutations with events flowing',
  f: '1,000 live-context subscribers, delivery p99',
};
