// Determinism across replicas: two separate REAL mock processes started with the same seed, jobs, orgs and now
// answer 1,000 random queries (valid and invalid, both APIs, from the fuzz generator) with identical bodies, apart
// from the per-request ids (requestId, timestamp, traceId) and the origin of nextLink (the ports differ, so
// nextLink is compared by path and query). A different seed gives different data. Replicas also accept each
// other's tokens (same seed → same signing key).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CASES, broadQuery } from '../src/apis.js';
import { closeSharedAgent, get, json } from '../src/http.js';
import { demoToken, type MockProcess, startMock } from '../src/mock.js';
import { fuzzSeed } from './support/fuzz-config.js';
import { queryArbitrary } from './support/queries.js';

const QUERIES = 1000;
const DATASET = { seed: 4242, jobs: 20_000, orgs: 12 };

let a: MockProcess;
let b: MockProcess;
let otherSeed: MockProcess;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  [a, b, otherSeed] = await Promise.all([
    startMock(DATASET),
    startMock(DATASET),
    startMock({ ...DATASET, seed: DATASET.seed + 1 }),
  ]);
  [tokenA, tokenB] = await Promise.all([demoToken(a), demoToken(b)]);
});

afterAll(async () => {
  closeSharedAgent();
  const codes = await Promise.all([a?.stop(), b?.stop(), otherSeed?.stop()]);
  expect(codes).toEqual([0, 0, 0]);
});

/** The body with per-request ids removed and nextLink reduced to path + query. */
function comparable(text: string): unknown {
  const body = json(text);
  if (typeof body !== 'object' || body === null) return text;
  const copy = { ...(body as Record<string, unknown>) };
  delete copy.requestId;
  delete copy.timestamp;
  delete copy.traceId;
  const data = copy.data;
  if (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { nextLink?: unknown }).nextLink === 'string'
  ) {
    const link = (data as { nextLink: string }).nextLink;
    let pathAndQuery = link;
    if (link !== '') {
      const url = new URL(link);
      pathAndQuery = url.pathname + url.search;
    }
    copy.data = { ...(data as object), nextLink: pathAndQuery };
  }
  return copy;
}

describe('replicas with the same seed', () => {
  it('are two processes on two ports', () => {
    expect(a.pid).not.toBe(b.pid);
    expect(a.baseUrl).not.toBe(b.baseUrl);
  });

  it(`answer ${QUERIES} random queries identically (both APIs)`, { timeout: 180_000 }, async () => {
    const seed = fuzzSeed();
    const perApi = QUERIES / API_CASES.length;
    let compared = 0;
    const statuses = new Map<number, number>();
    for (const c of API_CASES) {
      const orgs = c.orgIdsOf(json((await get(a.baseUrl, broadQuery(c.api, 365, 200), tokenA)).text));
      const queries = fc.sample(queryArbitrary(c, orgs), { numRuns: perApi, seed });
      for (const query of queries) {
        const [ra, rb] = await Promise.all([
          get(a.baseUrl, query.target, tokenA),
          get(b.baseUrl, query.target, tokenB),
        ]);
        expect(rb.status, query.target).toBe(ra.status);
        expect(comparable(rb.text), query.target).toEqual(comparable(ra.text));
        statuses.set(ra.status, (statuses.get(ra.status) ?? 0) + 1);
        compared++;
      }
    }
    expect(compared).toBe(QUERIES);
    // The comparison covered real pages, not only errors.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(QUERIES / 4);
    console.log(
      `determinism: ${compared} queries, statuses ${JSON.stringify(Object.fromEntries(statuses))}, seed ${seed}`,
    );
  });

  it('accept each other’s tokens (same seed, same issuer)', async () => {
    for (const c of API_CASES) {
      expect((await get(b.baseUrl, broadQuery(c.api, 30, 1), tokenA)).status).toBe(200);
      expect((await get(a.baseUrl, broadQuery(c.api, 30, 1), tokenB)).status).toBe(200);
    }
  });
});

describe('a replica with a different seed', () => {
  it.each(API_CASES.map((c) => [c.api, c] as const))('serves different data (%s)', async (_api, c) => {
    const token = await demoToken(otherSeed);
    const target = broadQuery(c.api, 365, 50);
    const [same, different] = await Promise.all([
      get(a.baseUrl, target, tokenA),
      get(otherSeed.baseUrl, target, token),
    ]);
    expect(same.status).toBe(200);
    expect(different.status).toBe(200);
    expect(comparable(different.text)).not.toEqual(comparable(same.text));
  });

  it('does not accept the other seed’s tokens', async () => {
    expect((await get(otherSeed.baseUrl, broadQuery('salesforce', 30, 1), tokenA)).status).toBe(401);
  });
});
