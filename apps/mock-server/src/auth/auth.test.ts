import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { signClientAssertion } from '@jobwatch/graph-auth';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { signHs256, signRs256, unsigned } from '../../test/forge.js';
import { AssertionVerifier } from './assertion.js';
import { bearerToken } from './bearer.js';
import { nodeCertificates } from './certificates-node.js';
import { ClientRegistry, parseClientFlag } from './clients.js';
import { hasCanonicalSignature } from './compact.js';
import { deriveTokenKey, TokenService } from './tokens.js';

const SCOPES = ['salesforce.public.read.all', 'Dynamics.ReadWrite.All'];
const KNOWN = new Set(SCOPES.map((s) => s.toLowerCase()));

function service(clock = () => 1_700_000_000_000, seed = 42) {
  return new TokenService({
    seed,
    issuer: 'iss',
    audience: 'aud',
    clock,
    clientScopes: (id) => (id === 'c' ? KNOWN : undefined),
  });
}

describe('TokenService', () => {
  it('issues HS256 tokens that verify, with lower-cased scopes', async () => {
    const tokens = service();
    const { accessToken, expiresIn } = await tokens.issue('c', SCOPES);
    expect(expiresIn).toBe(3600);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const check = await tokens.verify(accessToken);
    expect(check).toMatchObject({ ok: true, clientId: 'c' });
    if (check.ok) expect([...check.scopes]).toEqual(['salesforce.public.read.all', 'dynamics.readwrite.all']);
    // Verified once, then answered from the cache synchronously (the hot path).
    expect(tokens.verify(accessToken)).not.toBeInstanceOf(Promise);
  });

  it('shares tokens between replicas with the same seed, not with another seed', async () => {
    const token = (await service().issue('c', SCOPES)).accessToken;
    expect((await service().verify(token)).ok).toBe(true);
    expect(await service(undefined, 43).verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expires after 3600 s (plus skew), also from the cache', async () => {
    let now = 1_700_000_000_000;
    const tokens = service(() => now);
    const token = (await tokens.issue('c', SCOPES)).accessToken;
    expect((await tokens.verify(token)).ok).toBe(true);
    now += 3600_000 + 31_000;
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  const key = deriveTokenKey(42);
  const now = 1_700_000_000;
  const claims = { iss: 'iss', aud: 'aud', sub: 'c', client_id: 'c', scope: 'x', iat: now, exp: now + 3600 };
  it.each([
    ['not yet valid', { nbf: now + 600 }, 'not-yet-valid'],
    ['another issuer', { iss: 'other' }, 'invalid'],
    ['no aud', { aud: undefined }, 'invalid'],
    ['an unknown client', { sub: 'mallory', client_id: 'mallory' }, 'invalid'],
    ['client_id differing from sub', { client_id: 'mallory' }, 'invalid'],
    ['a ten-year exp', { exp: now + 10 * 365 * 86_400 }, 'invalid'],
    ['an iat in the future', { iat: now + 600, exp: now + 900 }, 'invalid'],
    ['no iat', { iat: undefined }, 'invalid'],
  ])('rejects a token with %s', async (_name, override, reason) => {
    const tokens = service(() => now * 1000);
    expect(await tokens.verify(signHs256(key, { ...claims, ...override }))).toEqual({ ok: false, reason });
  });

  it('rejects alg none, tampered and non-canonical tokens', async () => {
    const tokens = service(() => now * 1000);
    expect((await tokens.verify(unsigned(claims))).ok).toBe(false);
    const good = signHs256(key, claims);
    expect((await tokens.verify(`${good.slice(0, -2)}AA`)).ok).toBe(false);
    expect(await tokens.verify('not.a.jwt')).toEqual({ ok: false, reason: 'malformed' });
    expect((await tokens.verify(good)).ok).toBe(true);
  });
});

describe('hasCanonicalSignature', () => {
  it('accepts only the canonical spelling of the last base64url character', () => {
    const token = signHs256(deriveTokenKey(1), { a: 1 });
    expect(hasCanonicalSignature(token)).toBe(true);
    // 32 bytes in 43 characters: the last one carries 2 spare bits.
    const last = token.at(-1)!;
    const sibling = String.fromCharCode(last.charCodeAt(0) ^ 1);
    expect(Buffer.from(`${token.slice(0, -1)}${sibling}`.split('.')[2]!, 'base64url')).toEqual(
      Buffer.from(token.split('.')[2]!, 'base64url'),
    );
    expect(hasCanonicalSignature(`${token.slice(0, -1)}${sibling}`)).toBe(false);
  });
});

describe('AssertionVerifier', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const registry = new ClientRegistry(SCOPES, nodeCertificates);
  registry.register({ clientId: 'cert-client', certificate: pem });
  registry.register({ clientId: 'other-cert-client', certificate: pem });
  const client = registry.get('cert-client')!;
  const other = registry.get('other-cert-client')!;
  const now = 1_700_000_000;
  const aud = 'http://127.0.0.1:4010/connect/token';
  const verifier = (limit?: number) =>
    new AssertionVerifier({
      clock: () => now * 1000,
      ...(limit === undefined ? {} : { replayLimitPerClient: limit }),
    });

  const assertion = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    signRs256(privateKey, claims, header);
  const claims = () => ({
    iss: 'cert-client',
    sub: 'cert-client',
    aud,
    jti: randomUUID(),
    exp: now + 300,
    nbf: now - 1,
  });

  it('accepts a fresh assertion from the shared builder once and rejects its replay', async () => {
    const v = verifier();
    const jwt = await signClientAssertion({
      clientId: 'cert-client',
      audience: aud,
      privateKey,
      nowMs: now * 1000,
    });
    await expect(v.verify(client, jwt, [aud])).resolves.toBeUndefined();
    await expect(v.verify(client, jwt, [aud])).rejects.toThrow(/already used/);
  });

  it.each([
    ['wrong aud', { aud: 'http://elsewhere/connect/token' }, {}, /aud/],
    ['expired', { exp: now - 120 }, {}, /expired/],
    ['not yet valid', { nbf: now + 600 }, {}, /not valid yet/],
    ['a string nbf', { nbf: String(now) }, {}, /nbf/],
    ['an iat ten days ahead', { iat: now + 10 * 86_400 }, {}, /iat/],
    ['exp more than an hour ahead', { exp: now + 7200 }, {}, /too far/],
    ['wrong iss', { iss: 'someone' }, {}, /iss and sub/],
    ['no jti', { jti: undefined }, {}, /jti/],
    ['a crit header', {}, { crit: ['exp'] }, /crit|JWS/],
  ])('rejects %s', async (_name, override, header, message) => {
    await expect(
      verifier().verify(client, assertion({ ...claims(), ...override }, header), [aud]),
    ).rejects.toThrow(message);
  });

  it('rejects alg none and HS256 signed with the public key', async () => {
    const c = claims();
    await expect(verifier().verify(client, unsigned(c), [aud])).rejects.toThrow(/RS256/);
    await expect(verifier().verify(client, signHs256(pem, c), [aud])).rejects.toThrow(/RS256/);
  });

  it('rejects a signature from another key', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwt = signRs256(stranger.privateKey, claims());
    await expect(verifier().verify(client, jwt, [aud])).rejects.toThrow(/signature/);
  });

  it('scopes the replay table per client: a client that fills its own locks out only itself', async () => {
    const v = verifier(3);
    for (let i = 0; i < 3; i++) await v.verify(client, assertion(claims()), [aud]);
    await expect(v.verify(client, assertion(claims()), [aud])).rejects.toThrow(/too many/);
    const forOther = assertion({ ...claims(), iss: 'other-cert-client', sub: 'other-cert-client' });
    await expect(v.verify(other, forOther, [aud])).resolves.toBeUndefined();
  });

  it('forgets an assertion once it has expired, so a full table empties with time', async () => {
    let at = now;
    const v = new AssertionVerifier({ clock: () => at * 1000, replayLimitPerClient: 2 });
    const short = () => assertion({ ...claims(), exp: at + 10, nbf: at - 1 });
    await v.verify(client, short(), [aud]);
    await v.verify(client, short(), [aud]);
    await expect(v.verify(client, short(), [aud])).rejects.toThrow(/too many/);
    at += 60;
    await expect(v.verify(client, short(), [aud])).resolves.toBeUndefined();
  });
});

describe('clients', () => {
  it('parses --client id:secret (secret may contain colons)', () => {
    expect(parseClientFlag('a:b:c')).toEqual({ clientId: 'a', clientSecret: 'b:c' });
    expect(() => parseClientFlag('nocolon')).toThrow(/<id>:<secret>/);
    expect(() => parseClientFlag(':x')).toThrow();
  });
  it('rejects unknown scopes and clients without credentials', () => {
    const registry = new ClientRegistry(SCOPES, nodeCertificates);
    expect(() => registry.register({ clientId: 'x', clientSecret: 's', scopes: ['nope'] })).toThrow(
      /unknown scope/,
    );
    expect(() => registry.register({ clientId: 'x' })).toThrow(/clientSecret, a certificate/);
    expect(() => registry.register({ clientId: 'x', certificate: 'garbage' })).toThrow(/PEM/);
  });
  it('canonicalises scopes case-insensitively', () => {
    const registry = new ClientRegistry(SCOPES, nodeCertificates);
    registry.register({ clientId: 'x', clientSecret: 's', scopes: ['dynamics.readwrite.all'] });
    expect(registry.get('x')!.scopes).toEqual(['Dynamics.ReadWrite.All']);
    expect([...registry.get('x')!.scopesLower]).toEqual(['dynamics.readwrite.all']);
  });
});

describe('bearerToken', () => {
  // It remembers the last header: a repeat, a change and a malformed header in between must each read anew.
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer   xyz=  ', 'xyz='],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer a b', null],
    ['Bearer other.token.here', 'other.token.here'],
  ])('reads %j as %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
