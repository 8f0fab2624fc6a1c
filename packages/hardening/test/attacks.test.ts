// The attack classes the adversarial review of the mock found, kept covered against the REAL mock process:
//   - Host and audience tricks: a client assertion's aud is never taken from the request;
//   - token forging from public facts: the seed is on /healthz and the key derivation is public, so what keeps a
//     forged token out is the rest (registered client, its scopes, aud, bounded lifetime, iat not ahead);
//   - signature malleability: only the canonical spelling of a signature verifies;
//   - framing errors: stalled and broken requests get one answer in the documented shape with a request-id;
//   - signals: SIGHUP drains like SIGTERM (no reset keep-alive connection), exit 0.
// Each forgery has a positive control that proves the forging right before any refusal is believed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN_URLS } from '@jobwatch/graph-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CASES, broadQuery } from '../src/apis.js';
import { closeSharedAgent, get, json, postForm, rawExchange, rawHeader, rawJson, send } from '../src/http.js';
import {
  accessClaims,
  assertionClaims,
  legitAssertion,
  mockAccessTokenKey,
  type RsaPair,
  rsaPair,
  signHs256,
  signRs256,
} from '../src/jwt.js';
import { type MockProcess, requestToken, SALESFORCE_SCOPE, startMock } from '../src/mock.js';

const CERT_ID = 'attack-cert';
const SF_ONLY = 'attack-sf-only';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let mock: MockProcess;
let keys: RsaPair;
/** The seed as anyone can read it from /healthz. */
let publicSeed: number;

beforeAll(async () => {
  keys = rsaPair();
  const dir = mkdtempSync(join(tmpdir(), 'hardening-attacks-'));
  const clients = join(dir, 'clients.json');
  writeFileSync(
    clients,
    JSON.stringify([
      { clientId: CERT_ID, certificate: keys.publicPem },
      { clientId: SF_ONLY, clientSecret: 'sf-only-secret-value', scopes: [SALESFORCE_SCOPE] },
    ]),
  );
  mock = await startMock({
    seed: 4242,
    args: ['--clients', clients, '--headers-timeout', '300', '--request-timeout', '600'],
  });
  publicSeed = (json((await get(mock.baseUrl, '/healthz')).text) as { seed: number }).seed;
});

afterAll(async () => {
  closeSharedAgent();
  expect(await mock?.stop()).toBe(0);
});

const now = () => Math.floor(Date.now() / 1000);

function assertionForm(assertion: string): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CERT_ID,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  }).toString();
}

/** The other spellings of a JWT's signature (spare bits of the last base64url character set differently). */
function malleated(jwt: string): string[] {
  const signature = jwt.slice(jwt.lastIndexOf('.') + 1);
  const spare = (6 - ((Buffer.from(signature, 'base64url').length * 8) % 6)) % 6;
  const last = ALPHABET.indexOf(signature.at(-1)!);
  return Array.from({ length: (1 << spare) - 1 }, (_, i) => `${jwt.slice(0, -1)}${ALPHABET[last ^ (i + 1)]}`);
}

