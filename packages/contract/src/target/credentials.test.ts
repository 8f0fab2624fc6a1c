import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClientAssertion } from './credentials.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');

describe('buildClientAssertion', () => {
  it('is an RS256 JWT with x5t, iss = sub = client id, aud = token URL, a fresh jti and a 5-minute life', async () => {
    const certificatePem = fixture('test-client.cert.pem');
    const credentials = {
      kind: 'certificate' as const,
      clientId: 'client-1',
      privateKeyPem: fixture('test-client.key.pem'),
      certificatePem,
      tokenUrl: 'https://identity.example/connect/token',
    };
    const jwt = await buildClientAssertion(credentials, 1_700_000_000);
    const [h = '', p = '', s = ''] = jwt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const thumb = createHash('sha1').update(new X509Certificate(certificatePem).raw).digest('base64url');
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: thumb });
    expect(payload).toMatchObject({
      iss: 'client-1',
      sub: 'client-1',
      aud: 'https://identity.example/connect/token',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_300,
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(await buildClientAssertion(credentials)).not.toContain(payload.jti);
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${h}.${p}`),
        createPublicKey(certificatePem),
        Buffer.from(s, 'base64url'),
      ),
    ).toBe(true);
  });

  it('leaves x5t out without a certificate', async () => {
    const jwt = await buildClientAssertion({
      kind: 'certificate',
      clientId: 'c',
      privateKeyPem: fixture('test-client.key.pem'),
      tokenUrl: 'https://t',
    });
    expect(JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
    });
  });
});
