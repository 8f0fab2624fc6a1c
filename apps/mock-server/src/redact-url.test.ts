import { describe, expect, it } from 'vitest';
import { redactUrlSecrets } from './redact-url.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqb2J3YXRjaC1kZW1vIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';

describe('redactUrlSecrets', () => {
  it.each([
    ['/a?access_token=SECRET123&pageSize=1', '/a?access_token=[redacted]&pageSize=1'],
    ['/a?client_secret=s3&client_assertion=eyJ', '/a?client_secret=[redacted]&client_assertion=[redacted]'],
    ['/a?Access%5FToken=SECRET', '/a?Access%5FToken=[redacted]'],
    ['/a?x=%zz&API-KEY=k', '/a?x=%zz&API-KEY=[redacted]'],
    ['/a?startTime=2025-01-01&finishTime=2025-02-01', '/a?startTime=2025-01-01&finishTime=2025-02-01'],
    ['/backup/sfbapi/jobs', '/backup/sfbapi/jobs'],
    // By name, also names that do not say "token".
    ['/a?jwt=abc.def&pageSize=1', '/a?jwt=[redacted]&pageSize=1'],
    ['/a?sig=0123abcd', '/a?sig=[redacted]'],
    ['/a?authorization=Bearer%20opaque-credential', '/a?authorization=[redacted]'],
    // Path parameters.
    [
      '/backup/sfbapi/jobs;access_token=SECRET?pageSize=1',
      '/backup/sfbapi/jobs;access_token=[redacted]?pageSize=1',
    ],
    ['/a?x=1;access_token=SECRET', '/a?x=1;access_token=[redacted]'],
    // By shape, whatever the name and wherever it is.
    [`/a?note=${JWT}`, '/a?note=[redacted]'],
    [`/backup/sfbapi/jobs/${JWT}`, '/backup/sfbapi/jobs/[redacted]'],
    [`/a?x=${JWT.replace(/\./g, '%2E')}`, '/a?x=[redacted]'],
    ['/a?h=Bearer%20opaque-credential-123&pageSize=1', '/a?h=Bearer%20[redacted]&pageSize=1'],
    ['/a?h=bearer+opaque-credential-123', '/a?h=bearer+[redacted]'],
    ['/a?h=Basic%20am9id2F0Y2g6c2VjcmV0', '/a?h=Basic%20[redacted]'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrlSecrets(url)).toBe(expected);
  });
});
