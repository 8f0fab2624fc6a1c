import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './args.js';

const KEY = fileURLToPath(new URL('../../test/fixtures/test-client.key.pem', import.meta.url));

describe('parseCli', () => {
  it('with nothing given, targets the mock with both APIs and the default budget', () => {
    const c = parseCli([], {});
    expect(c.baseUrl).toBeUndefined();
    expect(c.credentials).toBeUndefined();
    expect(c).toMatchObject({ apis: ['salesforce', 'dynamics365'], budget: 300 });
  });

  it('reads every flag from its environment variable, and a flag wins over it', () => {
    const env = {
      CONTRACT_BASE_URL: 'https://graph-us.example',
      CONTRACT_TOKEN_URL: 'https://id.example/connect/token',
      CONTRACT_CLIENT_ID: 'app',
      CONTRACT_CLIENT_SECRET: 'sec',
      CONTRACT_API: 'salesforce',
      CONTRACT_BUDGET: '120',
      CONTRACT_RATE: '2',
      CONTRACT_REPORT: 'out/r.json',
    };
    expect(parseCli([], env)).toMatchObject({
      baseUrl: 'https://graph-us.example',
      credentials: {
        kind: 'client-secret',
        clientId: 'app',
        clientSecret: 'sec',
        tokenUrl: 'https://id.example/connect/token',
      },
      apis: ['salesforce'],
      budget: 120,
      rate: 2,
      report: 'out/r.json',
    });
    expect(parseCli(['--budget', '50', '--api', 'all'], env)).toMatchObject({
      budget: 50,
      apis: ['salesforce', 'dynamics365'],
    });
  });

  it('builds certificate credentials from a key file, and prefers a pre-issued token over everything', () => {
    const cert = parseCli(
      ['--base-url', 'https://g', '--token-url', 'https://t', '--client-id', 'a', '--key', KEY],
      {},
    );
    expect(cert.credentials).toMatchObject({ kind: 'certificate', clientId: 'a', tokenUrl: 'https://t' });
    expect(cert.secrets.some((s) => s.includes('PRIVATE KEY'))).toBe(true);
    expect(
      parseCli(['--base-url', 'https://g', '--token', 'tok', '--client-id', 'a'], {}).credentials,
    ).toEqual({
      kind: 'bearer-token',
      token: 'tok',
    });
  });

  it('rejects incomplete or malformed input with a usage error', () => {
    expect(() => parseCli(['--base-url', 'https://g'], {})).toThrow(UsageError);
    expect(() =>
      parseCli(['--base-url', 'https://g', '--client-id', 'a', '--client-secret', 's'], {}),
    ).toThrow(/--token-url/);
    expect(() => parseCli(['--cert', 'x.pem'], {})).toThrow(/--key/);
    expect(() => parseCli(['--api', 'm365'], {})).toThrow(/--api/);
    expect(() => parseCli(['--budget', '0'], {})).toThrow(/--budget/);
    expect(() => parseCli(['--nope'], {})).toThrow(UsageError);
  });

  it('reads --dynamics-revision and CONTRACT_DYNAMICS_REVISION (auto when absent), refusing other values', () => {
    expect(parseCli([], {}).dynamicsRevision).toBeUndefined();
    expect(parseCli(['--dynamics-revision', 'all'], {}).dynamicsRevision).toBe('all');
    expect(parseCli([], { CONTRACT_DYNAMICS_REVISION: '2025-04' }).dynamicsRevision).toBe('2025-04');
    expect(() => parseCli(['--dynamics-revision', 'latest'], {})).toThrow(
      /--dynamics-revision must be auto, 2024-10, 2025-04, all/,
    );
  });
});
