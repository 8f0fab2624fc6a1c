// What the MSW handlers do beyond the server's shared behaviour (which equivalence.test.ts pins): the options they
// refuse, the base URL they match on, what they leave to MSW, HEAD, Prefer latency, and certificate clients, whose
// keys Web Crypto imports at the first assertion.
import { generateKeyPairSync } from 'node:crypto';
import { DEMO_CLIENT, salesforce, valueAt } from '@jobwatch/api-descriptions';
import { signClientAssertion } from '@jobwatch/graph-auth';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConfigError, createJobwatchHandlers } from '../../src/msw/index.js';

const NOW = '2025-06-01T00:00:00Z';
const RANGE = 'startTime=2025-05-01&finishTime=2025-06-01&pageSize=2';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function token(
  handlers: ReturnType<typeof createJobwatchHandlers>,
  origin: string,
  fields: Record<string, string>,
): Promise<Response> {
  const request = new Request(`${origin}/connect/token`, {
    method: 'POST',
    headers: FORM,
    body: form(fields),
  });
  const response = await getResponse(handlers, request);
  if (response === undefined) throw new Error('the token endpoint was not handled');
  return response;
}

const demo = {
  grant_type: 'client_credentials',
  client_id: DEMO_CLIENT.clientId,
  client_secret: DEMO_CLIENT.clientSecret,
};

describe('createJobwatchHandlers options', () => {
  it.each([
    [{ baseUrl: 'ftp://example.com' }, /baseUrl must be an absolute http\(s\) URL/],
    [{ baseUrl: 'not a url' }, /baseUrl must be an absolute http\(s\) URL/],
    [{ baseUrl: 'https://example.com/?a=1' }, /without a query/],
    [{ scenario: 'scenario.yaml' as never }, /scenario must be a scenario object/],
    [{ scenario: { salesforce: 'x' } as never }, /salesforce must be a list of jobs/],
    [{ scenario: { salesforse: [] } as never }, /unknown key "salesforse"/],
    [{ scenario: { salesforce: [{ jobId: 1 }] } }, /salesforce\[0\]\.jobId: must be/],
    [{ seed: -1 }, /seed must be an integer/],
    [{ now: '2025-06-01' }, /now must be an ISO 8601 instant/],
    [{ speed: 0 }, /speed must be a number above 0/],
  ])('refuses %o with a ConfigError naming the problem', (options, message) => {
    expect(() => createJobwatchHandlers(options)).toThrow(ConfigError);
    expect(() => createJobwatchHandlers(options)).toThrow(message);
  });
});

describe('matching', () => {
  const handlers = createJobwatchHandlers({ baseUrl: 'https://api.example.com/v1/', now: NOW, auth: false });
  const get = (url: string, init?: RequestInit) => getResponse(handlers, new Request(url, init));

  it('answers under the base URL, path prefix included, and nextLink keeps the prefix', async () => {
    const response = await get(`https://api.example.com/v1${salesforce.path}?${RANGE}`);
    expect(response?.status).toBe(200);
    const nextLink = valueAt(await response!.json(), salesforce.page.nextLink!);
    expect(String(nextLink)).toMatch(new RegExp(`^https://api\\.example\\.com/v1${salesforce.path}\\?`));
  });

  it.each([
    ['another origin', `https://other.example.com/v1${salesforce.path}?${RANGE}`],
    ['no prefix', `https://api.example.com${salesforce.path}?${RANGE}`],
    ['a trailing slash', `https://api.example.com/v1${salesforce.path}/?${RANGE}`],
    ['a longer path', `https://api.example.com/v1${salesforce.path}/x`],
  ])('leaves %s to MSW (not handled)', async (_what, url) => {
    expect(await get(url)).toBeUndefined();
  });

  it('answers HEAD with the status and headers of GET and no body', async () => {
    const url = `https://api.example.com/v1${salesforce.path}?${RANGE}`;
    const response = await get(url, { method: 'HEAD' });
    expect(response?.status).toBe(200);
    expect(response!.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response!.text()).toBe('');
  });

  it('waits the latency a Prefer header asks for', async () => {
    const started = performance.now();
    const response = await get(`https://api.example.com/v1${salesforce.path}?${RANGE}`, {
      headers: { prefer: 'latency=120' },
    });
    expect(response?.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('auth', () => {
  it('issues tokens that the API paths of the same handlers accept, and refuses a request without one', async () => {
    const handlers = createJobwatchHandlers({ now: NOW, clockMode: 'frozen' });
    const origin = 'http://localhost:4010';
    const issued = await token(handlers, origin, demo);
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const { access_token } = (await issued.json()) as { access_token: string };
    const url = `${origin}${salesforce.path}?${RANGE}`;
    const ok = await getResponse(
      handlers,
      new Request(url, { headers: { authorization: `Bearer ${access_token}` } }),
    );
    expect(ok?.status).toBe(200);
    const refused = await getResponse(handlers, new Request(url));
    expect(refused?.status).toBe(401);
    expect(refused!.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  describe('a certificate client', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const origin = 'https://graph.example.com';
    const handlers = createJobwatchHandlers({
      baseUrl: origin,
      now: NOW,
      clients: [
        { clientId: 'cert-app', certificate: pem },
        {
          clientId: 'bad-cert-app',
          certificate: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----',
        },
      ],
    });
    const assertionFor = (clientId: string, audience: string) =>
      signClientAssertion({ clientId, audience, privateKey });
    const withAssertion = (clientId: string, assertion: string) => ({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });

    it("gets a token with an assertion for the base URL's token URL", async () => {
      const assertion = await assertionFor('cert-app', `${origin}/connect/token`);
      const response = await token(handlers, origin, withAssertion('cert-app', assertion));
      expect(response.status).toBe(200);
    });

    it('is refused an assertion for another audience', async () => {
      const assertion = await assertionFor('cert-app', 'https://elsewhere.example.com/connect/token');
      const response = await token(handlers, origin, withAssertion('cert-app', assertion));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });

    it('with a certificate Web Crypto cannot read, is refused at its first assertion, saying so', async () => {
      const assertion = await assertionFor('bad-cert-app', `${origin}/connect/token`);
      const response = await token(handlers, origin, withAssertion('bad-cert-app', assertion));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: 'invalid_client',
        error_description:
          'The certificate registered for client bad-cert-app is not a PEM X.509 certificate or RSA public key.',
      });
    });
  });
});
