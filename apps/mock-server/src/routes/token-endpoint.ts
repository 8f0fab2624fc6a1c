// POST /connect/token, without a transport: OAuth 2.0 client credentials (RFC 6749 §4.4) as the vendor's docs on
// authentication describe its identity service (decision 0009). The Fastify route (token.ts) and the MSW handlers
// (msw/) parse the body their own way and give the form here. Client authentication by secret (form fields or
// HTTP Basic) or by an RS256 client assertion (RFC 7523). Failures are RFC 6749 §5.2 JSON. Faults (latency, Prefer) do not apply here: the
// token endpoint is the identity service, not the API under test. The accepted assertion audiences come from
// configuration (auth/audiences.ts, decision 0012), never from the request's Host.
import { ASSERTION_TYPE_JWT_BEARER, type AssertionVerifier } from '../auth/assertion.js';
import type { ClientRegistry, RegisteredClient } from '../auth/clients.js';
import { unverifiedIssuer } from '../auth/compact.js';
import type { TokenService } from '../auth/tokens.js';
import { OAuthError } from '../errors.js';
import type { RawQuery } from '../query/raw.js';

export const TOKEN_PATH = '/connect/token';

export interface TokenRouteOptions {
  clients: ClientRegistry;
  tokens: TokenService;
  assertions: AssertionVerifier;
  /** The accepted client-assertion audiences (this server's token URLs). */
  audiences: () => readonly string[];
}

type Form = Map<string, string>;

const UTF8 = new TextDecoder();

/** Form fields, each at most once (RFC 6749 §3.2: parameters MUST NOT be included more than once). */
function formOf(raw: RawQuery): Form {
  const form: Form = new Map();
  for (const { name, value } of raw) {
    if (name === null || value === null)
      throw new OAuthError('invalid_request', 'The body is not valid form encoding.');
    if (form.has(name))
      throw new OAuthError('invalid_request', `The ${name.slice(0, 40)} parameter is repeated.`);
    form.set(name, value);
  }
  return form;
}

/** `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1), or null when absent. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (header === undefined) return null;
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  const malformed = () => new OAuthError('invalid_client', 'The Basic authorization header is malformed.');
  if (!match) throw malformed();
  let decoded: string;
  try {
    // atob gives one char per byte; the bytes are UTF-8 (RFC 7617 §2.1 with charset="UTF-8").
    decoded = UTF8.decode(Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)));
  } catch {
    throw malformed();
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw malformed();
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw malformed();
  }
}

const clientFailed = () => new OAuthError('invalid_client', 'Client authentication failed.');

/** A token request: the parsed form body (null when the body is not a form), and the Authorization header. */
export interface TokenRequest {
  form: RawQuery | null;
  authorization: string | undefined;
}

/** The answer: always JSON (a token, or an RFC 6749 §5.2 error), never cached by the client. */
export interface TokenAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** JSON text. */
  body: string;
}

