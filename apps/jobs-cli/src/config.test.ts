import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './args.js';
import { DEMO_CLIENT, resolveConnection } from './config.js';
import { parseDuration } from './duration.js';
import { UsageError } from './errors.js';
import { chooseApis } from './main.js';
import { apiOfOrganizationId } from './sources.js';

const flags = (argv: string[]) => parseCommandLine(['list', ...argv]).flags;

describe('resolveConnection', () => {
  it('works out of the box against the local mock with the demo client', () => {
    expect(resolveConnection(flags([]), {})).toEqual({
      target: { baseUrl: 'http://127.0.0.1:4010' },
      where: 'http://127.0.0.1:4010',
      options: { credentials: { ...DEMO_CLIENT, tokenUrl: 'http://127.0.0.1:4010/connect/token' } },
    });
  });

  it('takes a region and credentials from the environment, the token URL from the region', () => {
    const connection = resolveConnection(flags([]), {
      JOBS_REGION: 'gov',
      JOBS_CLIENT_ID: 'id',
      JOBS_CLIENT_SECRET: 's',
    });
    expect(connection.target).toEqual({ region: 'gov' });
    expect(connection.options).toEqual({ credentials: { clientId: 'id', clientSecret: 's' } });
  });

  it('lets flags win over the environment, and a region flag hide an environment base URL', () => {
    const connection = resolveConnection(
      flags(['--region', 'uk', '--client-id', 'flag-id', '--client-secret', 'x']),
      {
        JOBS_BASE_URL: 'http://127.0.0.1:9',
        JOBS_CLIENT_ID: 'env-id',
      },
    );
    expect(connection.target).toEqual({ region: 'uk' });
    expect(connection.options).toMatchObject({ credentials: { clientId: 'flag-id' } });
  });

  it('uses a fixed token as given, and a timeout', () => {
    expect(resolveConnection(flags(['--token', 'abc', '--timeout-ms', '500']), {}).options).toEqual({
      token: 'abc',
      timeoutMs: 500,
    });
  });

  it('needs a token URL for a base URL that is not loopback, rather than sending credentials elsewhere', () => {
    const proxy = ['--base-url', 'https://proxy.example/graph', '--client-id', 'c', '--client-secret', 's'];
    expect(() => resolveConnection(flags(proxy), {})).toThrow(
      /--base-url https:\/\/proxy\.example\/graph is not local: give --token-url/,
    );
    expect(resolveConnection(flags([...proxy, '--token-url', 'https://id.example/t']), {}).options).toEqual({
      credentials: { clientId: 'c', clientSecret: 's', tokenUrl: 'https://id.example/t' },
    });
  });

  it('refuses what cannot work', () => {
    expect(() => resolveConnection(flags(['--region', 'xx']), {})).toThrow(/unknown region/);
    expect(() => resolveConnection(flags(['--region', 'us']), {})).toThrow(/no credentials/);
    expect(() => resolveConnection(flags(['--base-url', 'x', '--region', 'us']), {})).toThrow(UsageError);
    expect(() => resolveConnection(flags(['--cert', 'a.pem']), {})).toThrow(/--cert and --key go together/);
    expect(() =>
      resolveConnection(flags(['--cert', '/nope', '--key', '/nope', '--client-id', 'c']), {}),
    ).toThrow(/cannot read/);
  });
});

describe('command line', () => {
  it('parses durations', () => {
    expect(parseDuration('90s', '--x')).toBe(90_000);
    expect(parseDuration('7d', '--x')).toBe(7 * 86_400_000);
    expect(parseDuration('2w', '--x')).toBe(14 * 86_400_000);
    expect(() => parseDuration('7', '--since')).toThrow(/--since must look like/);
    expect(() => parseDuration('0m', '--since')).toThrow(/more than zero/);
  });

  it('rejects unknown commands, extra arguments and --json with --csv', () => {
    expect(() => parseCommandLine(['lst'])).toThrow(/unknown command 'lst'/);
    expect(() => parseCommandLine(['list', 'extra'])).toThrow(/unexpected argument/);
    expect(() => parseCommandLine(['list', '--json', '--csv'])).toThrow(/not both/);
    expect(parseCommandLine([]).command).toBe('help');
  });
});

describe('--org picks the API', () => {
  const SF15 = '00D5g000004SZJb';
  const SF18 = '00D5g000004SZJbEAO';
  const GUID = '6F1C2B8E-0D4A-4C55-9E11-2B7A90C3D4E5';

  it('recognises each API by the shape of its organization ids', () => {
    expect(apiOfOrganizationId(SF15)).toBe('salesforce');
    expect(apiOfOrganizationId(SF18)).toBe('salesforce');
    expect(apiOfOrganizationId(GUID)).toBe('dynamics365');
    expect(apiOfOrganizationId(GUID.toLowerCase())).toBe('dynamics365');
    for (const neither of [
      '00D5g000004SZJ',
      '00D5g000004SZJbEA',
      '001000000000001',
      'acme',
      `${GUID}0`,
      '',
    ]) {
      expect(apiOfOrganizationId(neither)).toBeUndefined();
    }
  });

  it('asks only the API of the id when --api is not given, and both without --org', () => {
    expect(chooseApis(undefined, SF18)).toEqual(['salesforce']);
    expect(chooseApis(undefined, SF15)).toEqual(['salesforce']);
    expect(chooseApis(undefined, GUID)).toEqual(['dynamics365']);
    expect(chooseApis(undefined, undefined)).toEqual(['salesforce', 'dynamics365']);
    expect(chooseApis('dynamics365', undefined)).toEqual(['dynamics365']);
  });

  it('lets --api decide, and refuses an id of the other API or of no known shape', () => {
    expect(chooseApis('salesforce', SF18)).toEqual(['salesforce']);
    expect(() => chooseApis('salesforce', GUID)).toThrow(
      /is a dynamics365 organization id, but --api is salesforce/,
    );
    expect(() => chooseApis('dynamics365', SF15)).toThrow(
      /is a salesforce organization id, but --api is dynamics365/,
    );
    expect(() => chooseApis(undefined, 'acme')).toThrow(UsageError);
    expect(() => chooseApis(undefined, 'acme')).toThrow(
      /neither a Salesforce organization id .* nor a Dynamics 365 GUID/,
    );
    expect(() => chooseApis('both', undefined)).toThrow(/--api must be one of salesforce, dynamics365/);
  });
});
