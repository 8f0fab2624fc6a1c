// Two checks on a compact JWS that jose leaves to the caller, before a token or an assertion reaches jose:
//
// - Canonical base64url. The last character of a base64url segment can carry spare bits (a 256-bit HMAC in 43
//   characters leaves 2): decoders ignore them, so up to four spellings of one signature verify. On Node 20 jose
//   decodes with atob, which ignores them too. A signature is accepted only in its one canonical spelling, so that
//   a token's text is its identity (the token cache and the replay table key on the text).
// - Reading `iss` without trusting it: the token endpoint needs the claimed issuer of an assertion to find the
//   client whose key verifies it (RFC 7521 §4.2), before anything is verified.
import { base64url, decodeJwt } from 'jose';

/**
 * False when the token is `header.payload.signature` and its signature is not in canonical base64url (spare bits
 * set, or characters outside the alphabet); true otherwise (what is not three segments is jose's to refuse).
 */
export function hasCanonicalSignature(token: string): boolean {
  const first = token.indexOf('.');
  const last = token.lastIndexOf('.');
  if (first === -1 || last === first || token.indexOf('.', first + 1) !== last) return true;
  const signature = token.slice(last + 1);
  if (!/^[A-Za-z0-9_-]*$/.test(signature)) return false;
  try {
    return base64url.encode(base64url.decode(signature)) === signature;
  } catch {
    return false; // a length no base64url text has (4n + 1)
  }
}
/** The unverified `iss` claim of a JWT, or undefined when it has none or is no JWT. */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
