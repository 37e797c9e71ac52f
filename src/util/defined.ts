/**
 * The fields of `o` that are set. With exactOptionalPropertyTypes an
 * optional field may be absent but not `undefined`; this builds such
 * objects without a `...(x !== undefined && { x })` per field.
 */
export function defined<T extends object>(
  o: T
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined)
  ) as { [K in keyof T]?: Exclude<T[K], undefined> }
}
