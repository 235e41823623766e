import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

/** One difference between two API schemas, as a reader of the report needs it. */
export interface SchemaChange {
  /** What changed, e.g. `Field 'displayName' was removed from object type 'Customer'`. */
  message: string;
  /** Schema coordinate it is about, e.g. `Customer.displayName` (absent for schema-wide changes). */
  path?: string;
  /** The graphql-inspector change type, e.g. `FIELD_REMOVED`. */
  type: string;
  /** Why it is breaking or dangerous, when graphql-inspector says. */
  reason?: string;
}

/** The changes grouped by what they do to existing clients. */
export interface SchemaChanges {
  /** Existing operations may stop validating or get other results. */
  breaking: SchemaChange[];
  /** Existing operations still validate but may see new values (e.g. an enum value added). */
  dangerous: SchemaChange[];
  /** Safe for every client. */
  safe: SchemaChange[];
}

/** Compares two API schemas with `@graphql-inspector/core`'s `diff`, grouped by criticality. */
export async function diffApiSchemas(
  current: GraphQLSchema,
  candidate: GraphQLSchema,
): Promise<SchemaChanges> {
  const grouped: SchemaChanges = { breaking: [], dangerous: [], safe: [] };
  for (const change of await diff(current, candidate)) {
    const entry: SchemaChange = {
      message: change.message,
      type: String(change.type),
      ...(change.path ? { path: change.path } : {}),
      ...(change.criticality.reason ? { reason: change.criticality.reason } : {}),
    };
    switch (change.criticality.level) {
      case CriticalityLevel.Breaking:
        grouped.breaking.push(entry);
        break;
      case CriticalityLevel.Dangerous:
        grouped.dangerous.push(entry);
        break;
      case CriticalityLevel.NonBreaking:
        grouped.safe.push(entry);
        break;
      default:
        throw new Error(`unknown criticality ${String(change.criticality.level satisfies never)}`);
    }
  }
  return grouped;
}
