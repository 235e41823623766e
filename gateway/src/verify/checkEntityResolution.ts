import { randomBytes } from 'node:crypto';
import { Kind, type DocumentNode } from 'graphql';
import { fail, pass, warn, type CheckResult } from './checkResult';
import { describeAnswer, postGraphql, type GraphqlAnswer, type Signing } from './postGraphql';

/** Options for {@link checkEntityResolution}. */
export interface EntityCheckOptions {
  url: string;
  /** The subgraph's parsed SDL. */
  document: DocumentNode;
  /** Entity type name, e.g. `Customer`. */
  entity: string;
  /** Single key field, e.g. `id`. */
  key: string;
  /** Keys the subgraph knows, e.g. seeded customer ids. */
  sampleIds: readonly string[];
  signing: Signing;
}

/** Whether the SDL declares any type with `@key` (so `_entities` exists). */
export function declaresAnyEntity(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      (definition.directives ?? []).some((directive) => directive.name.value === 'key'),
  );
}

/** Whether the SDL declares `entity` with a `@key` naming `key`. */
export function declaresEntity(document: DocumentNode, entity: string, key: string): boolean {
  return document.definitions.some(
    (definition) =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.name.value === entity &&
      (definition.directives ?? []).some(
        (directive) =>
          directive.name.value === 'key' &&
          directive.arguments?.some(
            (arg) =>
              arg.name.value === 'fields' &&
              arg.value.kind === Kind.STRING &&
              arg.value.value.trim() === key,
          ),
      ),
  );
}

/**
 * Checks `_entities` the way the gateway's query planner uses it: one result per
 * representation, in the order given (forward and reversed, so a batch function that
 * sorts or groups its keys is caught), and an unknown key answering null (or, for a
 * subgraph that only extends the entity, a stub carrying that key), never an error.
 */
export async function checkEntityResolution(options: EntityCheckOptions): Promise<CheckResult[]> {
  const { entity, key } = options;
  if (!declaresEntity(options.document, entity, key)) {
    return [
      warn(`entity ${entity}`, `skipped: the SDL has no \`type ${entity} @key(fields: "${key}")\``),
    ];
  }
  const unknown = `verify-unknown-${randomBytes(6).toString('hex')}`;
  const ids = [...options.sampleIds, unknown];
  const forward = await resolveEntities(options, ids);
  if (forward.status === 401 && options.signing.kind === 'unsigned') {
    return [
      warn(`entity ${entity}`, 'skipped: `_entities` needs signed claims and no secret was given'),
    ];
  }
  const reversedIds = [...ids].reverse();
  const reversed = await resolveEntities(options, reversedIds);
  const forwardProblems = orderProblems(options, forward, ids, unknown);
  const reversedProblems = orderProblems(options, reversed, reversedIds, unknown);
  const orderFix =
    'return one result per representation in the order given: a DataLoader batch function must map its rows back to the keys it received';
  return [
    forwardProblems.length === 0
      ? pass(`entities ${entity}`, `${ids.length} representations resolve one per key, in order`)
      : fail(`entities ${entity}`, `${forwardProblems.join('; ')}; ${orderFix}`),
    reversedProblems.length === 0
      ? pass(`entities ${entity} reversed`, 'the same keys reversed resolve in the reversed order')
      : fail(`entities ${entity} reversed`, `${reversedProblems.join('; ')}; ${orderFix}`),
    unknownResult(options, forward, ids.length - 1, unknown),
  ];
}

function resolveEntities(
  options: EntityCheckOptions,
  ids: readonly string[],
): Promise<GraphqlAnswer> {
  return postGraphql({
    url: options.url,
    query: `query VerifyEntities($representations: [_Any!]!) {
      _entities(representations: $representations) { __typename ... on ${options.entity} { ${options.key} } }
    }`,
    variables: {
      representations: ids.map((id) => ({ __typename: options.entity, [options.key]: id })),
    },
    signing: options.signing,
  });
}

/** The key of the item at each position, null for a null item; or a problem description. */
function entityKeys(
  options: EntityCheckOptions,
  answer: GraphqlAnswer,
): (string | null)[] | string {
  const items = answer.body?.data?._entities;
  if (answer.status !== 200 || (answer.body?.errors?.length ?? 0) > 0 || !Array.isArray(items)) {
    return `\`_entities\` answered ${describeAnswer(answer)}`;
  }
  return items.map((item: unknown) => {
    if (item === null || typeof item !== 'object') return null;
    const value = (item as Record<string, unknown>)[options.key];
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function orderProblems(
  options: EntityCheckOptions,
  answer: GraphqlAnswer,
  ids: readonly string[],
  unknown: string,
): string[] {
  const keys = entityKeys(options, answer);
  if (typeof keys === 'string') return [keys];
  if (keys.length !== ids.length) {
    return [`asked for ${ids.length} representations, got ${keys.length} results`];
  }
  // A known key answering null is an ordering symptom when other keys came back swapped.
  const reordered = keys.some((got, index) => got !== null && got !== ids[index]);
  const problems: string[] = [];
  ids.forEach((id, index) => {
    const got = keys[index];
    if (got === null && id !== unknown) {
      problems.push(
        reordered
          ? `position ${index} asked for ${options.key} ${id} but got null`
          : `position ${index} (${options.key} ${id}) resolved to null; is ${id} a key this subgraph knows? (--sample-ids)`,
      );
    } else if (got !== null && got !== id) {
      problems.push(`position ${index} asked for ${options.key} ${id} but got ${got}`);
    }
  });
  return problems;
}

function unknownResult(
  options: EntityCheckOptions,
  answer: GraphqlAnswer,
  index: number,
  unknown: string,
): CheckResult {
  const name = `unknown ${options.entity}`;
  const keys = entityKeys(options, answer);
  if (typeof keys === 'string') {
    return fail(name, `${keys}; an unknown key must resolve to null, not fail the batch`);
  }
  const got = keys[index];
  if (got === null) return pass(name, `an unknown ${options.key} resolves to null`);
  if (got === unknown) {
    return pass(
      name,
      `an unknown ${options.key} resolves to a stub with that ${options.key} (the subgraph extends ${options.entity})`,
    );
  }
  return fail(name, `an unknown ${options.key} resolved to ${String(got)}; resolve it to null`);
}
