import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CredentialsError, createTokenProvider, staticTokenProvider, TokenError } from '../src/index.js';
import { createManualClock } from '../src/testing.js';
import { json, networkFailure, scriptedFetch, tokenAnswer } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const certificatePem = fixture('client-cert.pem');
const privateKeyPem = fixture('client-key.pem');
const tokenUrl = 'https://identity.avepointonlineservices.com/connect/token';
const secret = { clientId: 'app-1', clientSecret: 'super-secret-value' };

async function form(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.clone().text());
}

function decodeJwt(jwt: string) {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(p, 'base64url').toString()),
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

describe('createTokenProvider — client secret', () => {
  it('posts the client credentials form with the scope and caches the token', async () => {
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('tok-1')]);
    const provider = createTokenProvider(secret, { tokenUrl, scope: 'salesforce.public.read.all', fetch });
    expect(await provider.getToken()).toBe('tok-1');
    expect(await provider.getToken()).toBe('tok-1');
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(tokenUrl);
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(await form(request))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app-1',
      scope: 'salesforce.public.read.all',
      client_secret: 'super-secret-value',
    });
  });

  it('joins several scopes with spaces', async () => {
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('t')]);
    const provider = createTokenProvider(secret, {
      tokenUrl,
      scope: ['a.read', 'Dynamics.ReadWrite.All'],
      fetch,
    });
    await provider.getToken();
    expect((await form(requests[0]!)).get('scope')).toBe('a.read Dynamics.ReadWrite.All');
  });

  it('refreshes before expiry: skew early, but never before half the lifetime', async () => {
    const clock = createManualClock();
    const { fetch, requests } = scriptedFetch([
      () => tokenAnswer('t1', 3600),
      () => tokenAnswer('t2', 100),
      () => tokenAnswer('t3'),
    ]);
    const provider = createTokenProvider(secret, {
      tokenUrl,
      scope: 's',
      fetch,
      clock,
      refreshSkewSeconds: 60,
    });
    expect(await provider.getToken()).toBe('t1');
    clock.advance(3539_000);
    expect(await provider.getToken()).toBe('t1');
    clock.advance(1000); // 60 s before expiry
    expect(await provider.getToken()).toBe('t2');
    // t2 lives 100 s: a 60 s skew would leave 40 s, so the half-life rule keeps it for 50 s.
    clock.advance(49_000);
    expect(await provider.getToken()).toBe('t2');
    clock.advance(1000);
    expect(await provider.getToken()).toBe('t3');
    expect(requests).toHaveLength(3);
  });

  it('shares one refresh between concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, requests } = scriptedFetch([
      async () => {
        await gate;
        return tokenAnswer('shared');
      },
    ]);
    const provider = createTokenProvider(secret, { tokenUrl, scope: 's', fetch });
    const callers = Array.from({ length: 25 }, () => provider.getToken());
    release();
    expect(new Set(await Promise.all(callers))).toEqual(new Set(['shared']));
    expect(requests).toHaveLength(1);
  });

  it('invalidates only the rejected token', async () => {
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('old'), () => tokenAnswer('new')]);
    const provider = createTokenProvider(secret, { tokenUrl, scope: 's', fetch });
    await provider.getToken();
    provider.invalidate('something-else');
    expect(await provider.getToken()).toBe('old');
    provider.invalidate('old');
    expect(await provider.getToken()).toBe('new');
    expect(requests).toHaveLength(2);
  });

  it('retries the token endpoint on 503 and network errors, then succeeds', async () => {
    const clock = createManualClock();
    const { fetch, requests } = scriptedFetch([() => json(503, {}), networkFailure, () => tokenAnswer('ok')]);
    const provider = createTokenProvider(secret, { tokenUrl, scope: 's', fetch, clock, random: () => 0.5 });
    expect(await provider.getToken()).toBe('ok');
    expect(requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([125, 250]);
  });

  it('turns a refusal into a TokenError that carries no secret, and does not cache it', async () => {
    const { fetch, requests } = scriptedFetch([
      () =>
        json(400, {
          error: 'invalid_client',
          error_description: 'client app-1 presented secret super-secret-value which is wrong',
        }),
      () => tokenAnswer('later'),
    ]);
    const provider = createTokenProvider(secret, { tokenUrl, scope: 's', fetch });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    const tokenError = error as TokenError;
    expect(tokenError.status).toBe(400);
    expect(tokenError.error).toBe('invalid_client');
    expect(tokenError.requestId).toBe('req-400');
    expect(tokenError.message).toContain('invalid_client');
    expect(tokenError.message).not.toContain('super-secret-value');
    expect(JSON.stringify(tokenError)).not.toContain('super-secret-value');
    expect(requests).toHaveLength(1);
    expect(await provider.getToken()).toBe('later');
  });

  it('lets one caller abort without cancelling the shared refresh', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch } = scriptedFetch([
      async () => {
        await gate;
        return tokenAnswer('t');
      },
    ]);
    const provider = createTokenProvider(secret, { tokenUrl, scope: 's', fetch });
    const controller = new AbortController();
    const aborted = provider.getToken(controller.signal);
    const patient = provider.getToken();
    controller.abort(new Error('user gave up'));
    await expect(aborted).rejects.toThrow('user gave up');
    release();
    expect(await patient).toBe('t');
  });

  it('gives a static token, which cannot refresh', async () => {
    const provider = staticTokenProvider('fixed');
    expect(await provider.getToken()).toBe('fixed');
    expect(provider.refreshable).toBe(false);
  });
});

