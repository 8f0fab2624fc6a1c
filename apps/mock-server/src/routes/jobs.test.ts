import { nextPageUrl } from '@jobwatch/jobs-engine';
import { describe, expect, it } from 'vitest';
import { nextTargetBound, requestUrlOf } from './jobs.js';

const ORIGIN = 'http://127.0.0.1:4010';
const PATH = '/backup/sfbapi/jobs';

describe('nextTargetBound', () => {
  // The handler skips the nextLink length search below this bound, so it must hold for any request target: the
  // link's target is what nextTargetLength measures (the link less the server's origin).
  it.each([
    ['plain', `${PATH}?startTime=2025-01-01&finishTime=2025-02-01&pageSize=10`],
    ['no query', PATH],
    ['characters a URI query may not hold', `${PATH}?pad=${'|'.repeat(200)}`],
    ['stray percents', `${PATH}?pad=${'%'.repeat(200)}`],
    ['spaces and quotes', `${PATH}?pad=${' "<>'.repeat(50)}`],
    ['bytes above 0x7f (as Node hands them over)', `${PATH}?pad=${'\u00ff\u00e9'.repeat(100)}`],
    ['non-Latin characters', `${PATH}?pad=${'\u4e2d\u6587'.repeat(100)}`],
    ['lone surrogates', `${PATH}?pad=${'\ud800'.repeat(100)}`],
    ['bare pageIndex names', `${PATH}?${'pageIndex&'.repeat(100)}`],
    ['short pageIndex values', `${PATH}?${'pageIndex=1&'.repeat(100)}`],
    ['a path the URL parser rewrites', `${PATH}/../jobs/%2e/${'\u00e9'.repeat(100)}?a=${'|'.repeat(50)}`],
    ['a protocol-relative target', `//${'a'.repeat(100)}.example${PATH}?x=1`],
  ])('holds for %s', (_name, target) => {
    const url = requestUrlOf(target, ORIGIN);
    for (const next of [2, 1_000_000_000, 2_147_483_647]) {
      const linkTarget = nextPageUrl(url, next).length - ORIGIN.length;
      expect(linkTarget).toBeGreaterThan(0);
      expect(linkTarget).toBeLessThanOrEqual(nextTargetBound(target.length));
    }
  });
});
