/** One step of a denied field's path: a response key and what GraphQL needs to null it. */
export interface DeniedStep {
  /** The response key (the alias if there is one). */
  readonly key: string;
  /**
   * When the field was selected under a type condition narrower than the object's static
   * type: the concrete types it applies to, checked against the response's
   * {@link AUTHZ_TYPENAME} on the object holding `key`.
   */
  readonly guard?: readonly string[];
  /** Whether the field's own type is nullable. */
  readonly nullable: boolean;
  /** For a list type, whether the items at each list depth are nullable (outermost first). */
  readonly itemsNullable: readonly boolean[];
}

/** A field occurrence the caller may not read, removed from the executed document. */
export interface DeniedField {
  /** The type the field was selected on, for the error message. */
  readonly typeName: string;
  readonly fieldName: string;
  /** Path template from the operation root to the field, inclusive. */
  readonly path: readonly DeniedStep[];
}

/** Response key under which the rewritten document asks for `__typename`; removed again from the result. */
export const AUTHZ_TYPENAME = '__authz_typename';
