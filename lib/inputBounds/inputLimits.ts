/**
 * How long a string and how many items a list in an operation's input may be. Keys of
 * `fields` are GraphQL schema coordinates: `AddNoteInput.body` for an input object's
 * field, `Mutation.recordScreen(screen:)` for a field's argument. Whatever has no entry
 * gets the defaults, so an input added to the schema later is bounded without anyone
 * remembering to.
 */
export interface InputLimits {
  /** Most characters of any string input (a `String` or custom scalar) without an override. */
  readonly maxStringLength: number;
  /** Most characters of any `ID` input without an override. */
  readonly maxIdLength: number;
  /** Most items of any list input without an override. */
  readonly maxListItems: number;
  /** Overrides by schema coordinate. */
  readonly fields: Readonly<Record<string, FieldLimit>>;
}

/** An override for one input field or argument; what it leaves out keeps the default. */
export interface FieldLimit {
  /** Most characters of the string (or of each string of a list). */
  readonly maxLength?: number;
  /** Most items of the list. */
  readonly maxItems?: number;
}

/**
 * The bounds of a gateway given no limits of its own (any supergraph): long enough for
 * any identifier or short text a form sends, and nowhere near the body limit.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = Object.freeze({
  maxStringLength: 1000,
  maxIdLength: 128,
  maxListItems: 100,
  fields: {},
});

/** The limit of one coordinate whose leaf type is `leafType`: its override, else the default. */
export function limitOf(
  limits: InputLimits,
  coordinate: string,
  leafType: string,
): { maxLength: number; maxItems: number } {
  const override = limits.fields[coordinate];
  const maxLength = leafType === 'ID' ? limits.maxIdLength : limits.maxStringLength;
  return {
    maxLength: override?.maxLength ?? maxLength,
    maxItems: override?.maxItems ?? limits.maxListItems,
  };
}
