import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { placeholdersOf } from './fillTemplate';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a GraphQL name');
const template = z
  .string()
  .min(1)
  .refine((t) => placeholdersOf(t).length > 0, 'must hold at least one {placeholder}');

/**
 * How a verified token's payload becomes the caller's claims. The `sub` claim is the
 * caller's id and `scope` (space separated) / `scopes` (array) its scopes, always.
 */
export const claimsMappingSchema = z
  .object({
    /** Payload claim holding the role. Default `role`. */
    roleClaim: z.string().min(1).default('role'),
    /** Roles a token may carry; any other is refused as "unknown role". Default: any non-empty string. */
    roles: z.array(z.string().min(1)).min(1).nullable().default(null),
    /** Payload claim holding the caller's team (forwarded to subgraphs). Default `team`. */
    teamClaim: z.string().min(1).default('team'),
    /** Roles whose team is kept; for others it is dropped. Default: every role. */
    teamRoles: z.array(z.string().min(1)).nullable().default(null),
  })
  .strict();

/**
 * One live field: `Subscription.<subscriptionField>(<argument>)` answers what
 * `Query.<queryField>(<argument>)` answers, again on every change tagged `tag`.
 */
export const liveFieldSchema = z
  .object({
    /** The field added to `Subscription`, e.g. `stockLevel`. */
    subscriptionField: name,
    /** The `Query` field it re-runs, e.g. `product`. */
    queryField: name,
    /** The one argument carried over, e.g. `id`. */
    argument: name,
    /** The change tag that makes an answer stale; `{value}` is the argument, e.g. `Product:{value}`. */
    tag: template.refine((t) => placeholdersOf(t).every((p) => p === 'value'), {
      message: 'only {value} (the argument) may be used',
    }),
    /**
     * Prefixes of tags on a run's answer (its cache tags) that make it stale too; never
     * one a run itself changes (a read that is logged). Default none.
     */
    followsTagPrefixes: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** What a domain event on the change feed looks like: which fields name what it changed. */
export const eventShapeSchema = z
  .object({
    /** Field holding the event's type (a string, required). Default `type`. */
    typeField: z.string().min(1).default('type'),
    /** Fields every event must carry as non-empty strings; otherwise it is "not an event". Default none. */
    requiredFields: z.array(z.string().min(1)).default([]),
    /**
     * Tags an event changes, filled from its fields (`{subject.id}`); a template whose
     * fields an event lacks is skipped for that event. Default `{subject.typename}:{subject.id}`.
     */
    tags: z.array(template).default(['{subject.typename}:{subject.id}']),
    /**
     * Field holding an explicit list of tags; when present it replaces `tags` for that
     * event (an empty list: the event evicts nothing). Default `payload.invalidates`.
     */
    invalidatesField: z.string().min(1).nullable().default('payload.invalidates'),
  })
  .strict();

/**
 * What `verify-subgraph` resolves through `_entities` when `--entity` is not given: the
 * domain's main entity, its single key field and keys every subgraph knows (seed data).
 */
export const verifyEntitySchema = z
  .object({
    /** Entity type, e.g. `Product`. */
    entity: name,
    /** Its single key field. Default `id`. */
    key: name.default('id'),
    /** Keys the subgraphs know (at least one). */
    sampleIds: z.array(z.string().min(1)).min(1),
  })
  .strict();

/** How `new-subgraph` scaffolds a subgraph of this domain. */
export const scaffoldSchema = z
  .object({
    /** Folder of `.tmpl` files, relative to the repository root (`--dir`). */
    templates: z.string().min(1),
  })
  .strict();

/** The domain the gateway serves, as configuration: claims, live fields, events. */
export const domainConfigSchema = z
  .object({
    $comment: z.string().optional(),
    claims: claimsMappingSchema.default(claimsMappingSchema.parse({})),
    live: z.array(liveFieldSchema).default([]),
    events: eventShapeSchema.default(eventShapeSchema.parse({})),
    /** Default entity of `verify-subgraph`; none: it checks an entity only when told one. */
    verify: verifyEntitySchema.nullable().default(null),
    /** Templates of `new-subgraph`; none: the bundled `scaffold/subgraph`. */
    scaffold: scaffoldSchema.nullable().default(null),
  })
  .strict()
  .superRefine((value, context) => {
    const seen = new Set<string>();
    for (const [index, field] of value.live.entries()) {
      if (seen.has(field.subscriptionField))
        context.addIssue({
          code: 'custom',
          path: ['live', index, 'subscriptionField'],
          message: `${field.subscriptionField} is declared twice`,
        });
      seen.add(field.subscriptionField);
    }
  });

export type ClaimsMapping = z.infer<typeof claimsMappingSchema>;
export type LiveFieldConfig = z.infer<typeof liveFieldSchema>;
export type EventShape = z.infer<typeof eventShapeSchema>;
export type VerifyEntityConfig = z.infer<typeof verifyEntitySchema>;
export type ScaffoldConfig = z.infer<typeof scaffoldSchema>;
export type DomainConfig = z.infer<typeof domainConfigSchema>;

/** A domain that names nothing: any role, no live fields, events evict their subject. */
export const GENERIC_DOMAIN: DomainConfig = deepFreeze(domainConfigSchema.parse({}));

/**
 * Reads a domain file (JSON, see `schema/domain.json`), pushing every problem found
 * onto `problems` (prefixed with the file), and returns the frozen configuration.
 */
export function readDomainConfig(path: string, problems: string[]): DomainConfig {
  const label = `DOMAIN_FILE=${JSON.stringify(path)}`;
  if (!existsSync(path)) {
    problems.push(`${label}: no such file`);
    return GENERIC_DOMAIN;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return GENERIC_DOMAIN;
  }
  const parsed = domainConfigSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${label}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return GENERIC_DOMAIN;
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The domain file at `path`, or when `path` is undefined `schema/domain.json` if present,
 * else {@link GENERIC_DOMAIN}; a relative path is read against `baseDir` (default the
 * process's directory). Throws listing every problem (for tools without a gateway
 * configuration, e.g. `check`).
 */
export function domainFromFile(path: string | undefined, baseDir = '.'): DomainConfig {
  const named = path ?? DEFAULT_DOMAIN_FILE;
  const file = resolve(baseDir, named);
  if (path === undefined && !existsSync(file)) return GENERIC_DOMAIN;
  const problems: string[] = [];
  const domain = readDomainConfig(file, problems);
  if (problems.length > 0) throw new Error(`invalid domain file:\n  - ${problems.join('\n  - ')}`);
  return domain;
}

/** Where the domain file is looked for when none is named. */
export const DEFAULT_DOMAIN_FILE = 'schema/domain.json';
