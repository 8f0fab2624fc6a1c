// Engine benchmark: build time for 1,000,000 jobs per API, then query latency of the first page against the
// deepest page for several filters (cold = the jobs' JSON is rendered, warm = served from the cache).
// Run: pnpm --filter @jobwatch/jobs-engine bench  (prints medians; no thresholds, so a slow machine fails nothing).
import { msToTicks } from '@jobwatch/api-descriptions';
import { createDataset, type EngineDataset } from '../src/index.js';
import { getProfile } from '../src/profiles/index.js';
import type { ApiName, JobQuery, ValidatedParams } from '../src/types.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 50);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 5);
const now = new Date('2026-11-25T12:00:00Z');
const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const rows: string[][] = [];
const row = (...cells: (string | number)[]) => rows.push(cells.map(String));

// Build: median of several builds, each from scratch.
const datasets = new Map<ApiName, EngineDataset>();
for (const api of ['salesforce', 'dynamics365'] as const) {
  const ms: number[] = [];
  for (let i = 0; i < BUILDS; i++) {
    datasets.delete(api);
    gc?.();
    ms.push(time(() => datasets.set(api, createDataset(api, { seed: 42, jobs: JOBS, orgs: ORGS, now }))));
  }
  const ds = datasets.get(api)!;
  row(
    `build ${api}`,
    `${JOBS.toLocaleString('en')} jobs, ${ORGS} orgs`,
    `median ${median(ms).toFixed(0)} ms`,
    `min ${Math.min(...ms).toFixed(0)} ms`,
    `runs ${ms.map((m) => m.toFixed(0)).join(' ')}`,
    `${(ds.byteLength / 2 ** 20).toFixed(0)} MiB arrays+index`,
  );
}
gc?.();
const rssAfterBuild = process.memoryUsage().rss;

// Queries: through the profile, as the server calls it (params → query → page → body).
const sfParams = { startTime: '2020-01-01', finishTime: '2026-12-31' };
const dyParams = {
  startTime: msToTicks(Date.UTC(2020, 0, 1)),
  finishTime: msToTicks(Date.UTC(2026, 11, 31)),
};
const cases: [ApiName, string, ValidatedParams][] = [
  ['salesforce', 'no filter', sfParams],
  ['salesforce', 'status=4', { ...sfParams, status: 4 }],
  ['salesforce', 'type=3 level=2', { ...sfParams, type: 3, level: 2 }],
  [
    'salesforce',
    'org + status=2',
    { ...sfParams, organizationId: datasets.get('salesforce')!.organizations[3]!.id, status: 2 },
  ],
  ['dynamics365', 'no filter', dyParams],
  ['dynamics365', 'type=3 (union)', { ...dyParams, type: 3 }],
  ['dynamics365', 'type=62 status=3 (union of 5)', { ...dyParams, type: 62, status: 3 }],
  [
    'dynamics365',
    'org + type=42',
    { ...dyParams, organizationId: datasets.get('dynamics365')!.organizations[1]!.id, type: 42 },
  ],
];

const url = (api: ApiName) => new URL(`http://127.0.0.1:4010${getProfile(api).path}`);
const meta = {
  requestId: '0HNEVHLNSPSEJ:00000002',
  timestamp: '2025-08-20T03:25:12.304891Z',
  traceId: '00-0-0-00',
};

/** Microseconds per request for a page: median over batches of `reps` requests. */
function latency(api: ApiName, params: ValidatedParams, reps: number, batches: number): number {
  const profile = getProfile(api);
  const ds = datasets.get(api)!;
  const u = url(api);
  const perBatch: number[] = [];
  for (let b = 0; b < batches; b++) {
    perBatch.push(
      time(() => {
        for (let i = 0; i < reps; i++) {
          const q = profile.toQuery(params) as JobQuery;
          profile.renderPage(ds.query(q), q, params, u, meta);
        }
      }) *
        (1000 / reps),
    );
  }
  return median(perBatch);
}

for (const [api, name, params] of cases) {
  const profile = getProfile(api);
  const ds = datasets.get(api)!;
  const first = profile.toQuery({ ...params, pageSize: 10 }) as JobQuery;
  const total = ds.query(first).total;
  const lastPage = Math.max(1, Math.ceil(total / 10));
  const firstParams = { ...params, pageSize: 10, pageIndex: 1 };
  const deepParams = { ...params, pageSize: 10, pageIndex: lastPage };
  // Cold: pages never shown before (each job's JSON is derived and rendered once).
  const coldFirst =
    time(() =>
      profile.renderPage(
        ds.query(profile.toQuery(firstParams) as JobQuery),
        first,
        firstParams,
        url(api),
        meta,
      ),
    ) * 1000;
  const coldDeep =
    time(() =>
      profile.renderPage(
        ds.query(profile.toQuery(deepParams) as JobQuery),
        first,
        deepParams,
        url(api),
        meta,
      ),
    ) * 1000;
  const warmFirst = latency(api, firstParams, 200, 25);
  const warmDeep = latency(api, deepParams, 200, 25);
  row(
    `query ${api}`,
    `${name}: ${total.toLocaleString('en')} matches`,
    `first ${warmFirst.toFixed(1)} µs`,
    `deepest (page ${lastPage.toLocaleString('en')}) ${warmDeep.toFixed(1)} µs`,
    `deepest/first time ${(warmDeep / warmFirst).toFixed(2)}`,
    `cold ${coldFirst.toFixed(0)} / ${coldDeep.toFixed(0)} µs`,
  );
}

// Distinct pages: 10,000 random filtered pages, each touched once (what the server's throughput run does).
{
  const profile = getProfile('salesforce');
  const ds = datasets.get('salesforce')!;
  const perQuery: number[] = [];
  let seed = 1;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < 10_000; i++) {
    const params: ValidatedParams = {
      ...sfParams,
      status: Math.floor(rand() * 5),
      type: rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 22),
      pageIndex: 1 + Math.floor(rand() * 500),
    };
    perQuery.push(
      time(() => {
        const q = profile.toQuery(params) as JobQuery;
        profile.renderPage(ds.query(q), q, params, url('salesforce'), meta);
      }) * 1000,
    );
  }
  row(
    'query salesforce',
    '10,000 distinct random pages (cold)',
    `median ${median(perQuery).toFixed(1)} µs`,
    `p99 ${[...perQuery].sort((a, b) => a - b)[9900]!.toFixed(1)} µs`,
  );
}
gc?.();
const mem = process.memoryUsage();
row(
  'memory',
  `rss after build ${(rssAfterBuild / 2 ** 20).toFixed(0)} MiB`,
  `rss at end ${(mem.rss / 2 ** 20).toFixed(0)} MiB`,
  `heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  `json cache ${datasets.get('salesforce')!.jsonCacheEntries + datasets.get('dynamics365')!.jsonCacheEntries} entries`,
);

console.log(
  `jobs-engine bench — Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs${gc ? '' : ' (run with --expose-gc for steadier numbers)'}`,
);
for (const r of rows) console.log(`  ${r.join(' | ')}`);