describe('Host and audience tricks', () => {
  it('positive control: an assertion for the token URL the mock listens on gets a token', async () => {
    const response = await postForm(
      mock.tokenUrl,
      assertionForm(await legitAssertion(CERT_ID, mock.tokenUrl, keys.privateKey)),
    );
    expect(response.status, response.text).toBe(200);
  });

  it.each([
    ['evil.example', 'http://evil.example/connect/token'],
    ['a host with a port', 'http://evil.example:4010/connect/token'],
    ['the mock origin with another path', null],
  ])('refuses an assertion for another token URL even with a matching Host (%s)', async (_name, audience) => {
    const aud = audience ?? `${new URL(mock.tokenUrl).origin}/token`;
    const host = new URL(aud).host;
    const assertion = signRs256(keys.privateKey, assertionClaims(CERT_ID, aud));
    const response = await postForm(mock.tokenUrl, assertionForm(assertion), { host });
    expect(response.status).toBe(401);
    expect(json(response.text)).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses it through an absolute-form request target too', async () => {
    const body = assertionForm(
      signRs256(keys.privateKey, assertionClaims(CERT_ID, 'http://evil.example/connect/token')),
    );
    const { statuses, text } = await rawExchange(
      mock.baseUrl,
      `POST http://evil.example/connect/token HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(statuses).toEqual([401]);
    expect(rawJson(text)).toMatchObject({ error: 'invalid_client' });
  });

  it("accepts the vendor's documented token URLs, by configuration", async () => {
    for (const aud of Object.values(TOKEN_URLS)) {
      const response = await postForm(
        mock.tokenUrl,
        assertionForm(signRs256(keys.privateKey, assertionClaims(CERT_ID, aud))),
      );
      expect(response.status, aud).toBe(200);
    }
  });
});

describe('token forging from public facts (seed on /healthz, public key derivation)', () => {
  const key = () => mockAccessTokenKey({ seed: publicSeed });
  const c = API_CASES[0]!;
  const target = broadQuery(c.api, 30, 1);
  const forged = (overrides: Record<string, unknown>) => signHs256(key(), accessClaims(c.scope, overrides));

  it('positive control: a forged token for a registered client, with a real lifetime, is accepted', async () => {
    expect((await get(mock.baseUrl, target, forged({}))).status).toBe(200);
  });

  it.each([
    [
      'an unregistered client "mallory" for ten years',
      { sub: 'mallory', client_id: 'mallory', exp: now() + 10 * 365 * 86_400 },
    ],
    ['an unregistered client "mallory"', { sub: 'mallory', client_id: 'mallory' }],
    ['a registered client for ten years', { exp: now() + 10 * 365 * 86_400 }],
    ['a registered client, lifetime two hours', { exp: now() + 7200 }],
    ['no aud', { aud: undefined }],
    ['another aud', { aud: 'https://graph-us.avepointonlineservices.com' }],
    ['an iat an hour ahead', { iat: now() + 3600, nbf: now(), exp: now() + 3600 }],
  ])('refuses %s with 401', async (_name, overrides) => {
    const response = await get(mock.baseUrl, target, forged(overrides));
    expect(response.status).toBe(401);
    expect(String(response.headers['www-authenticate'])).toContain('invalid_token');
  });

  it('grants a forged token only the scopes its client holds (403, not 200)', async () => {
    const dynamics = API_CASES.find((a) => a.api === 'dynamics365')!;
    const token = signHs256(
      key(),
      accessClaims(`${SALESFORCE_SCOPE} ${dynamics.scope}`, { sub: SF_ONLY, client_id: SF_ONLY }),
    );
    expect((await get(mock.baseUrl, broadQuery('salesforce', 30, 1), token)).status).toBe(200);
    expect((await get(mock.baseUrl, broadQuery('dynamics365', 30, 1), token)).status).toBe(403);
  });
});

describe('signature malleability', () => {
  it('accepts an access token in its canonical spelling only', async () => {
    const issued = await requestToken(mock.tokenUrl, SF_ONLY, 'sf-only-secret-value');
    const token = issued.token!;
    const target = broadQuery('salesforce', 30, 1);
    const variants = malleated(token);
    expect(variants.length).toBe(3); // HS256: 32 bytes in 43 characters, 2 spare bits
    for (const variant of variants) expect((await get(mock.baseUrl, target, variant)).status).toBe(401);
    expect((await get(mock.baseUrl, target, token)).status).toBe(200);
  });

  it('accepts a client assertion in its canonical spelling only', async () => {
    const assertion = signRs256(keys.privateKey, assertionClaims(CERT_ID, mock.tokenUrl));
    const variants = malleated(assertion);
    expect(variants.length).toBe(15); // RS256-2048: 256 bytes in 342 characters, 4 spare bits
    for (const variant of variants)
      expect((await postForm(mock.tokenUrl, assertionForm(variant))).status).toBe(401);
    expect((await postForm(mock.tokenUrl, assertionForm(assertion))).status).toBe(200);
  });

  it.each([
    ['a crit header', {}, { crit: ['exp'] }],
    ['a string nbf', { nbf: String(now()) }, {}],
    ['an iat ten days ahead', { iat: now() + 10 * 86_400 }, {}],
  ])('refuses an assertion with %s', async (_name, claims, header) => {
    const assertion = signRs256(
      keys.privateKey,
      { ...assertionClaims(CERT_ID, mock.tokenUrl), ...claims },
      header,
    );
    const response = await postForm(mock.tokenUrl, assertionForm(assertion));
    expect(response.status).toBe(401);
  });
});

describe('framing errors: one answer, in the documented shape, with a request-id', () => {
  const host = () => new URL(mock.baseUrl).host;

  it.each([
    ['stalled headers', () => `GET /healthz HTTP/1.1\r\nHost: ${host()}\r\nX-Slow: `, 408],
    [
      'a stalled token body',
      () =>
        `POST /connect/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 50\r\n\r\ngrant`,
      408,
    ],
    ['no Host in HTTP/1.1', () => `GET ${broadQuery('salesforce', 30, 1)} HTTP/1.1\r\n\r\n`, 400],
    ['an unknown Expect', () => `GET /healthz HTTP/1.1\r\nHost: ${host()}\r\nExpect: foo\r\n\r\n`, 417],
    ['CONNECT', () => `CONNECT ${host()} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`, 405],
    [
      'Content-Length and Transfer-Encoding',
      () =>
        `POST /connect/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
    ],
    ['bytes that are not HTTP', () => 'HELLO\r\n\r\n', 400],
  ])('%s → %i', async (_name, bytes, status) => {
    const { statuses, text } = await rawExchange(mock.baseUrl, bytes());
    expect(statuses).toEqual([status]);
    expect(rawHeader(text, 'request-id')).toMatch(/^[0-9A-Z]+:[0-9A-F]{8}$/);
    expect(rawJson(text)).toBeDefined();
  });

  it('a broken chunk after the response was written gets no second, unsolicited response', async () => {
    const { statuses } = await rawExchange(
      mock.baseUrl,
      `GET /healthz HTTP/1.1\r\nHost: ${host()}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      { later: 'zz\r\nnot-a-chunk\r\n\r\n', waitMs: 1_000 },
    );
    expect(statuses).toEqual([200]);
  });

  it('the server keeps serving after all of them', async () => {
    expect((await get(mock.baseUrl, '/healthz')).status).toBe(200);
  });
});

describe('signals', () => {
  // A closed terminal sends SIGHUP: it must drain like SIGTERM (the mock's e2e suite also checks busy keep-alive
  // connections under it), not kill the process with requests in flight.
  it('SIGHUP: the request in flight is answered in full and the process exits 0', async () => {
    const target = await startMock({ jobs: 500 });
    const token = (await requestToken(target.tokenUrl, 'jobwatch-demo', 'jobwatch-demo-secret')).token!;
    const inFlight = send(target.baseUrl, {
      target: broadQuery('salesforce', 30, 5),
      headers: { authorization: `Bearer ${token}`, prefer: 'latency=1500' },
      agent: new Agent({ keepAlive: false }),
    });
    // Once a later request is answered, the server has read the slow one: it is in flight at the signal.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await get(target.baseUrl, '/healthz')).status).toBe(200);
    const exit = target.stop('SIGHUP');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(json(response.text)).toMatchObject({ statusCode: 200 });
    expect(await exit).toBe(0);
  }, 30_000);
});
