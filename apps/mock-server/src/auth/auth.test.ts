import { createHmac, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AssertionVerifier } from './assertion.js';
import { ClientRegistry, parseClientFlag } from './clients.js';
import { base64url, decodeJwt, signHs256 } from './jwt.js';
import { deriveTokenKey, TokenService } from './tokens.js';

const SCOPES = ['salesforce.public.read.all', 'Dynamics.ReadWrite.All'];

function service(clock = () => 1_700_000_000_000, seed = 42) {
  return new TokenService({ seed, issuer: 'iss', audience: 'aud', clock });
}

describe('TokenService', () => {
  it('issues HS256 tokens that verify, with lower-cased scopes', () => {
    const tokens = service();
    const { accessToken, expiresIn } = tokens.issue('c', SCOPES);
    expect(expiresIn).toBe(3600);
    expect(decodeJwt(accessToken)?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const check = tokens.verify(accessToken);
    expect(check).toMatchObject({ ok: true, clientId: 'c' });
    if (check.ok) expect([...check.scopes]).toEqual(['salesforce.public.read.all', 'dynamics.readwrite.all']);
  });

  it('shares tokens between replicas with the same seed, not with another seed', () => {
    const token = service().issue('c', SCOPES).accessToken;
    expect(service().verify(token).ok).toBe(true);
    expect(service(undefined, 43).verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expires after 3600 s (plus skew), also from the cache', () => {
    let now = 1_700_000_000_000;
    const tokens = service(() => now);
    const token = tokens.issue('c', SCOPES).accessToken;
    expect(tokens.verify(token).ok).toBe(true);
    now += 3600_000 + 31_000;
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects not-yet-valid, wrong issuer, alg none and tampered tokens', () => {
    const key = deriveTokenKey(42);
    const now = 1_700_000_000;
    const tokens = service(() => now * 1000);
    const claims = {
      iss: 'iss',
      aud: 'aud',
      sub: 'c',
      client_id: 'c',
      scope: 'x',
      iat: now,
      exp: now + 3600,
    };
    expect(tokens.verify(signHs256(key, { ...claims, nbf: now + 600 }))).toEqual({
      ok: false,
      reason: 'not-yet-valid',
    });
    expect(tokens.verify(signHs256(key, { ...claims, iss: 'other' }))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const none = `${base64url(JSON.stringify({ alg: 'none' }))}.${base64url(JSON.stringify(claims))}.`;
    expect(tokens.verify(none).ok).toBe(false);
    const good = signHs256(key, claims);
    expect(tokens.verify(`${good.slice(0, -2)}AA`).ok).toBe(false);
    expect(tokens.verify('not.a.jwt')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('AssertionVerifier', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const registry = new ClientRegistry(SCOPES);
  registry.register({ clientId: 'cert-client', certificate: pem });
  const client = registry.get('cert-client')!;
  const now = 1_700_000_000;
  const aud = 'http://127.0.0.1:4010/connect/token';

  function assertion(
    claims: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
  ) {
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(input).sign(privateKey);
    return `${input}.${base64url(signature)}`;
  }
  const claims = () => ({
    iss: 'cert-client',
    sub: 'cert-client',
    aud,
    jti: randomUUID(),
    exp: now + 300,
    nbf: now - 1,
  });

  it('accepts a fresh assertion once and rejects its replay', () => {
    const verifier = new AssertionVerifier(() => now * 1000);
    const jwt = assertion(claims());
    expect(() => verifier.verify(client, jwt, [aud])).not.toThrow();
    expect(() => verifier.verify(client, jwt, [aud])).toThrow(/already used/);
  });

  it.each([
    ['wrong aud', { aud: 'http://elsewhere/connect/token' }, /aud/],
    ['expired', { exp: now - 120 }, /expired/],
    ['not yet valid', { nbf: now + 600 }, /not valid yet/],
    ['wrong iss', { iss: 'someone' }, /iss and sub/],
    ['no jti', { jti: undefined }, /jti/],
  ])('rejects %s', (_name, override, message) => {
    const verifier = new AssertionVerifier(() => now * 1000);
    expect(() => verifier.verify(client, assertion({ ...claims(), ...override }), [aud])).toThrow(message);
  });

  it('rejects alg none and HS256 signed with the public key', () => {
    const verifier = new AssertionVerifier(() => now * 1000);
    const c = claims();
    const none = `${base64url(JSON.stringify({ alg: 'none' }))}.${base64url(JSON.stringify(c))}.`;
    expect(() => verifier.verify(client, none, [aud])).toThrow(/RS256/);
    const input = `${base64url(JSON.stringify({ alg: 'HS256' }))}.${base64url(JSON.stringify(c))}`;
    const mac = createHmac('sha256', pem).update(input).digest();
    expect(() => verifier.verify(client, `${input}.${base64url(mac)}`, [aud])).toThrow(/RS256/);
  });

  it('rejects a signature from another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${base64url(JSON.stringify({ alg: 'RS256' }))}.${base64url(JSON.stringify(claims()))}`;
    const jwt = `${input}.${base64url(createSign('RSA-SHA256').update(input).sign(other.privateKey))}`;
    expect(() => new AssertionVerifier(() => now * 1000).verify(client, jwt, [aud])).toThrow(/signature/);
  });
});

describe('clients', () => {
  it('parses --client id:secret (secret may contain colons)', () => {
    expect(parseClientFlag('a:b:c')).toEqual({ clientId: 'a', clientSecret: 'b:c' });
    expect(() => parseClientFlag('nocolon')).toThrow(/<id>:<secret>/);
    expect(() => parseClientFlag(':x')).toThrow();
  });
  it('rejects unknown scopes and clients without credentials', () => {
    const registry = new ClientRegistry(SCOPES);
    expect(() => registry.register({ clientId: 'x', clientSecret: 's', scopes: ['nope'] })).toThrow(
      /unknown scope/,
    );
    expect(() => registry.register({ clientId: 'x' })).toThrow(/clientSecret, a certificate/);
    expect(() => registry.register({ clientId: 'x', certificate: 'garbage' })).toThrow(/PEM/);
  });
  it('canonicalises scopes case-insensitively', () => {
    const registry = new ClientRegistry(SCOPES);
    registry.register({ clientId: 'x', clientSecret: 's', scopes: ['dynamics.readwrite.all'] });
    expect(registry.get('x')!.scopes).toEqual(['Dynamics.ReadWrite.All']);
  });
});
