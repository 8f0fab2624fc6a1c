// POST /connect/token (client secret, HTTP Basic, RS256 client assertion) and the API routes' auth matrix.
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { signClientAssertion, TOKEN_URLS } from '@jobwatch/graph-auth';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveTokenKey } from '../src/auth/tokens.js';
import { DEFAULT_ISSUER } from '../src/index.js';
import { base64url, malleatedSignatures, signHs256, signRs256 } from './forge.js';
import { apis, get, getToken, testApp } from './helpers.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** Under inject there is no listening address: the tests configure the audience as a deployment would. */
const TOKEN_URL = 'http://mock.test:4010/connect/token';

let clock = Date.now();
let app: FastifyInstance;
beforeAll(async () => {
  app = testApp({
    clock: () => clock,
    tokenAudiences: [TOKEN_URL],
    clients: [
      { clientId: 'cert-client', certificate: PUBLIC_PEM },
      { clientId: 'sf-only', clientSecret: 'sf-only-secret', scopes: ['salesforce.public.read.all'] },
    ],
  });
  await app.ready();
});
afterAll(() => app.close());

function assertion(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
) {
  const now = Math.floor(clock / 1000);
  const payload = {
    iss: 'cert-client',
    sub: 'cert-client',
    aud: TOKEN_URL,
    jti: randomUUID(),
    nbf: now,
    exp: now + 300,
    ...claims,
  };
  return signRs256(privateKey, payload, header);
}

function tokenForm(form: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/connect/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
}

const certForm = (jwt: string) => ({
  grant_type: 'client_credentials',
  client_id: 'cert-client',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: jwt,
});

