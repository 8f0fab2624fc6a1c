import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS, helpText, parseCli } from './args.js';

describe('parseCli', () => {
  it('has documented defaults', () => {
    const config = parseCli([], {});
    expect(config).toMatchObject({ port: 4010, host: '127.0.0.1', logLevel: 'info', help: false, app: {} });
  });

  it('reads every flag', () => {
    const config = parseCli(
      [
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--seed',
        '7',
        '--jobs',
        '100',
        '--orgs',
        '3',
        '--now',
        '2025-01-01T00:00:00Z',
        '--client',
        'a:b',
        '--client',
        'c:d',
        '--no-auth',
        '--latency',
        '5-10',
        '--scenario',
        'x.yaml',
        '--log-level',
        'debug',
      ],
      {},
    );
    expect(config.port).toBe(0);
    expect(config.app).toMatchObject({
      seed: 7,
      jobs: 100,
      orgs: 3,
      auth: false,
      latency: { min: 5, max: 10 },
      scenario: 'x.yaml',
      clients: [
        { clientId: 'a', clientSecret: 'b' },
        { clientId: 'c', clientSecret: 'd' },
      ],
    });
    expect(config.app.now?.toString()).toBe(new Date('2025-01-01T00:00:00Z').toString());
  });

  it('reads env vars, and a flag wins over its env var', () => {
    const env = {
      MOCK_PORT: '5000',
      MOCK_SEED: '9',
      MOCK_NO_AUTH: '1',
      MOCK_CLIENT: 'x:y z:w',
      MOCK_LATENCY: '3',
    };
    const config = parseCli(['--seed', '10'], env);
    expect(config.port).toBe(5000);
    expect(config.app).toMatchObject({ seed: 10, auth: false, latency: { min: 3, max: 3 } });
    expect(config.app.clients).toHaveLength(2);
  });

  it('reads --page-cache and MOCK_PAGE_CACHE (0 disables the cache)', () => {
    expect(parseCli([], {}).app.pageCache).toBeUndefined();
    expect(parseCli(['--page-cache', '0'], {}).app.pageCache).toBe(0);
    expect(parseCli([], { MOCK_PAGE_CACHE: '500' }).app.pageCache).toBe(500);
    expect(parseCli(['--page-cache', '7'], { MOCK_PAGE_CACHE: '500' }).app.pageCache).toBe(7);
  });

  it.each([
    [['--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['--seed', '1.5'], /--seed/],
    [['--jobs', '-1'], /--jobs/],
    [['--orgs', '0'], /--orgs/],
    [['--now', '2025-01-01'], /now must be an ISO 8601 instant/],
    [['--now', '0000-06-01T00:00:00Z'], /years 0001 to 9999/],
    [['--now', '0001-01-01T00:30:00+01:00'], /years 0001 to 9999/],
    [['--now', '9999-12-31T23:30:00-01:00'], /years 0001 to 9999/],
    [['--token-audience', 'not a url'], /absolute http\(s\) URL/],
    [['--headers-timeout', '0'], /--headers-timeout must be an integer/],
    [['--latency', 'fast'], /--latency/],
    [['--client', 'nocolon'], /--client/],
    [['--log-level', 'loud'], /--log-level/],
    [['--page-cache', 'lots'], /--page-cache must be an integer from 0 to/],
    [['--page-cache', '-1'], /--page-cache/],
    [['--bogus'], /Unknown option/],
    [['--clients', '/nonexistent/clients.json'], /cannot read/],
  ])('rejects %j with one clear line', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(message);
  });

  it('reads a clients file (YAML) with a certificate file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clients-'));
    writeFileSync(
      join(dir, 'clients.yaml'),
      '- clientId: a\n  clientSecret: s\n  scopes: [salesforce.public.read.all]\n',
    );
    const config = parseCli(['--clients', join(dir, 'clients.yaml')], {});
    expect(config.app.clients).toEqual([
      { clientId: 'a', clientSecret: 's', scopes: ['salesforce.public.read.all'] },
    ]);
    writeFileSync(join(dir, 'bad.json'), '[{"clientId": 5}]');
    expect(() => parseCli(['--clients', join(dir, 'bad.json')], {})).toThrow(/entry 0: clientId/);
  });

  it('documents every flag on one line each', () => {
    const help = helpText();
    for (const flag of FLAGS) expect(help).toContain(flag.flag);
    expect(help.split('\n').filter((l) => l.trimStart().startsWith('--'))).toHaveLength(FLAGS.length);
  });
});
