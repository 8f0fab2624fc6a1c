// The server's querystring parser (fastify routerOptions.querystringParser). It keeps the query as an ordered
// list of pairs rather than an object, so that repeats (also under different casing) stay visible, names such
// as `__proto__` or `constructor` are plain strings, and a broken percent-encoding is reported for the
// parameter it belongs to instead of throwing.

export interface RawPair {
  /** The decoded name, or null when the name itself is not valid percent-encoded UTF-8 (such a pair is ignored). */
  readonly name: string | null;
  /** The decoded value, or null when it is not valid percent-encoded UTF-8. */
  readonly value: string | null;
}

export type RawQuery = readonly RawPair[];

const EMPTY: RawQuery = Object.freeze([]);

function decode(text: string): string | null {
  // Fast path: most names and values need no decoding at all.
  if (text.indexOf('%') === -1 && text.indexOf('+') === -1) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Splits `a=1&B=2&a` into pairs, decoding `+` and percent-escapes (form encoding, as ASP.NET Core reads it). */
export function parseRawQuery(queryString: string): RawQuery {
  if (queryString.length === 0) return EMPTY;
  const pairs: RawPair[] = [];
  let start = 0;
  const length = queryString.length;
  while (start <= length) {
    let end = queryString.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      const eq = queryString.indexOf('=', start);
      if (eq === -1 || eq > end) {
        pairs.push({ name: decode(queryString.slice(start, end)), value: '' });
      } else {
        pairs.push({
          name: decode(queryString.slice(start, eq)),
          value: decode(queryString.slice(eq + 1, end)),
        });
      }
    }
    start = end + 1;
  }
  return pairs;
}

/** Narrows fastify's `request.query` (whatever the parser returned) back to a RawQuery. */
export function asRawQuery(query: unknown): RawQuery {
  return Array.isArray(query) ? (query as RawQuery) : EMPTY;
}