export interface TokenEndpoint {
  answer(request: TokenRequest): Promise<TokenAnswer>;
  /** The answer to an OAuth failure found outside `answer` (a body too large, a wrong media type). */
  failure(error: OAuthError): TokenAnswer;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
const JSON_TYPE = 'application/json; charset=utf-8';

export function createTokenEndpoint(options: TokenRouteOptions): TokenEndpoint {
  const { clients, tokens, assertions, audiences } = options;
  async function authenticate(authorization: string | undefined, form: Form): Promise<RegisteredClient> {
    const basic = basicCredentials(authorization);
    const formSecret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const assertionType = form.get('client_assertion_type');
    const methods = (basic ? 1 : 0) + (formSecret !== undefined ? 1 : 0) + (assertion !== undefined ? 1 : 0);
    if (methods > 1) throw new OAuthError('invalid_request', 'Use exactly one client authentication method.');

    if (assertion !== undefined || assertionType !== undefined) {
      if (assertionType !== ASSERTION_TYPE_JWT_BEARER) {
        throw new OAuthError(
          'invalid_request',
          `client_assertion_type must be ${ASSERTION_TYPE_JWT_BEARER}.`,
        );
      }
      if (assertion === undefined || assertion === '')
        throw new OAuthError('invalid_request', 'client_assertion is missing.');
      // The client is named by client_id or, when absent, by the assertion's iss (RFC 7521 §4.2); it is only a
      // lookup key here, the signature check below is what authenticates.
      const clientId = form.get('client_id') ?? unverifiedIssuer(assertion);
      const client = clientId === undefined ? undefined : clients.get(clientId);
      if (client === undefined || client.publicKey === null) throw clientFailed();
      await assertions.verify(client, assertion, audiences());
      return client;
    }

    const clientId = basic?.id ?? form.get('client_id');
    const secret = basic?.secret ?? formSecret;
    if (clientId === undefined || clientId === '') {
      throw new OAuthError(
        'invalid_client',
        'Client authentication is required (client_id and client_secret).',
      );
    }
    if (basic && form.has('client_id') && form.get('client_id') !== basic.id) {
      throw new OAuthError('invalid_request', 'client_id differs from the Basic authorization header.');
    }
    const client = clients.get(clientId);
    if (client === undefined || secret === undefined || !clients.secretMatches(client, secret)) {
      const error = clientFailed();
      if (basic) (error as OAuthError & { basic?: boolean }).basic = true;
      throw error;
    }
    return client;
  }

  function grantedScopes(client: RegisteredClient, requested: string | undefined): string[] {
    // Omitted (or blank) scope: every scope the client holds, as IdentityServer does.
    if (requested === undefined || requested.trim() === '') return [...client.scopes];
    const granted: string[] = [];
    for (const name of requested.split(' ')) {
      if (name === '') continue;
      const canonical = clients.canonical(name);
      if (canonical === undefined || !client.scopes.includes(canonical)) {
        const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
        throw new OAuthError('invalid_scope', `The scope ${shown} is unknown or not granted to this client.`);
      }
      if (!granted.includes(canonical)) granted.push(canonical);
    }
    return granted;
  }

  function failure(oauth: OAuthError): TokenAnswer {
    const headers: Record<string, string> = { 'content-type': JSON_TYPE, ...NO_STORE };
    if ((oauth as OAuthError & { basic?: boolean }).basic)
      headers['www-authenticate'] = 'Basic realm="jobwatch-mock"';
    return {
      status: oauth.status,
      headers,
      body: JSON.stringify({ error: oauth.code, error_description: oauth.message }),
    };
  }

  async function grant(request: TokenRequest): Promise<TokenAnswer> {
    if (request.form === null) {
      throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const form = formOf(request.form);
    const grantType = form.get('grant_type');
    if (grantType === undefined || grantType === '')
      throw new OAuthError('invalid_request', 'grant_type is missing.');
    if (grantType !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    const client = await authenticate(request.authorization, form);
    const scopes = grantedScopes(client, form.get('scope'));
    const issued = await tokens.issue(client.clientId, scopes);
    return {
      status: 200,
      headers: { 'content-type': JSON_TYPE, ...NO_STORE },
      body: JSON.stringify({
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        ext_expires_in: issued.expiresIn,
        access_token: issued.accessToken,
        scope: issued.scope,
      }),
    };
  }

  return {
    // Anything but an OAuthError is a bug: it propagates, for the caller to log and answer 500.
    answer: (request) =>
      grant(request).catch((error: unknown) => {
        if (error instanceof OAuthError) return failure(error);
        throw error;
      }),
    failure,
  };
}

/** The 500 of the token endpoint, in RFC 6749 terms. */
export const TOKEN_SERVER_ERROR: TokenAnswer = {
  status: 500,
  headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
  body: JSON.stringify({ error: 'server_error', error_description: 'An unexpected error occurred.' }),
};
