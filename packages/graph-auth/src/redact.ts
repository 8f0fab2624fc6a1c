// Error messages end up in logs and terminals, so anything that could carry a credential is scrubbed first.

const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Replaces every known secret, bearer value and JWT-looking string in `text` with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would blank out ordinary words; real secrets and tokens are long.
    if (secret !== undefined && secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out.replace(BEARER, 'Bearer [redacted]').replace(JWT, '[redacted]');
}
