import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './args.js';
import { DEMO_CLIENT, resolveConnection } from './config.js';
import { parseDuration } from './duration.js';
import { UsageError } from './errors.js';

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
