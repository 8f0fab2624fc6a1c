// Request URLs are logged at debug level (and with error lines); a caller may put a credential anywhere in them.
// Before a URL is logged:
//   - the value of every parameter with a secret-looking name is replaced, in the query (`?access_token=…`,
//     `&sig=…`) and in path parameters (`;access_token=…`, as some servers read them);
//   - whatever is shaped like a credential is replaced wherever it is, whatever it is called: a JWT or JWE
//     (`eyJ…` segments joined by dots), and the credential after a `Bearer` or `Basic` scheme, spelled with a
//     space, `+` or `%20`.
// Over-redacting a log line costs nothing; a token in clear in a log is a leak.
const SECRET_NAME =
  /token|secret|assertion|password|passwd|api[-_]?key|signature|^sig$|jwt|auth|credential|session|^code$|^key$/i;
/** A JWS/JWE compact serialisation: base64url JSON (`eyJ` = `{"`) segments joined by dots, possibly encoded. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]*(?:(?:\.|%2[Ee])[A-Za-z0-9_-]*){1,4}/g;
/** `Bearer <credential>` or `Basic <credential>`, the space as ` `, `+` or `%20`. */
const SCHEME_SHAPE = /\b(bearer|basic)((?:%20|\+| )+)[^&;/?#\s]+/gi;
const REDACTED = '[redacted]';

function decodedName(rawName: string): string {
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    return rawName;
  }
}

/** `name=value` with a secret-looking name gets its value replaced. */
function redactPair(part: string): string {
  const eq = part.indexOf('=');
  if (eq === -1) return part;
  const rawName = part.slice(0, eq);
  return SECRET_NAME.test(decodedName(rawName)) ? `${rawName}=${REDACTED}` : part;
}

/** A path segment with `;name=value` parameters gets the secret-named values replaced. */
function redactSegment(segment: string): string {
  const semi = segment.indexOf(';');
  if (semi === -1) return segment;
  const params = segment
    .slice(semi + 1)
    .split(';')
    .map(redactPair);
  return `${segment.slice(0, semi)};${params.join(';')}`;
}

/** The URL (path + query) with secret-named values and credential-shaped text replaced by `[redacted]`. */
export function redactUrlSecrets(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const redactedPath = path.indexOf(';') === -1 ? path : path.split('/').map(redactSegment).join('/');
  const redactedQuery =
    q === -1
      ? ''
      : `?${url
          .slice(q + 1)
          .split('&')
          .map((part) =>
            part.indexOf(';') === -1 ? redactPair(part) : part.split(';').map(redactPair).join(';'),
          )
          .join('&')}`;
  return `${redactedPath}${redactedQuery}`
    .replace(JWT_SHAPE, REDACTED)
    .replace(SCHEME_SHAPE, (_all, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
}
