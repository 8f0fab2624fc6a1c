import { describe, expect, it } from 'vitest';
import { redactUrlSecrets } from './redact-url.js';

describe('redactUrlSecrets', () => {
  it.each([
    ['/a?access_token=SECRET123&pageSize=1', '/a?access_token=[redacted]&pageSize=1'],
    ['/a?client_secret=s3&client_assertion=eyJ', '/a?client_secret=[redacted]&client_assertion=[redacted]'],
    ['/a?Access%5FToken=SECRET', '/a?Access%5FToken=[redacted]'],
    ['/a?x=%zz&API-KEY=k', '/a?x=%zz&API-KEY=[redacted]'],
    ['/a?startTime=2025-01-01&finishTime=2025-02-01', '/a?startTime=2025-01-01&finishTime=2025-02-01'],
    ['/backup/sfbapi/jobs', '/backup/sfbapi/jobs'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrlSecrets(url)).toBe(expected);
  });
});
