import {
  Variable,
  isSubtype,
  type CompositeType,
  type Field,
  type FieldSelection,
  type FragmentElement,
  type NamedType,
  type Operation,
  type Schema,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';

/** `@skip(if:)` / `@include(if:)` of one selection: a literal, or the variable to read. */
export interface Condition {
  readonly skip: boolean | string | undefined;
  readonly include: boolean | string | undefined;
}

/** One field of a compiled selection set. */
export interface FieldStep {
  readonly kind: 'field';
  readonly responseName: string;
  readonly condition: Condition | null;
  /** `__typename` (under any alias): answered from the runtime type. */
  readonly typename: boolean;
  /** `__schema` / `__type`: answered by graphql-js on the API schema. */
  readonly introspection: FieldSelection | null;
  readonly type: Type;
  readonly sub: readonly Step[] | null;
}

/** An inline fragment or fragment spread: applies when the runtime type matches. */
export interface FragmentStep {
  readonly kind: 'fragment';
  readonly condition: Condition | null;
  readonly typeCondition: CompositeType | undefined;
  readonly sub: readonly Step[];
  /** Whether the fragment applies, by runtime `__typename` (or static parent), memoized. */
  readonly applies: Map<string, boolean>;
}

export type Step = FieldStep | FragmentStep;

/** The operation's response shape, compiled once per operation and cached with its plan. */
export interface CompiledShape {
  readonly schema: Schema;
  readonly root: readonly Step[];
  readonly rootType: CompositeType;
  /** Types by name, looked up once (a runtime `__typename` is one of a few). */
  readonly types: Map<string, NamedType | undefined>;
  /** Defaults of the operation's variables, read by `@skip`/`@include`. */
  readonly defaultedVariables: Readonly<Record<string, unknown>>;
  /**
   * Whether the answer's objects may be plain `{}`: no response name is one an object
   * inherits (`constructor`, `__proto__`...). Plain objects get V8's fast properties;
   * `Object.create(null)` ones are dictionaries, slower to fill and to serialize.
   */
  readonly plainObjects: boolean;
}

/** Compiles the shaping of `operation` (a federation-internals operation on the API schema). */
export function compileShape(operation: Operation): CompiledShape {
  const schema = operation.schema();
  const rootType = schema.schemaDefinition.rootType(operation.rootKind);
  if (!rootType) throw new Error(`the schema has no ${operation.rootKind} type`);
  const root = compileSet(operation.selectionSet);
  return {
    schema,
    root,
    rootType,
    types: new Map(),
    defaultedVariables: operation.collectDefaultedVariableValues() as Record<string, unknown>,
    plainObjects: !inheritsAName(root),
  };
}

function inheritsAName(steps: readonly Step[]): boolean {
  return steps.some((step) =>
    step.kind === 'field'
      ? step.responseName in Object.prototype || (!!step.sub && inheritsAName(step.sub))
      : inheritsAName(step.sub),
  );
}

function compileSet(selectionSet: SelectionSet): Step[] {
  const steps: Step[] = [];
  for (const selection of selectionSet.selections()) {
    const condition = conditionOf(selection.element, selectionSet.parentType.schema());
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      steps.push({
        kind: 'field',
        responseName: field.responseName(),
        condition,
        typename: field.name === '__typename',
        introspection: field.definition.isSchemaIntrospectionField() ? selection : null,
        type: field.definition.type!,
        sub: selection.selectionSet ? compileSet(selection.selectionSet) : null,
      });
    } else {
      steps.push({
        kind: 'fragment',
        condition,
        typeCondition: selection.element.typeCondition,
        sub: compileSet(selection.selectionSet),
        applies: new Map(),
      });
    }
  }
  return steps;
}

type DirectiveHolder = Field | FragmentElement;

function conditionOf(element: DirectiveHolder, schema: Schema): Condition | null {
  const skip = element.appliedDirectivesOf(schema.skipDirective())[0];
  const include = element.appliedDirectivesOf(schema.includeDirective())[0];
  if (!skip && !include) return null;
  return {
    skip: skip && ifArgument(skip.arguments().if),
    include: include && ifArgument(include.arguments().if),
  };
}

function ifArgument(value: unknown): boolean | string {
  if (value instanceof Variable) return value.name;
  return value === true;
}

/** Whether a fragment applies to an object of runtime type `typename` (or its static parent). */
export function fragmentApplies(
  schema: Schema,
  step: FragmentStep,
  typename: string | undefined,
  parentType: NamedType,
): boolean {
  const condition = step.typeCondition;
  if (!condition) return true;
  const key = typename ? typename : `\0${parentType.name}`;
  const known = step.applies.get(key);
  if (known !== undefined) return known;
  let applies: boolean;
  if (typename) {
    const type = schema.type(typename);
    applies = !!type && isSubtype(condition, type);
  } else {
    applies = isSubtype(condition, parentType);
  }
  step.applies.set(key, applies);
  return applies;
}

/** The schema's type named `name`, memoized on the shape. */
export function typeNamed(shape: CompiledShape, name: string): NamedType | undefined {
  if (shape.types.has(name)) return shape.types.get(name);
  const type = shape.schema.type(name);
  shape.types.set(name, type);
  return type;
}
