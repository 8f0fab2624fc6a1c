// Every string that leaves the suite (console, JSON, JUnit, error messages) goes through one Redactor, which
// knows every secret of the run: the client secret, the private key, the bearer tokens and the assertions.

export const REDACTED = '<redacted>';

/** Query parameters whose values are secret whatever they hold (defence in depth for URLs a server sends back). */
const SECRET_PARAMS = /^(client_secret|client_assertion|access_token|token|assertion|password|code)$/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; a PEM also registers each of its base64 lines, so a partial leak is caught too. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 6) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
    if (secret.includes('-----BEGIN')) {
      for (const line of secret.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed.length >= 16 && !trimmed.startsWith('-----')) this.secrets.add(trimmed);
      }
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so that a secret containing another is removed whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** Redacts a URL: known secrets anywhere, and the values of secret-named query parameters. */
  redactUrl(url: string): string {
    try {
      const parsed = new URL(url);
      for (const key of [...parsed.searchParams.keys()]) {
        if (SECRET_PARAMS.test(key)) parsed.searchParams.set(key, REDACTED);
      }
      if (parsed.username || parsed.password) {
        parsed.username = '';
        parsed.password = '';
      }
      return this.redact(decodeURIComponent(parsed.toString()));
    } catch {
      return this.redact(url);
    }
  }

  /** Deep-redacts every string in a JSON-like value. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.redactValue(v);
      return out as T;
    }
    return value;
  }
}
