// How the suite gets a bearer token: a client secret, a certificate (RS256 client assertion, as the vendor's
// general docs on authentication describe its IdentityServer flow; decision 0009), or a token the user already
// has. Every secret is registered with the Redactor before it is used, so it can never reach a report.
import { certificateThumbprint, signClientAssertion } from '@jobwatch/graph-auth';
import type { HttpClient } from './http.js';
import type { Redactor } from './redact.js';

export type Credentials =
  | { kind: 'client-secret'; clientId: string; clientSecret: string; tokenUrl: string }
  | {
      kind: 'certificate';
      clientId: string;
      privateKeyPem: string;
      certificatePem?: string;
      tokenUrl: string;
    }
  | { kind: 'bearer-token'; token: string };

/** What a report may say about the credentials: the kind and the client id, nothing secret. */
export function describeCredentials(credentials: Credentials): string {
  if (credentials.kind === 'bearer-token') return 'pre-issued bearer token';
  return `${credentials.kind} for client ${credentials.clientId}`;
}

export function registerSecrets(credentials: Credentials, redactor: Redactor): void {
  if (credentials.kind === 'client-secret') redactor.add(credentials.clientSecret);
  if (credentials.kind === 'certificate') redactor.add(credentials.privateKeyPem);
  if (credentials.kind === 'bearer-token') redactor.add(credentials.token);
}

/**
 * Builds the RS256 client assertion with the project's one builder (@jobwatch/graph-auth, on jose): iss = sub =
 * client id, aud = token URL, fresh jti, valid 5 minutes, and x5t when the certificate is given.
 */
export function buildClientAssertion(
  credentials: Extract<Credentials, { kind: 'certificate' }>,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  return signClientAssertion({
    clientId: credentials.clientId,
    audience: credentials.tokenUrl,
    privateKey: credentials.privateKeyPem,
    nowMs: nowSeconds * 1000,
    ...(credentials.certificatePem ? { x5t: certificateThumbprint(credentials.certificatePem) } : {}),
  });
}

export type TokenResult = { token: string; tokenType?: string; scope?: string; expiresIn?: number };

/** Gets tokens per scope (cached), the way a live client would: one token request per API. */
export class TokenProvider {
  private readonly cache = new Map<string, Promise<TokenResult>>();

  constructor(
    readonly credentials: Credentials,
    private readonly http: HttpClient,
    private readonly redactor: Redactor,
  ) {
    registerSecrets(credentials, redactor);
  }

  get canRequestTokens(): boolean {
    return this.credentials.kind !== 'bearer-token';
  }

  /** A token for the scope, cached for the run. */
  token(scope: string): Promise<TokenResult> {
    const key = scope.toLowerCase();
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.requestToken(scope);
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
    }
    return entry;
  }

  /** Always asks the token endpoint (the auth check proves that a fresh token works). */
  async requestToken(scope: string): Promise<TokenResult> {
    const c = this.credentials;
    if (c.kind === 'bearer-token') return { token: c.token };
    const form: Record<string, string> = { grant_type: 'client_credentials', client_id: c.clientId, scope };
    if (c.kind === 'client-secret') {
      form.client_secret = c.clientSecret;
    } else {
      const assertion = await buildClientAssertion(c);
      this.redactor.add(assertion);
      form.client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      form.client_assertion = assertion;
    }
    const res = await this.http.postForm(c.tokenUrl, form);
    const body = res.json as Record<string, unknown> | undefined;
    const token = body && typeof body.access_token === 'string' ? body.access_token : undefined;
    if (token) this.redactor.add(token);
    if (res.status !== 200 || !token) {
      throw new Error(
        this.redactor.redact(
          `the token endpoint ${res.request.url} did not issue a token for scope ${scope}: HTTP ${res.status} ${res.text.slice(0, 300)}`,
        ),
      );
    }
    return {
      token,
      tokenType: typeof body?.token_type === 'string' ? body.token_type : undefined,
      scope: typeof body?.scope === 'string' ? body.scope : undefined,
      expiresIn: typeof body?.expires_in === 'number' ? body.expires_in : undefined,
    };
  }
}
