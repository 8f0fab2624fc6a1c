// The auth matrix (decision 4) for both APIs, through the REAL mock process: a missing, malformed, badly
// signed, expired, not-yet-valid or wrong-issuer token gets exactly 401; a valid token without the endpoint's scope
// (also a token for the other API) gets exactly 403; each in the API's documented error shape, with a Bearer
// challenge and a request-id, and without echoing the token.
//
// Forging: expired / not-yet-valid / wrong-issuer tokens must be otherwise validly signed, so the mock runs with a
// known `--token-secret` and the tokens are signed with the key the mock derives from it (src/jwt.ts). A positive
// control (a forged, otherwise valid token → 200) proves the forgery right before any 401 is believed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CASES, type ApiCase, broadQuery } from '../src/apis.js';
import { closeSharedAgent, get, json, type RawResponse } from '../src/http.js';
import {
  accessClaims,
  type Claims,
  encodeJwt,
  mockAccessTokenKey,
  signHs256,
  unsignedJwt,
} from '../src/jwt.js';
import { DYNAMICS_SCOPE, type MockProcess, requestToken, SALESFORCE_SCOPE, startMock } from '../src/mock.js';

const TOKEN_SECRET = 'hardening-token-secret-0123456789';
const KEY = mockAccessTokenKey({ tokenSecret: TOKEN_SECRET });
const OTHER_KEY = mockAccessTokenKey({ tokenSecret: 'some-other-secret-0123456789' });

let mock: MockProcess;
/** Real tokens from the token endpoint, by scope set. */
const real: Record<'both' | 'salesforce' | 'dynamics365' | 'narrowSalesforce', string> = {
  both: '',
  salesforce: '',
  dynamics365: '',
  narrowSalesforce: '',
};
/** iss/aud of a real token, to forge look-alikes. */
let template: Claims = {};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hardening-auth-'));
  const clients = join(dir, 'clients.yaml');
  writeFileSync(
    clients,
    `- clientId: sf-only\n  clientSecret: sf-only-secret-value\n  scopes: [${SALESFORCE_SCOPE}]\n`,
  );
  mock = await startMock({ args: ['--token-secret', TOKEN_SECRET, '--clients', clients] });
  const token = async (id: string, secret: string, scope?: string) => {
    const result = await requestToken(mock.tokenUrl, id, secret, scope);
    if (!result.token) throw new Error(`no token: ${JSON.stringify(result.body)}`);
    return result.token;
  };
  real.both = await token('jobwatch-demo', 'jobwatch-demo-secret');
  real.salesforce = await token('jobwatch-demo', 'jobwatch-demo-secret', SALESFORCE_SCOPE);
  real.dynamics365 = await token('jobwatch-demo', 'jobwatch-demo-secret', DYNAMICS_SCOPE.toLowerCase());
  real.narrowSalesforce = await token('sf-only', 'sf-only-secret-value');
  const payload = JSON.parse(Buffer.from(real.both.split('.')[1]!, 'base64url').toString('utf8')) as Claims;
  template = { iss: payload.iss, aud: payload.aud };
});

afterAll(async () => {
  closeSharedAgent();
  expect(await mock?.stop()).toBe(0);
});

const now = () => Math.floor(Date.now() / 1000);
const forge = (scope: string, overrides: Claims = {}, key: Buffer = KEY) =>
  signHs256(key, accessClaims(scope, { ...template, ...overrides }));

function other(c: ApiCase): ApiCase {
  return API_CASES.find((a) => a.api !== c.api)!;
}

type Row = [name: string, authorization: (c: ApiCase) => string | undefined, status: 200 | 401 | 403];