describe('POST /connect/token with a client secret', () => {
  it('issues a Bearer token for 3600 s with all the client scopes when scope is omitted', async () => {
    const response = await getToken(app, {});
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['request-id']).toBeTruthy();
    const body = response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(body.scope).toBe('salesforce.public.read.all Dynamics.ReadWrite.All');
    expect(body.access_token.split('.')).toHaveLength(3);
  });

  it('compares scopes case-insensitively and answers canonical names (decision 4)', async () => {
    const body = (await getToken(app, { scope: 'dynamics.readwrite.all' })).json();
    expect(body.scope).toBe('Dynamics.ReadWrite.All');
  });

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from('jobwatch-demo:jobwatch-demo-secret').toString('base64');
    const response = await tokenForm(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['wrong secret', { client_secret: 'nope' }, 401, 'invalid_client'],
    ['unknown client', { client_id: 'who' }, 401, 'invalid_client'],
    ['no client_id', { client_id: '' }, 401, 'invalid_client'],
    ['unknown scope', { scope: 'admin.all' }, 400, 'invalid_scope'],
    ['grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['missing grant type', { grant_type: '' }, 400, 'invalid_request'],
  ])('rejects %s with RFC 6749 JSON', async (_name, form, status, error) => {
    const response = await getToken(app, form);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error, error_description: expect.any(String) });
    expect(response.body).not.toContain('nope');
  });

  it('rejects a scope the client was not granted', async () => {
    const response = await tokenForm({
      grant_type: 'client_credentials',
      client_id: 'sf-only',
      client_secret: 'sf-only-secret',
      scope: 'Dynamics.ReadWrite.All',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('invalid_scope');
  });

  it('rejects a repeated form field, a JSON body and an oversized body as invalid_request', async () => {
    const repeated = await app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=a&client_id=b',
    });
    expect(repeated.json().error).toBe('invalid_request');
    const json = await app.inject({
      method: 'POST',
      url: '/connect/token',
      payload: { grant_type: 'client_credentials' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error).toBe('invalid_request');
    const big = await getToken(app, { padding: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBe('invalid_request');
  });

  it('answers GET /connect/token with 405', async () => {
    const response = await app.inject({ method: 'GET', url: '/connect/token' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});

describe('POST /connect/token with a certificate assertion', () => {
  it('issues a token for a fresh RS256 assertion whose aud is the token URL', async () => {
    const response = await tokenForm(certForm(assertion()));
    expect(response.statusCode).toBe(200);
    expect(response.json().token_type).toBe('Bearer');
  });

  it('identifies the client by iss when client_id is omitted', async () => {
    const { client_id: _omit, ...form } = certForm(assertion());
    expect((await tokenForm(form)).statusCode).toBe(200);
  });

  it('rejects a replayed jti', async () => {
    const jwt = assertion();
    expect((await tokenForm(certForm(jwt))).statusCode).toBe(200);
    const replay = await tokenForm(certForm(jwt));
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toBe('invalid_client');
  });

  const now = () => Math.floor(clock / 1000);
  it.each([
    [
      'alg none',
      () =>
        `${base64url('{"alg":"none"}')}.${base64url(JSON.stringify({ iss: 'cert-client', sub: 'cert-client', aud: TOKEN_URL, jti: randomUUID(), exp: now() + 60 }))}.`,
    ],
    [
      'HS256 signed with the public key',
      () => {
        const input = `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify({ iss: 'cert-client', sub: 'cert-client', aud: TOKEN_URL, jti: randomUUID(), exp: now() + 60 }))}`;
        return `${input}.${base64url(createHmac('sha256', PUBLIC_PEM).update(input).digest())}`;
      },
    ],
    ['a wrong aud', () => assertion({ aud: 'https://evil.example/connect/token' })],
    ['an expired assertion', () => assertion({ exp: now() - 600, nbf: now() - 900 })],
    ['a not-yet-valid assertion', () => assertion({ nbf: now() + 600, exp: now() + 900 })],
    ['a bad signature', () => `${assertion().slice(0, -6)}AAAAAA`],
    ['iss differing from the client', () => assertion({ iss: 'someone-else' })],
    ['garbage', () => 'not-a-jwt'],
  ])('rejects %s with invalid_client', async (_name, make) => {
    const response = await tokenForm(certForm(make()));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('invalid_client');
  });

  it('accepts an assertion made by the shared builder (@jobwatch/graph-auth), as real clients send it', async () => {
    const jwt = await signClientAssertion({
      clientId: 'cert-client',
      audience: TOKEN_URL,
      privateKey,
      nowMs: clock,
    });
    expect((await tokenForm(certForm(jwt))).statusCode).toBe(200);
  });

  it("accepts the vendor's documented token URLs as aud (the mock stands in for them)", async () => {
    for (const audience of Object.values(TOKEN_URLS)) {
      const jwt = await signClientAssertion({ clientId: 'cert-client', audience, privateKey, nowMs: clock });
      expect((await tokenForm(certForm(jwt))).statusCode, audience).toBe(200);
    }
  });

  it('never takes the audience from the Host header (an assertion for another token URL stays refused)', async () => {
    for (const host of ['evil.example', 'identity.evil.example:443']) {
      const jwt = assertion({ aud: `http://${host}/connect/token` });
      const response = await tokenForm(certForm(jwt), { host });
      expect(response.statusCode, host).toBe(401);
      expect(response.json().error).toBe('invalid_client');
    }
  });

  it.each([
    ['a crit header jose does not understand', () => assertion({}, { alg: 'RS256', crit: ['exp'] })],
    ['a string nbf', () => assertion({ nbf: String(now()) })],
    ['an iat ten days ahead', () => assertion({ iat: now() + 10 * 86_400 })],
    ['an exp days ahead', () => assertion({ exp: now() + 3 * 86_400 })],
  ])('rejects %s with invalid_client', async (_name, make) => {
    const response = await tokenForm(certForm(make()));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('invalid_client');
  });

  it('accepts a signature in its one canonical spelling only (no malleable variants)', async () => {
    const jwt = assertion();
    const variants = malleatedSignatures(jwt);
    expect(variants.length).toBeGreaterThan(0);
    for (const variant of variants) expect((await tokenForm(certForm(variant))).statusCode).toBe(401);
    expect((await tokenForm(certForm(jwt))).statusCode).toBe(200);
  });

  it('rejects a wrong client_assertion_type as invalid_request', async () => {
    const response = await tokenForm({ ...certForm(assertion()), client_assertion_type: 'urn:other' });
    expect(response.json().error).toBe('invalid_request');
  });

  it('rejects two client authentication methods at once', async () => {
    const response = await tokenForm({ ...certForm(assertion()), client_secret: 'x' });
    expect(response.json().error).toBe('invalid_request');
  });
});

describe.each(apis)('%s: auth matrix (decision 4)', (_name, c) => {
  const url = `${c.path}?${c.range}`;
  const key = deriveTokenKey(42);
  const claims = () => {
    const now = Math.floor(clock / 1000);
    return {
      iss: DEFAULT_ISSUER,
      aud: 'jobwatch-mock-api',
      sub: 'jobwatch-demo',
      client_id: 'jobwatch-demo',
      scope: c.scope,
      iat: now,
      nbf: now,
      exp: now + 3600,
    };
  };

  it('accepts a valid token with the scope', async () => {
    const token = (await getToken(app, { scope: c.scope })).json().access_token;
    expect((await get(app, url, `Bearer ${token}`)).statusCode).toBe(200);
  });

  it.each([
    ['missing', () => undefined],
    ['not Bearer', () => 'Basic abc'],
    ['malformed', () => 'Bearer not-a-jwt'],
    ['badly signed', () => `Bearer ${signHs256(deriveTokenKey(7), claims())}`],
    ['expired', () => `Bearer ${signHs256(key, { ...claims(), exp: Math.floor(clock / 1000) - 3600 })}`],
    [
      'not yet valid',
      () => `Bearer ${signHs256(key, { ...claims(), nbf: Math.floor(clock / 1000) + 3600 })}`,
    ],
    ['from another issuer', () => `Bearer ${signHs256(key, { ...claims(), iss: 'https://evil.example' })}`],
    // Forged from public facts (the seed is on /healthz): what else a token must be keeps these out.
    [
      'for a client this process does not know',
      () => `Bearer ${signHs256(key, { ...claims(), sub: 'mallory', client_id: 'mallory' })}`,
    ],
    ['without aud', () => `Bearer ${signHs256(key, { ...claims(), aud: undefined })}`],
    ['for another audience', () => `Bearer ${signHs256(key, { ...claims(), aud: 'https://other.example' })}`],
    [
      'valid for ten years',
      () => `Bearer ${signHs256(key, { ...claims(), exp: Math.floor(clock / 1000) + 10 * 365 * 86_400 })}`,
    ],
    [
      'with a lifetime over one hour',
      () => `Bearer ${signHs256(key, { ...claims(), exp: Math.floor(clock / 1000) + 7200 })}`,
    ],
    [
      'issued in the future',
      () => `Bearer ${signHs256(key, { ...claims(), iat: Math.floor(clock / 1000) + 600 })}`,
    ],
    ['with a crit header', () => `Bearer ${signHs256(key, claims(), { crit: ['exp'] })}`],
  ])('answers 401 for a %s token, in the API shape, with a challenge', async (_kind, make) => {
    const response = await get(app, url, make());
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe(c.errorType);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.headers['request-id']).toBeTruthy();
  });

  it('accepts a forged but otherwise valid token for a registered client (the positive control)', async () => {
    expect((await get(app, url, `Bearer ${signHs256(key, claims())}`)).statusCode).toBe(200);
  });

  it('accepts an access token in its one canonical spelling only (no malleable variants)', async () => {
    const token = signHs256(key, { ...claims(), jti: randomUUID() });
    const variants = malleatedSignatures(token);
    expect(variants.length).toBeGreaterThan(0);
    for (const variant of variants) expect((await get(app, url, `Bearer ${variant}`)).statusCode).toBe(401);
    expect((await get(app, url, `Bearer ${token}`)).statusCode).toBe(200);
  });

  it('grants a token only the scopes its client holds', async () => {
    const forged = signHs256(key, { ...claims(), sub: 'sf-only', client_id: 'sf-only' });
    expect((await get(app, url, `Bearer ${forged}`)).statusCode).toBe(c.api === 'salesforce' ? 200 : 403);
  });

  it('checks auth before the Prefer header: no 400 and no latency for an unauthenticated request', async () => {
    const bad = await app.inject({ method: 'GET', url, headers: { prefer: 'code=299' } });
    expect(bad.statusCode).toBe(401);
    const forced = await app.inject({ method: 'GET', url, headers: { prefer: 'code=503' } });
    expect(forced.statusCode).toBe(401);
    // 30 s of latency would outlast the test's timeout: a 401 that arrives proves no delay was applied first.
    const slow = await app.inject({ method: 'GET', url, headers: { prefer: 'latency=30000' } });
    expect(slow.statusCode).toBe(401);
  });

  it("answers 403 for a valid token with the other API's scope", async () => {
    const other = apis.find(([, o]) => o.api !== c.api)![1];
    const token = (await getToken(app, { scope: other.scope })).json().access_token;
    const response = await get(app, url, `Bearer ${token}`);
    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toContain('insufficient_scope');
  });

  it('answers 401 once the issued token has expired (clock moved past 3600 s)', async () => {
    const token = (await getToken(app)).json().access_token;
    expect((await get(app, url, `Bearer ${token}`)).statusCode).toBe(200);
    clock += 3700 * 1000;
    try {
      expect((await get(app, url, `Bearer ${token}`)).statusCode).toBe(401);
    } finally {
      clock -= 3700 * 1000;
    }
  });

  it('is accepted by a replica built with the same options', async () => {
    const token = (await getToken(app)).json().access_token;
    const replica = testApp();
    expect((await get(replica, url, `Bearer ${token}`)).statusCode).toBe(200);
    await replica.close();
  });

  it('is refused by a replica that does not register the client', async () => {
    const token = (await getToken(app, { client_id: 'sf-only', client_secret: 'sf-only-secret' })).json()
      .access_token;
    const replica = testApp();
    expect(
      (await get(replica, `${apis[0]![1].path}?${apis[0]![1].range}`, `Bearer ${token}`)).statusCode,
    ).toBe(401);
    await replica.close();
  });
});

describe('--no-auth', () => {
  it('accepts API requests without a token', async () => {
    const open = testApp({ auth: false });
    for (const [, c] of apis) expect((await get(open, `${c.path}?${c.range}`)).statusCode).toBe(200);
    await open.close();
  });
});
