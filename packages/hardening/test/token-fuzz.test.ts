// The token endpoint (POST /connect/token) under attack, through the REAL mock process. A certificate client is
// registered from a generated RSA key pair via `--clients <file>`; a secret client via `--client id:secret`.
//
// Every bad request must get an RFC 6749 §5.2 error JSON (`error` among the six codes) with 400, or 401 for
// invalid_client — and never a 5xx. The body limit answers 413 and a non-form content type 415, both still as
// RFC 6749 JSON (the mock's documented choice; see README "Limits"). A fast-check property throws random forms at
// it; the named cases below cover each attack exactly once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedAgent, json, postForm, type RawResponse } from '../src/http.js';
import {
  assertionClaims,
  type Claims,
  encodeJwt,
  legitAssertion,
  type RsaPair,
  rsaPair,
  signHs256,
  signRs256,
  unsignedJwt,
} from '../src/jwt.js';
import { isAlive, type MockProcess, startMock } from '../src/mock.js';
import { fuzzRuns, fuzzSeed, propertyTimeoutMs } from './support/fuzz-config.js';

const RFC6749_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
];
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SECRET_ID = 'hardening-secret';
const SECRET = 'hardening-secret-value-1234';
const CERT_ID = 'hardening-cert';
const NARROW_ID = 'hardening-narrow';

let mock: MockProcess;
let keys: RsaPair;
let otherKeys: RsaPair;

beforeAll(async () => {
  keys = rsaPair();
  otherKeys = rsaPair();
  const dir = mkdtempSync(join(tmpdir(), 'hardening-clients-'));
  const file = join(dir, 'clients.json');
  writeFileSync(
    file,
    JSON.stringify([
      { clientId: CERT_ID, certificate: keys.publicPem },
      { clientId: NARROW_ID, clientSecret: 'narrow-secret-value', scopes: ['salesforce.public.read.all'] },
    ]),
  );
  mock = await startMock({ args: ['--client', `${SECRET_ID}:${SECRET}`, '--clients', file] });
});

