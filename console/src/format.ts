/** A timestamp as a rep reads it, in the browser's time zone. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** SOME_ENUM_VALUE → "some enum value". */
export function words(value: string | null | undefined): string {
  return (value ?? '').toLowerCase().replace(/_/g, ' ');
}
