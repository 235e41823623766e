import { GraphQLError, type ExecutionResult } from 'graphql';
import { ErrorCode } from '../../../schema/errorCodes';
import { AUTHZ_TYPENAME, type DeniedField, type DeniedStep } from './deniedField';

type Path = (string | number)[];
type JsonObject = Record<string, unknown>;

/** How a denial is reported: the message's opening words and the code. */
interface Refusal {
  readonly says: string;
  readonly code: string;
}
const FORBIDDEN: Refusal = { says: 'not authorized to read', code: ErrorCode.FORBIDDEN };
const UNAUTHENTICATED: Refusal = {
  says: 'authentication is required to read',
  code: ErrorCode.UNAUTHENTICATED,
};

/** Where the errors go, and how they read. */
interface Report {
  readonly errors: GraphQLError[];
  readonly refusal: Refusal;
}

/**
 * Puts `null` and a `FORBIDDEN` error at every concrete occurrence of each denied field in
 * the response, walking lists and using response keys. A non-null field's null propagates
 * to the nearest nullable ancestor, as GraphQL execution does; reaching the root makes
 * `data` null. Removes the {@link AUTHZ_TYPENAME} helper keys. Returns a new result.
 * For a caller who sent no credentials (`anonymous`), every denial is for want of them:
 * the error says authentication is required, with code `UNAUTHENTICATED`.
 */
export function applyDenials<T extends ExecutionResult>(
  result: T,
  denied: readonly DeniedField[],
  anonymous = false,
): T {
  if (!result.data) return result;
  let data: JsonObject | null = structuredClone(result.data);
  const errors: GraphQLError[] = [];
  const refusal = anonymous ? UNAUTHENTICATED : FORBIDDEN;
  for (const field of denied) {
    if (data && denyIn(data, field, 0, [], { errors, refusal })) data = null;
  }
  if (data) stripTypenames(data);
  return { ...result, data, errors: [...(result.errors ?? []), ...errors] };
}

/** Nulls the field below `object`; returns true when `object` itself must become null. */
function denyIn(
  object: JsonObject,
  field: DeniedField,
  index: number,
  path: Path,
  report: Report,
): boolean {
  const step = field.path[index];
  if (!step || !applies(step, object)) return false;
  const here = [...path, step.key];
  if (index === field.path.length - 1) {
    object[step.key] = null;
    const { says, code } = report.refusal;
    report.errors.push(
      new GraphQLError(`${says} ${field.typeName}.${field.fieldName}`, {
        path: here,
        extensions: { code },
      }),
    );
    return !step.nullable;
  }
  if (!(step.key in object)) return false;
  const nulled = denyInValue(object[step.key], step, 0, field, index + 1, here, report);
  if (!nulled) return false;
  object[step.key] = null;
  return !step.nullable;
}

/** Walks a field's value through its list levels; returns true when `value` must become null. */
function denyInValue(
  value: unknown,
  step: DeniedStep,
  depth: number,
  field: DeniedField,
  next: number,
  path: Path,
  report: Report,
): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (!Array.isArray(value)) return denyIn(value as JsonObject, field, next, path, report);
  const itemNullable = step.itemsNullable[depth] ?? true;
  for (let i = 0; i < value.length; i += 1) {
    if (!denyInValue(value[i], step, depth + 1, field, next, [...path, i], report)) continue;
    if (!itemNullable) return true;
    value[i] = null;
  }
  return false;
}

function applies(step: DeniedStep, object: JsonObject): boolean {
  if (!step.guard) return true;
  const typename = object[AUTHZ_TYPENAME];
  return typeof typename === 'string' && step.guard.includes(typename);
}

function stripTypenames(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) stripTypenames(item);
    return;
  }
  const object = value as JsonObject;
  delete object[AUTHZ_TYPENAME];
  for (const child of Object.values(object)) stripTypenames(child);
}
