// OAuth 2.0 client credentials against the AvePoint identity service: a secret or a certificate assertion, a
// cached token refreshed before it expires, and one shared refresh for any number of concurrent callers.
import type { AssertionSigner } from './assertion-types.js';
import { createCertificateSigner } from './certificate-signer.js';
import { GraphError, TokenError } from './errors.js';
import { type HttpPolicyOptions, resolvePolicy, sendWithPolicy } from './http.js';

/** A client id with a client secret. */
export interface SecretCredentials {
  clientId: string;
  clientSecret: string;
  certificatePem?: never;
  privateKeyPem?: never;
}

/** A client id with a certificate and its private key, both PEM (the vendor's recommended credential). */
export interface CertificateCredentials {
  clientId: string;
  certificatePem: string;
  privateKeyPem: string;
  clientSecret?: never;
}

/** Either kind of app credential. */
export type ClientCredentials = SecretCredentials | CertificateCredentials;

/** Where and how to ask for tokens. */
export interface TokenProviderOptions extends HttpPolicyOptions {
  /** The token endpoint, e.g. `TOKEN_URLS.commercial` or the mock's `http://127.0.0.1:4010/connect/token`. */
  tokenUrl: string;
  /** The scope or scopes to ask for (bare permission names, e.g. `salesforce.public.read.all`). */
  scope: string | readonly string[];
  /** Refresh this many seconds before the token expires (at most half its lifetime). Default 60. */
  refreshSkewSeconds?: number;
}

/** Gives out bearer tokens. Both clients accept any implementation of it. */
export interface TokenProvider {
  /** A valid access token; cached, refreshed before expiry, one refresh shared by concurrent callers. */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Drops `token` from the cache after the API rejected it (401); a newer cached token is kept. */
  invalidate(token: string): void;
  /** Whether a new token can be had after `invalidate` (false for a fixed token): a 401 is retried only if so. */
  readonly refreshable: boolean;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface CachedToken {
  token: string;
  refreshAt: number;
}

/**
 * Creates a token provider for the client credentials flow, with a client secret or with a certificate (an RS256
 * client assertion with a fresh `jti` for every token request). Tokens are cached until shortly before they
 * expire; concurrent callers share a single request to the token endpoint, which is retried like any request
 * (429, 5xx, network errors). A refusal becomes a `TokenError` whose message carries no secret.
 */
export function createTokenProvider(
  credentials: ClientCredentials,
  options: TokenProviderOptions,
): TokenProvider {
  const policy = resolvePolicy(options);
  const scope = typeof options.scope === 'string' ? options.scope : options.scope.join(' ');
  const skewMs = (options.refreshSkewSeconds ?? 60) * 1000;
  const { clientId } = credentials;
  if (!clientId) throw new GraphError('clientId is required');
  let signer: AssertionSigner | undefined;
  if ('certificatePem' in credentials && credentials.certificatePem !== undefined) {
    signer = createCertificateSigner(credentials.certificatePem, credentials.privateKeyPem);
  } else if (!credentials.clientSecret) {
    throw new GraphError('Either clientSecret or certificatePem and privateKeyPem are required');
  }
  const secrets = [credentials.clientSecret];

  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;

  async function body(): Promise<URLSearchParams> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope });
    if (signer) {
      form.set('client_assertion_type', ASSERTION_TYPE);
      form.set(
        'client_assertion',
        await signer.sign({ clientId, audience: options.tokenUrl, nowMs: policy.clock.now() }),
      );
    } else {
      form.set('client_secret', credentials.clientSecret ?? '');
    }
    return form;
  }

  async function requestToken(): Promise<CachedToken> {
    const response = await sendWithPolicy(
      // Built per attempt so that every retry carries a fresh assertion (the identity service rejects a jti twice).
      async (signal) =>
        new Request(options.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: await body(),
          signal,
        }),
      policy,
    );
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      throw new TokenError({
        status: response.status,
        error: stringField(json, 'error'),
        description: stringField(json, 'error_description'),
        requestId: response.headers.get('request-id') ?? undefined,
        secrets,
      });
    }
    const token = stringField(json, 'access_token');
    if (!token)
      throw new TokenError({ status: response.status, description: 'the answer has no access_token' });
    const expiresIn = json && typeof json.expires_in === 'number' ? json.expires_in : 3600;
    const lifetimeMs = expiresIn * 1000;
    // Refresh `skew` early, but never earlier than half-way: short-lived tokens (tests, mocks) stay useful.
    const refreshAt = policy.clock.now() + Math.max(lifetimeMs - skewMs, lifetimeMs / 2);
    return { token, refreshAt };
  }

  return {
    refreshable: true,
    async getToken(signal) {
      signal?.throwIfAborted();
      if (cached && policy.clock.now() < cached.refreshAt) return cached.token;
      if (!inflight) {
        inflight = requestToken().then(
          (fresh) => {
            cached = fresh;
            inflight = undefined;
            return fresh;
          },
          (error: unknown) => {
            inflight = undefined;
            throw error;
          },
        );
      }
      // The shared refresh is not cancelled by one caller's abort: the others still want the token.
      return (await raceSignal(inflight, signal)).token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** A provider for a token obtained elsewhere. It cannot refresh, so a 401 is final. */
export function staticTokenProvider(token: string): TokenProvider {
  if (!token) throw new GraphError('token must not be empty');
  return { refreshable: false, getToken: async () => token, invalidate: () => {} };
}

function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(json: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = json?.[key];
  return typeof value === 'string' ? value : undefined;
}