describe('createTokenProvider — certificate', () => {
  it('sends an RS256 client assertion: x5t, iss = sub = client id, aud = token URL, fresh jti, 5 minutes', async () => {
    const clock = createManualClock(Date.UTC(2025, 5, 1, 8, 0, 0));
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('t1', 3600), () => tokenAnswer('t2', 3600)]);
    const provider = createTokenProvider(
      { clientId: 'cert-app', certificatePem, privateKeyPem },
      { tokenUrl, scope: 'Dynamics.ReadWrite.All', fetch, clock },
    );
    await provider.getToken();
    provider.invalidate('t1');
    await provider.getToken();

    const forms = await Promise.all(requests.map(form));
    const first = forms[0]!;
    expect(first.get('grant_type')).toBe('client_credentials');
    expect(first.get('client_id')).toBe('cert-app');
    expect(first.get('scope')).toBe('Dynamics.ReadWrite.All');
    expect(first.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(first.has('client_secret')).toBe(false);

    const certificate = new X509Certificate(certificatePem);
    const [a, b] = forms.map((f) => decodeJwt(f.get('client_assertion')!));
    expect(a!.header).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
    });
    const iat = Math.floor(clock.now() / 1000);
    expect(a!.claims).toMatchObject({
      iss: 'cert-app',
      sub: 'cert-app',
      aud: tokenUrl,
      iat,
      nbf: iat,
      exp: iat + 300,
    });
    expect(a!.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(b!.claims.jti).not.toBe(a!.claims.jti);
    // The signature verifies with the certificate's public key, as the identity service will check it.
    const publicKey = createPublicKey(certificatePem);
    expect(verify('sha256', Buffer.from(a!.signingInput), publicKey, a!.signature)).toBe(true);
    expect(verify('sha256', Buffer.from(`${a!.signingInput}x`), publicKey, a!.signature)).toBe(false);
  });

  it('signs a fresh assertion for each retry of the token request', async () => {
    const { fetch, requests } = scriptedFetch([() => json(500, {}), () => tokenAnswer('t')]);
    const provider = createTokenProvider(
      { clientId: 'cert-app', certificatePem, privateKeyPem },
      { tokenUrl, scope: 's', fetch, clock: createManualClock() },
    );
    await provider.getToken();
    const jtis = await Promise.all(
      requests.map(async (r) => decodeJwt((await form(r)).get('client_assertion')!).claims.jti),
    );
    expect(new Set(jtis).size).toBe(2);
  });

  it('rejects unreadable or mismatched PEMs without echoing them', () => {
    const make = (cert: string, key: string) => () =>
      createTokenProvider(
        { clientId: 'c', certificatePem: cert, privateKeyPem: key },
        { tokenUrl, scope: 's' },
      );
    expect(make('not a pem', privateKeyPem)).toThrow(CredentialsError);
    expect(make(certificatePem, 'not a key')).toThrow(/private key is not a readable/);
    expect(make(certificatePem, fixture('other-key.pem'))).toThrow(/does not belong to the certificate/);
    try {
      make(certificatePem, fixture('other-key.pem'))();
    } catch (error) {
      expect((error as Error).message).not.toContain('PRIVATE KEY');
    }
  });
});
