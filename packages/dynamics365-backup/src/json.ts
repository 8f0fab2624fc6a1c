// Dynamics pages carry int64 values as `bigint` (backupSize; ticks in queries), and `JSON.stringify` throws on a
// bigint. toJsonSafe turns a page, a job, or any value built of them into plain JSON data, each bigint as its
// exact decimal string: a number would silently round above 2^53, and a string is what a consumer in any
// language can parse back without loss.

/** `T` with every `bigint` replaced by `string`, recursively: the shape `toJsonSafe` returns. */
export type JsonSafe<T> = T extends bigint
  ? string
  : T extends readonly (infer Item)[]
    ? JsonSafe<Item>[]
    : T extends object
      ? { [K in keyof T]: JsonSafe<T[K]> }
      : T;

/**
 * A copy of `value` that `JSON.stringify` can write: every `bigint` becomes its decimal string
 * (`backupSize: 1234n` → `"1234"`); everything else is copied as is. For a dashboard's `res.json(toJsonSafe(page))`.
 */
export function toJsonSafe<T>(value: T): JsonSafe<T> {
  return convert(value) as JsonSafe<T>;
}

function convert(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = convert(item);
    return copy;
  }
  return value;
}