const ROWS: Row[] = [
  // Positive controls: the harness and the forgery are right.
  ['a real token with both scopes', () => `Bearer ${real.both}`, 200],
  ['a real token with only this API scope', (c) => `Bearer ${real[c.api]}`, 200],
  ['a forged, otherwise valid token', (c) => `Bearer ${forge(c.scope)}`, 200],
  ['a forged token with the scope in lower case', (c) => `Bearer ${forge(c.scope.toLowerCase())}`, 200],
  ['the scheme in lower case (RFC 6750: case-insensitive)', () => `bearer ${real.both}`, 200],
  // 401: missing or malformed.
  ['no Authorization header', () => undefined, 401],
  ['an empty Authorization header', () => '', 401],
  ['"Bearer" without a token', () => 'Bearer', 401],
  ['"Bearer " and spaces', () => 'Bearer    ', 401],
  [
    'Basic credentials',
    () => `Basic ${Buffer.from('jobwatch-demo:jobwatch-demo-secret').toString('base64')}`,
    401,
  ],
  ['the token without a scheme', () => real.both, 401],
  ['not a JWT', () => 'Bearer not-a-jwt', 401],
  ['two segments', () => `Bearer ${real.both.split('.').slice(0, 2).join('.')}`, 401],
  ['four segments', () => `Bearer ${real.both}.x`, 401],
  ['a token and a trailing word', () => `Bearer ${real.both} extra`, 401],
  ['two tokens', () => `Bearer ${real.both}, Bearer ${real.both}`, 401],
  ['base64 junk segments', () => 'Bearer e30.e30.e30', 401],
  ['a header that is not JSON', () => `Bearer ${Buffer.from('{').toString('base64url')}.e30.AA`, 401],
  // 401: badly signed.
  [
    'a tampered payload (scope added)',
    () => {
      const [h, p, s] = real.salesforce.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Claims;
      return `Bearer ${h}.${Buffer.from(JSON.stringify({ ...payload, scope: `${SALESFORCE_SCOPE} ${DYNAMICS_SCOPE}` })).toString('base64url')}.${s}`;
    },
    401,
  ],
  ['a truncated signature', () => `Bearer ${real.both.slice(0, -4)}`, 401],
  ['signed with another key', (c) => `Bearer ${forge(c.scope, {}, OTHER_KEY)}`, 401],
  ['alg none', (c) => `Bearer ${unsignedJwt(accessClaims(c.scope, template))}`, 401],
  [
    'alg HS512 header on an HS256 signature',
    (c) => `Bearer ${signHs256(KEY, accessClaims(c.scope, template), { alg: 'HS512' })}`,
    401,
  ],
  [
    'an RS256 header with an HS256 signature',
    (c) => {
      const [, p, s] = forge(c.scope).split('.');
      return `Bearer ${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${p}.${s}`;
    },
    401,
  ],
  [
    'an empty signature',
    (c) => `Bearer ${encodeJwt({ alg: 'HS256' }, accessClaims(c.scope, template), '')}`,
    401,
  ],
  // 401: validly signed but not valid now, or not ours.
  [
    'expired',
    (c) => `Bearer ${forge(c.scope, { iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`,
    401,
  ],
  [
    'not yet valid (nbf in an hour)',
    (c) => `Bearer ${forge(c.scope, { nbf: now() + 3600, exp: now() + 7200 })}`,
    401,
  ],
  ['no exp', (c) => `Bearer ${forge(c.scope, { exp: undefined })}`, 401],
  ['exp as a string', (c) => `Bearer ${forge(c.scope, { exp: String(now() + 3600) })}`, 401],
  [
    'from the wrong issuer',
    (c) => `Bearer ${forge(c.scope, { iss: 'https://identity.avepointonlineservices.com' })}`,
    401,
  ],
  ['for another audience', (c) => `Bearer ${forge(c.scope, { aud: 'https://graph.example.com' })}`, 401],
  // 403: valid, but without this endpoint's scope.
  ['a forged valid token with no scope', () => `Bearer ${forge('')}`, 403],
  ['a forged valid token with an unknown scope', () => `Bearer ${forge('admin.all')}`, 403],
  ['a forged token with a scope that only contains this one', (c) => `Bearer ${forge(`${c.scope}x`)}`, 403],
  ['a real token for the other API', (c) => `Bearer ${real[other(c).api]}`, 403],
  ['a forged token for the other API', (c) => `Bearer ${forge(other(c).scope)}`, 403],
];

describe.each(API_CASES.map((c) => [c.api, c] as [string, ApiCase]))('auth matrix %s', (_api, c) => {
  const target = broadQuery(c.api, 30, 1);

  const rows = ROWS.map(([name, authorization, status]) => ({ name, authorization, status }));
  it.each(rows)('$name → $status', async ({ authorization, status }) => {
    const header = authorization(c);
    const response: RawResponse = await get(
      mock.baseUrl,
      target,
      undefined,
      header === undefined ? {} : { authorization: header },
    );
    expect(response.status, response.text.slice(0, 300)).toBe(status);
    expect(typeof response.headers['request-id']).toBe('string');
    if (status === 200) return;
    const view = c.error(status, String(response.headers['content-type']), json(response.text));
    expect(view.problems).toEqual([]);
    expect(String(response.headers['www-authenticate'] ?? '')).toMatch(/^Bearer\b/);
    if (status === 403) expect(String(response.headers['www-authenticate'])).toContain('insufficient_scope');
    // The answer never echoes the credential.
    const credential = header?.split(' ').pop() ?? '';
    if (credential.length > 8) expect(response.text.includes(credential)).toBe(false);
  });

  it('the narrow client (granted only the Salesforce scope) gets 200 there and 403 on Dynamics', async () => {
    const response = await get(mock.baseUrl, target, real.narrowSalesforce);
    expect(response.status).toBe(c.api === 'salesforce' ? 200 : 403);
  });
});
