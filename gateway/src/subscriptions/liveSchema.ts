import { extendSchema, parse, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { LiveField } from './subscriptionServerOptions';

/** The API schema with the live fields added to `Subscription`, and which field is which. */
export interface LiveSchema {
  schema: GraphQLSchema;
  /** Live fields by subscription field name (only those the API schema can answer). */
  fields: ReadonlyMap<string, LiveField>;
}

/**
 * Returns a function mapping an API schema to its {@link LiveSchema}, built once per
 * schema object (so a hot-reloaded schema gets its own): for each live field, the
 * `Query` field's argument type and return type are copied onto
 * `Subscription.<subscriptionField>`. A live field whose `Query` field or argument the
 * schema lacks is left out (logged once per schema), so subscribing to it is a
 * validation error rather than a broken run.
 */
export function liveSchemaBuilder(
  live: readonly LiveField[],
  logger: Logger,
): (apiSchema: GraphQLSchema) => LiveSchema {
  const built = new WeakMap<GraphQLSchema, LiveSchema>();
  return (apiSchema) => {
    let liveSchema = built.get(apiSchema);
    if (!liveSchema) {
      liveSchema = buildLiveSchema(apiSchema, live, logger);
      built.set(apiSchema, liveSchema);
    }
    return liveSchema;
  };
}

function buildLiveSchema(
  apiSchema: GraphQLSchema,
  live: readonly LiveField[],
  logger: Logger,
): LiveSchema {
  const queryFields = apiSchema.getQueryType()?.getFields() ?? {};
  const fields = new Map<string, LiveField>();
  const definitions: string[] = [];
  for (const field of live) {
    const queryField = queryFields[field.queryField];
    const argument = queryField?.args.find((arg) => arg.name === field.argument);
    if (!queryField || !argument) {
      logger.warn(
        { subscriptionField: field.subscriptionField, queryField: field.queryField },
        'live field left out: the API schema has no such Query field or argument',
      );
      continue;
    }
    fields.set(field.subscriptionField, field);
    definitions.push(
      `"""Live \`Query.${field.queryField}\`: the answer now, then again whenever it changes."""\n` +
        `${field.subscriptionField}(${field.argument}: ${String(argument.type)}): ${String(queryField.type)}`,
    );
  }
  if (definitions.length === 0) return { schema: apiSchema, fields };
  const existing = apiSchema.getSubscriptionType();
  const sdl = existing
    ? `extend type ${existing.name} {\n${definitions.join('\n')}\n}`
    : `type Subscription {\n${definitions.join('\n')}\n}\nextend schema { subscription: Subscription }`;
  return { schema: extendSchema(apiSchema, parse(sdl)), fields };
}