afterAll(async () => {
  closeSharedAgent();
  expect(await mock?.stop()).toBe(0);
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const now = () => Math.floor(Date.now() / 1000);

/** The RFC 6749 §5.2 error of a response, or a description of why it is not one. */
function oauthError(response: RawResponse): { error: string; problems: string[] } {
  const problems: string[] = [];
  const body = json(response.text) as Record<string, unknown> | undefined;
  if (response.status >= 500) problems.push(`5xx: ${response.status}`);
  if (!String(response.headers['content-type'] ?? '').startsWith('application/json')) {
    problems.push(`content-type ${String(response.headers['content-type'])}`);
  }
  const error = typeof body?.error === 'string' ? body.error : '';
  if (!RFC6749_ERRORS.includes(error)) problems.push(`error "${error}" is not an RFC 6749 error code`);
  if (body?.error_description !== undefined && typeof body.error_description !== 'string') {
    problems.push('error_description is not a string');
  }
  if (body && 'access_token' in body) problems.push('an error carries an access_token');
  const expectedStatus = error === 'invalid_client' ? [401] : [400, 413, 415];
  if (!expectedStatus.includes(response.status)) problems.push(`status ${response.status} for ${error}`);
  if (response.status === 413 || response.status === 415) {
    if (error !== 'invalid_request')
      problems.push(`${response.status} must be invalid_request, got ${error}`);
  }
  if (!String(response.headers['cache-control'] ?? '').includes('no-store'))
    problems.push('no cache-control: no-store');
  return { error, problems };
}

function expectOAuthError(response: RawResponse, expected: string | string[], status?: number) {
  const { error, problems } = oauthError(response);
  expect(problems, response.text).toEqual([]);
  expect([expected].flat(), response.text).toContain(error);
  if (status !== undefined) expect(response.status).toBe(status);
}

function assertionForm(assertion: string, extra: Record<string, string> = {}): string {
  return form({
    grant_type: 'client_credentials',
    client_id: CERT_ID,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
    ...extra,
  });
}

const claims = (overrides: Claims = {}) => ({ ...assertionClaims(CERT_ID, mock.tokenUrl), ...overrides });

describe('positive controls (the harness can succeed)', () => {
  it('a client secret gets a token', async () => {
    const response = await postForm(
      mock.tokenUrl,
      form({ grant_type: 'client_credentials', client_id: SECRET_ID, client_secret: SECRET }),
    );
    expect(response.status, response.text).toBe(200);
    expect((json(response.text) as { token_type: string }).token_type).toBe('Bearer');
  });
  it('a client secret by HTTP Basic gets a token', async () => {
    const basic = Buffer.from(`${SECRET_ID}:${SECRET}`).toString('base64');
    const response = await postForm(mock.tokenUrl, form({ grant_type: 'client_credentials' }), {
      authorization: `Basic ${basic}`,
    });
    expect(response.status, response.text).toBe(200);
  });
  it('a valid RS256 assertion gets a token', async () => {
    const assertion = await legitAssertion(CERT_ID, mock.tokenUrl, keys.privateKey);
    const response = await postForm(mock.tokenUrl, assertionForm(assertion));
    expect(response.status, response.text).toBe(200);
  });
  it('a hand-signed assertion with the same claims gets a token (the forgeries below are built right)', async () => {
    const response = await postForm(mock.tokenUrl, assertionForm(signRs256(keys.privateKey, claims())));
    expect(response.status, response.text).toBe(200);
  });
});

describe('malformed forms', () => {
  const cases: [string, string | Buffer, Record<string, string>, string][] = [
    [
      'JSON content type',
      JSON.stringify({ grant_type: 'client_credentials', client_id: SECRET_ID, client_secret: SECRET }),
      { 'content-type': 'application/json' },
      'invalid_request',
    ],
    [
      'text/plain',
      form({ grant_type: 'client_credentials' }),
      { 'content-type': 'text/plain' },
      'invalid_request',
    ],
    [
      'multipart',
      '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials\r\n--x--',
      { 'content-type': 'multipart/form-data; boundary=x' },
      'invalid_request',
    ],
    [
      'no content type',
      form({ grant_type: 'client_credentials' }),
      { 'content-type': '' },
      'invalid_request',
    ],
    ['empty body', '', {}, 'invalid_request'],
    [
      'duplicate grant_type',
      'grant_type=client_credentials&grant_type=client_credentials&client_id=x&client_secret=y',
      {},
      'invalid_request',
    ],
    [
      'duplicate client_secret',
      `grant_type=client_credentials&client_id=${SECRET_ID}&client_secret=${SECRET}&client_secret=${SECRET}`,
      {},
      'invalid_request',
    ],
    [
      'broken percent-encoding',
      `grant_type=client_credentials&client_id=${SECRET_ID}&client_secret=%E0%A4%A`,
      {},
      'invalid_request',
    ],
    [
      'binary junk',
      Buffer.from([0, 255, 1, 254, 0x25, 0x26, 0x3d, 0xc3, 0x28, 10, 13]),
      {},
      'invalid_request',
    ],
    [
      'body over the limit',
      `grant_type=client_credentials&client_id=${SECRET_ID}&client_secret=${'x'.repeat(20_000)}`,
      {},
      'invalid_request',
    ],
    ['missing grant_type', form({ client_id: SECRET_ID, client_secret: SECRET }), {}, 'invalid_request'],
    [
      'both Basic and form secret',
      form({ grant_type: 'client_credentials', client_id: SECRET_ID, client_secret: SECRET }),
      { authorization: `Basic ${Buffer.from(`${SECRET_ID}:${SECRET}`).toString('base64')}` },
      'invalid_request',
    ],
  ];
  it.each(cases)('%s → RFC 6749 error', async (_name, body, headers, expected) => {
    expectOAuthError(await postForm(mock.tokenUrl, body, headers), expected);
  });
});

describe('grants, clients, secrets, scopes', () => {
  const cases: [string, () => string, Record<string, string>, string, number][] = [
    [
      'grant_type=password',
      () =>
        form({
          grant_type: 'password',
          username: 'a',
          password: 'b',
          client_id: SECRET_ID,
          client_secret: SECRET,
        }),
      {},
      'unsupported_grant_type',
      400,
    ],
    [
      'grant_type=authorization_code',
      () =>
        form({ grant_type: 'authorization_code', code: 'x', client_id: SECRET_ID, client_secret: SECRET }),
      {},
      'unsupported_grant_type',
      400,
    ],
    [
      'grant_type=refresh_token',
      () => form({ grant_type: 'refresh_token', refresh_token: 'x' }),
      {},
      'unsupported_grant_type',
      400,
    ],
    [
      'grant_type in odd case',
      () => form({ grant_type: 'CLIENT_CREDENTIALS', client_id: SECRET_ID, client_secret: SECRET }),
      {},
      'unsupported_grant_type',
      400,
    ],
    [
      'unknown client',
      () => form({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: SECRET }),
      {},
      'invalid_client',
      401,
    ],
    [
      'wrong secret',
      () => form({ grant_type: 'client_credentials', client_id: SECRET_ID, client_secret: `${SECRET}x` }),
      {},
      'invalid_client',
      401,
    ],
    [
      'empty secret',
      () => form({ grant_type: 'client_credentials', client_id: SECRET_ID, client_secret: '' }),
      {},
      'invalid_client',
      401,
    ],
    ['no client authentication', () => form({ grant_type: 'client_credentials' }), {}, 'invalid_client', 401],
    [
      'malformed Basic header',
      () => form({ grant_type: 'client_credentials' }),
      { authorization: 'Basic !!!' },
      'invalid_client',
      401,
    ],
    [
      'Basic with a wrong secret',
      () => form({ grant_type: 'client_credentials' }),
      { authorization: `Basic ${Buffer.from(`${SECRET_ID}:nope`).toString('base64')}` },
      'invalid_client',
      401,
    ],
    [
      'unknown scope',
      () =>
        form({
          grant_type: 'client_credentials',
          client_id: SECRET_ID,
          client_secret: SECRET,
          scope: 'admin.all',
        }),
      {},
      'invalid_scope',
      400,
    ],
    [
      'scope not granted to the client',
      () =>
        form({
          grant_type: 'client_credentials',
          client_id: NARROW_ID,
          client_secret: 'narrow-secret-value',
          scope: 'Dynamics.ReadWrite.All',
        }),
      {},
      'invalid_scope',
      400,
    ],
    [
      'a secret for a certificate-only client',
      () => form({ grant_type: 'client_credentials', client_id: CERT_ID, client_secret: SECRET }),
      {},
      'invalid_client',
      401,
    ],
  ];
  it.each(cases)('%s → %s', async (_name, body, headers, expected, status) => {
    expectOAuthError(await postForm(mock.tokenUrl, body(), headers), expected, status);
  });
});

describe('client assertions', () => {
  const cases: [string, () => string][] = [
    ['wrong aud', () => signRs256(keys.privateKey, claims({ aud: 'https://evil.example/connect/token' }))],
    [
      'aud of another path',
      () => signRs256(keys.privateKey, claims({ aud: `${new URL(mock.tokenUrl).origin}/token` })),
    ],
    [
      'expired',
      () => signRs256(keys.privateKey, claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })),
    ],
    ['not yet valid', () => signRs256(keys.privateKey, claims({ nbf: now() + 3600, exp: now() + 7200 }))],
    ['exp too far ahead', () => signRs256(keys.privateKey, claims({ exp: now() + 10 * 24 * 3600 }))],
    ['no exp', () => signRs256(keys.privateKey, { ...claims(), exp: undefined })],
    ['bad signature (another key)', () => signRs256(otherKeys.privateKey, claims())],
    [
      'tampered payload',
      () => {
        const [h, , s] = signRs256(keys.privateKey, claims()).split('.');
        return `${h}.${Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url')}.${s}`;
      },
    ],
    ['alg none', () => unsignedJwt(claims())],
    ['alg none with a signature', () => encodeJwt({ alg: 'none' }, claims(), 'sig')],
    ['HS256 signed with the public key PEM (key confusion)', () => signHs256(keys.publicPem, claims())],
    [
      'HS256 signed with the public key DER',
      () => signHs256(keys.publicKey.export({ type: 'spki', format: 'der' }), claims()),
    ],
    ['RS512 header on an RS256 signature', () => signRs256(keys.privateKey, claims(), { alg: 'RS512' })],
    ['missing jti', () => signRs256(keys.privateKey, { ...claims(), jti: undefined })],
    ['empty jti', () => signRs256(keys.privateKey, claims({ jti: '' }))],
    ['iss mismatch', () => signRs256(keys.privateKey, claims({ iss: SECRET_ID }))],
    ['sub mismatch', () => signRs256(keys.privateKey, claims({ sub: 'someone-else' }))],
    ['not a JWT', () => 'not-a-jwt'],
    ['four segments', () => `${signRs256(keys.privateKey, claims())}.x`],
    ['JSON array payload', () => encodeJwt({ alg: 'RS256' }, [] as unknown as Claims, 'x')],
  ];
  it.each(cases)('%s → invalid_client 401', async (_name, make) => {
    expectOAuthError(await postForm(mock.tokenUrl, assertionForm(make())), 'invalid_client', 401);
  });

  it('a replayed jti is refused the second time', async () => {
    const assertion = signRs256(keys.privateKey, claims());
    expect((await postForm(mock.tokenUrl, assertionForm(assertion))).status).toBe(200);
    expectOAuthError(await postForm(mock.tokenUrl, assertionForm(assertion)), 'invalid_client', 401);
  });

  it('a wrong client_assertion_type → invalid_request', async () => {
    const body = assertionForm(signRs256(keys.privateKey, claims()), { client_assertion_type: 'urn:x' });
    expectOAuthError(await postForm(mock.tokenUrl, body), 'invalid_request', 400);
  });

  it('an assertion together with a client secret → invalid_request', async () => {
    const body = assertionForm(signRs256(keys.privateKey, claims()), { client_secret: SECRET });
    expectOAuthError(await postForm(mock.tokenUrl, body), 'invalid_request', 400);
  });

  it('an assertion for a secret-only client → invalid_client', async () => {
    const signed = signRs256(keys.privateKey, { ...assertionClaims(SECRET_ID, mock.tokenUrl) });
    const body = form({
      grant_type: 'client_credentials',
      client_id: SECRET_ID,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: signed,
    });
    expectOAuthError(await postForm(mock.tokenUrl, body), 'invalid_client', 401);
  });
});

