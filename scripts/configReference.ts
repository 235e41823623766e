/**
 * Writes the configuration reference (docs/configuration.md, between its `generated`
 * markers) from the zod schemas the services validate their environment with, so the
 * page cannot drift from the code. `--check` writes nothing and exits 1 when stale.
 *
 *   npm run docs:config            # rewrite the tables
 *   npm run docs:config -- --check # what npm test runs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { gatewayEnvSchema } from '../gateway/src/config';
import { SUBGRAPH_ENV_NAMES, subgraphEnvSchema } from '../subgraphs/shared/config';

export const CONFIG_DOC = join(__dirname, '..', 'docs', 'configuration.md');

interface Property {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  format?: string;
  description?: string;
  /** A default the schema cannot carry (it lives in code, or the key is a string pipe). */
  defaultShown?: string;
}

/** One markdown row per key: variable, accepted values, default, what it does. */
function rows(
  schema: z.ZodObject,
  envName: (key: string) => string,
): { lines: string[]; undescribed: string[] } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Property>;
  };
  const lines: string[] = [];
  const undescribed: string[] = [];
  for (const [key, property] of Object.entries(json.properties)) {
    if (!property.description) undescribed.push(key);
    lines.push(
      `| \`${envName(key)}\` | ${accepted(property)} | ${shownDefault(property)} | ${(property.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    );
  }
  return { lines, undescribed };
}

function accepted(property: Property): string {
  if (property.enum) return property.enum.map((value) => `\`${String(value)}\``).join(', ');
  if (property.type === 'integer' || property.type === 'number') {
    const kind = property.type === 'integer' ? 'integer' : 'number';
    if (property.minimum !== undefined && property.maximum !== undefined)
      return `${kind} ${property.minimum}–${property.maximum}`;
    return kind;
  }
  if (property.format === 'uri') return 'URL';
  if (property.minLength && property.minLength > 1)
    return `string, ≥ ${property.minLength} characters`;
  return 'string';
}

function shownDefault(property: Property): string {
  const value = property.defaultShown ?? property.default;
  if (value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : `\`${value.join(',')}\``;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? `\`${value}\``
    : `\`${JSON.stringify(value)}\``;
}

/** The page as it should be, and the keys that have no description. */
export function renderConfigReference(current: string): { page: string; undescribed: string[] } {
  const header = '| variable | accepted | default | what it does |\n|---|---|---|---|';
  const gateway = rows(gatewayEnvSchema, (key) => key);
  const subgraph = rows(subgraphEnvSchema, (key) => SUBGRAPH_ENV_NAMES[key] ?? key);
  let page = current;
  for (const [name, table] of [
    ['gateway', gateway.lines],
    ['subgraph', subgraph.lines],
  ] as const) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = page.indexOf(start);
    const to = page.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${CONFIG_DOC} lacks the ${start} … ${end} markers`);
    page = `${page.slice(0, from + start.length)}\n${header}\n${table.join('\n')}\n${page.slice(to)}`;
  }
  return {
    page,
    undescribed: [
      ...gateway.undescribed.map((key) => `gateway ${key}`),
      ...subgraph.undescribed.map((key) => `subgraph ${key}`),
    ],
  };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const current = readFileSync(CONFIG_DOC, 'utf8');
  const { page, undescribed } = renderConfigReference(current);
  if (undescribed.length > 0) {
    console.error(
      `options without a description (add .describe() in the schema): ${undescribed.join(', ')}`,
    );
    process.exit(1);
  }
  if (check) {
    if (page !== current) {
      console.error('docs/configuration.md is stale: run `npm run docs:config` and commit it');
      process.exit(1);
    }
    console.log('docs/configuration.md is up to date');
  } else {
    writeFileSync(CONFIG_DOC, page);
    console.log('wrote docs/configuration.md');
  }
}
