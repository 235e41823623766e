import {
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { limitOf, type InputLimits } from './inputLimits';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why an operation's input was refused, with enough to say so without echoing it. */
export interface InputViolation {
  kind: 'length' | 'items' | 'nul' | 'surrogate';
  /** Schema coordinate whose limit applies, e.g. `AddNoteInput.body`. */
  coordinate: string;
  /** Where in the operation, e.g. `addNote.input.body` or `placeOrder.input.items[2].offeringId`. */
  path: string;
  /** The limit broken (0 for a NUL character or a lone surrogate). */
  limit: number;
  /** The size found (characters or items). */
  actual: number;
}

/**
 * The first string or list in any argument of `document` (literal or variable) that is
 * over its limit, holds a NUL character (which PostgreSQL refuses in text) or a lone UTF-16
 * surrogate (not text in any encoding; PostgreSQL refuses it in JSON), or null.
 * Each argument of each definition is read once: fragments are walked where they are
 * defined, never expanded, so the work is linear in the document and its variables.
 * `variables` may be the values as sent, before coercion: a value of the wrong shape is
 * skipped here and left to coercion and validation.
 */
export function findInputViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
  limits: InputLimits,
): InputViolation | null {
  for (const site of argumentSites(schema, document)) {
    const value = valueFromAST(site.value, site.type, variables);
    if (value === undefined) continue;
    const found = walk(value, site.type, limits, { coordinate: site.coordinate, path: site.path });
    if (found) return found;
  }
  return null;
}

/** Where an argument is given in a document, and what the schema says it is. */
interface ArgumentSite extends At {
  value: ValueNode;
  type: GraphQLInputType;
}

// The sites depend on the document and schema alone: found once per parsed document (the
// gateway's document cache hands every request with the same text the same one).
const sitesBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, ArgumentSite[]>>();

function argumentSites(schema: GraphQLSchema, document: DocumentNode): ArgumentSite[] {
  let byDocument = sitesBySchema.get(schema);
  if (!byDocument) {
    byDocument = new WeakMap();
    sitesBySchema.set(schema, byDocument);
  }
  let sites = byDocument.get(document);
  if (!sites) {
    sites = findArgumentSites(schema, document);
    byDocument.set(document, sites);
  }
  return sites;
}

function findArgumentSites(schema: GraphQLSchema, document: DocumentNode): ArgumentSite[] {
  const typeInfo = new TypeInfo(schema);
  const sites: ArgumentSite[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return false;
        const directive = typeInfo.getDirective();
        const field = typeInfo.getFieldDef();
        const owner = directive
          ? `@${directive.name}`
          : `${typeInfo.getParentType()?.name ?? '?'}.${field?.name ?? '?'}`;
        sites.push({
          value: node.value,
          type: argument.type,
          coordinate: `${owner}(${argument.name}:)`,
          path: `${directive ? owner : (field?.name ?? '?')}.${argument.name}`,
        });
        return false;
      },
    }),
  );
  return sites;
}

interface At {
  coordinate: string;
  path: string;
}

function walk(
  value: unknown,
  type: GraphQLInputType,
  limits: InputLimits,
  at: Readonly<At>,
): InputViolation | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return walk(value, type.ofType, limits, at);
  const { maxLength, maxItems } = limitOf(limits, at.coordinate, getNamedType(type).name);
  if (isListType(type)) {
    if (!Array.isArray(value)) return walk(value, type.ofType, limits, at);
    if (value.length > maxItems) {
      return {
        kind: 'items',
        coordinate: at.coordinate,
        path: at.path,
        limit: maxItems,
        actual: value.length,
      };
    }
    for (const [index, item] of value.entries()) {
      const found = walk(item, type.ofType, limits, {
        coordinate: at.coordinate,
        path: `${at.path}[${index}]`,
      });
      if (found) return found;
    }
    return null;
  }
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    const object = value as Record<string, unknown>;
    for (const field of Object.values(named.getFields())) {
      const found = walk(object[field.name], field.type, limits, {
        coordinate: `${named.name}.${field.name}`,
        path: `${at.path}.${field.name}`,
      });
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  const { coordinate, path } = at;
  if (value.includes('\u0000')) return { kind: 'nul', coordinate, path, limit: 0, actual: 1 };
  if (LONE_SURROGATE.test(value))
    return { kind: 'surrogate', coordinate, path, limit: 0, actual: 1 };
  if (value.length > maxLength) {
    return { kind: 'length', coordinate, path, limit: maxLength, actual: value.length };
  }
  return null;
}

/** A message naming the field and the limit, never repeating the value sent. */
export function inputViolationMessage(violation: InputViolation): string {
  const { kind, path, limit, actual, coordinate } = violation;
  switch (kind) {
    case 'nul':
      return `input ${path} contains a NUL character (\\u0000), which no text input accepts`;
    case 'surrogate':
      return `input ${path} contains a lone UTF-16 surrogate, which is not text`;
    case 'length':
      return `input ${path} is ${actual} characters long; ${coordinate} allows at most ${limit}`;
    case 'items':
      return `input ${path} has ${actual} items; ${coordinate} allows at most ${limit}`;
    default:
      return unreachable(kind);
  }
}

function unreachable(kind: never): never {
  throw new Error(`unknown input violation ${String(kind)}`);
}