describe('random forms (property)', () => {
  const RUNS = fuzzRuns(300);
  const SEED = fuzzSeed();
  it(
    `every one of ${RUNS} random forms gets a token or an RFC 6749 error, never a 5xx`,
    async () => {
      const names = fc.constantFrom(
        'grant_type',
        'client_id',
        'client_secret',
        'scope',
        'client_assertion_type',
        'client_assertion',
        'Grant_Type',
        'junk',
        '__proto__',
        '',
      );
      const values = fc.oneof(
        fc.constantFrom(
          'client_credentials',
          'password',
          SECRET_ID,
          SECRET,
          CERT_ID,
          'nobody',
          ASSERTION_TYPE,
          'salesforce.public.read.all',
          'Dynamics.ReadWrite.All',
          'DYNAMICS.READWRITE.ALL',
          '',
        ),
        fc.constant('assertion').map(() => signRs256(keys.privateKey, claims())),
        fc.constantFrom('%', '%zz', '%E0%A4%A', 'a+b', '=', '&'),
        fc.string({ maxLength: 30 }).map(encodeURIComponent),
        fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
      );
      const pair = fc.tuple(names, values).map(([n, v]) => `${n}=${v}`);
      const contentType = fc.constantFrom(
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded; charset=utf-8',
        'APPLICATION/X-WWW-FORM-URLENCODED',
        'application/json',
        'text/plain',
      );
      const basic = fc.option(
        fc.constantFrom(
          `Basic ${Buffer.from(`${SECRET_ID}:${SECRET}`).toString('base64')}`,
          'Basic Og==',
          'Basic',
          'Bearer x',
          `Basic ${Buffer.from(`${SECRET_ID}:%E0%A4%A`).toString('base64')}`,
        ),
        { freq: 5 },
      );
      let tokens = 0;
      // Half the forms start from a valid one and get random fields added, so both outcomes are exercised.
      const valid = [`grant_type=client_credentials`, `client_id=${SECRET_ID}`, `client_secret=${SECRET}`];
      const forms = fc.oneof(
        fc.array(pair, { maxLength: 8 }),
        fc.tuple(fc.array(pair, { maxLength: 2 }), fc.nat()).map(([extra, at]) => {
          const all = [...valid];
          for (const e of extra) all.splice(at % (all.length + 1), 0, e);
          return all;
        }),
      );
      await fc.assert(
        fc.asyncProperty(forms, contentType, basic, async (pairs, type, authorization) => {
          const headers: Record<string, string> = { 'content-type': type };
          if (authorization !== null) headers.authorization = authorization;
          const response = await postForm(mock.tokenUrl, pairs.join('&'), headers);
          if (response.status === 200) {
            tokens++;
            const body = json(response.text) as Record<string, unknown>;
            if (body.token_type !== 'Bearer' || typeof body.access_token !== 'string')
              throw new Error(`bad 200: ${response.text}`);
            return;
          }
          const { problems } = oauthError(response);
          if (problems.length > 0)
            throw new Error(`${response.status} ${response.text.slice(0, 300)}\n${problems.join('\n')}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      console.log(`token fuzz: seed ${SEED}, ${RUNS} forms, ${tokens} tokens issued`);
      expect(isAlive(mock.pid)).toBe(true);
    },
    propertyTimeoutMs(RUNS, 40),
  );
});
