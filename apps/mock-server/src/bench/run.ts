// `pnpm bench`: the mock as users run it (auth on, a valid bearer on every request) against a bare node:http
// ceiling measured in the same run. Servers are child processes, so autocannon (here) never shares their event
// loop. Each measurement is repeated (ROUNDS × DURATION s) and the table shows medians and ratios; a ratio is the
// median over rounds of the row against the ceiling measured at the start and the end of the same round, because
// on a shared machine speed drifts within a run (per-round figures go to stderr).
//
// The page cache makes repeated pages cheap, so the table also shows what it hides: the same pages with the
// cache disabled, cold first-touch pages in fresh processes (no query repeats), never-seen pages in a warm process
// with the page cache disabled (first touch without the start-up), first vs deep pages with the
// cache disabled, and RSS with the caches filled to their bounds.
//
// Env knobs: BENCH_ROUNDS (3), BENCH_DURATION (5 s), BENCH_CONNECTIONS (50), BENCH_JOBS (1000000),
// BENCH_STRESS (60 s). The mock runs as users run it: auth on and the data clock running (real, from --now).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamics365, msToTickText, salesforce } from '@jobwatch/api-descriptions';
import autocannon from 'autocannon';
import { DEFAULT_PAGE_CACHE_ENTRIES, PAGE_CACHE_MAX_BYTES } from '../limits.js';
import { type MockProcess, startMockProcess } from '../process.js';
import { BENCH_APIS, distinctQueries, prng } from './queries.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
/** Seconds of distinct first-touch traffic after the bench, for the peak RSS. */
const STRESS = Number(process.env.BENCH_STRESS ?? 60);
const NOW = '2025-06-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const here = dirname(fileURLToPath(import.meta.url));
const API_LABELS: Record<(typeof BENCH_APIS)[number], string> = {
  salesforce: 'Salesforce',
  dynamics365: 'Dynamics 365 2024-10 (ticks)',
  'dynamics365-2025-04': 'Dynamics 365 2025-04 (ISO)',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface LoadResult {
  rps: number;
  /** Requests answered. */
  requests: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon against `baseUrl`, rotating through `paths` (one shared cursor across connections). */
async function load(
  baseUrl: string,
  paths: readonly string[],
  headers: Record<string, string>,
  seconds = DURATION,
) {
  let cursor = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    requests: [
      {
        setupRequest: (request: { path: string }) => {
          request.path = paths[cursor]!;
          cursor = cursor + 1 === paths.length ? 0 : cursor + 1;
          return request;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  } satisfies LoadResult;
}

async function token(mock: MockProcess): Promise<string> {
  const response = await fetch(mock.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=jobwatch-demo&client_secret=jobwatch-demo-secret',
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function startTimed(args: string[]): Promise<{ mock: MockProcess; ms: number }> {
  const started = performance.now();
  const mock = await startMockProcess({ args: ['--log-level', 'warn', ...args], timeoutMs: 120_000 });
  return { mock, ms: performance.now() - started };
}

function startCeiling(bodyFile: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(here, 'ceiling.js'), bodyFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^ready (\S+)$/m.exec(out);
      if (match?.[1]) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`ceiling exited with ${code}`)));
  });
}

/** Total matches of a first-page query, to find its last page. */
async function totalOf(baseUrl: string, path: string, auth: Record<string, string>): Promise<number> {
  const response = await fetch(`${baseUrl}${path}`, { headers: auth });
  const body = (await response.json()) as { data?: { totalCount: number }; totalNumber?: number };
  return body.data?.totalCount ?? body.totalNumber ?? 0;
}

function broadBase(random: () => number, api: 'salesforce' | 'dynamics365'): string {
  const to = NOW_MS - Math.floor(random() * 10) * DAY;
  const from = to - (120 + Math.floor(random() * 240)) * DAY;
  if (api === 'salesforce') {
    const status = [0, 2, 0][Math.floor(random() * 3)];
    return `${salesforce.path}?startTime=${new Date(from).toISOString().slice(0, 10)}&finishTime=${new Date(to).toISOString().slice(0, 10)}&status=${status}&pageSize=10`;
  }
  const type = [0, 1, 3][Math.floor(random() * 3)];
  return `${dynamics365.path}?startTime=${msToTickText(from)}&finishTime=${msToTickText(to)}&type=${type}&pageSize=10`;
}

async function main() {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(
    `bench: ${cpus().length} cores, Node ${process.version}, ${JOBS} jobs/API, ${ROUNDS} × ${DURATION} s, ${CONNECTIONS} connections`,
  );

  // Start-up: default dataset and the bench dataset, each a fresh process. The baseline is a bare node:http
  // process (the ceiling's) from spawn to ready, measured alternately in the same minutes: it is what this machine
  // charges any Node server to start, so the ratio shows what the mock adds.
  const startDefault: number[] = [];
  const startBare: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jobwatch-bench-'));
  const placeholder = join(dir, 'placeholder.json');
  writeFileSync(placeholder, '{}');
  for (let i = 0; i < ROUNDS; i++) {
    const bareStarted = performance.now();
    const bare = await startCeiling(placeholder);
    startBare.push(performance.now() - bareStarted);
    bare.stop();
    const { mock, ms } = await startTimed([]);
    startDefault.push(ms);
    await mock.stop();
  }
  const bigArgs = ['--jobs', String(JOBS), '--now', NOW];
  const startBig: number[] = [];
  const cold: number[] = [];
  // Each API and revision alone (Salesforce, Dynamics 2024-10, Dynamics 2025-04): 10,000 distinct filtered pages.
  const perApi = BENCH_APIS.map((api) => [api, distinctQueries(7, NOW_MS, 10_000, 20, [api])] as const);
  // All three at once, as many pages as 90% of the page cache holds. It holds 20,000 pages and 64 MiB of them,
  // whichever is reached first; a full page is ~5-6 KB, so the bytes bind (~3,300 pages of each API and revision).
  // The cache evicts the oldest first: a rotation through more pages than it holds (30,000 did) never finds one
  // still cached, and measures the engine, not a warm cache (the `--page-cache 0` row is that measurement).
  const cachedPages = Math.min(DEFAULT_PAGE_CACHE_ENTRIES, PAGE_CACHE_MAX_BYTES / 6_000);
  const rotating = distinctQueries(7, NOW_MS, Math.floor((cachedPages * 0.9) / BENCH_APIS.length));
  // Cold runs get their own, much larger set, so that no query repeats within a run (first touch only).
  const coldSet = distinctQueries(11, NOW_MS, 133_334, 200);
  // First touch in a warm process (JIT warm, page cache off) gets a set of its own, from another seed: the
  // process has never been asked any of them, and each round takes the next slice, so none repeats.
  const neverSeen = distinctQueries(17, NOW_MS, 133_334, 200);
  log(
    `bench: ${rotating.length} distinct rotating queries; ${coldSet.length} for cold runs and as many never-seen`,
  );
  for (let i = 0; i < ROUNDS; i++) {
    const { mock, ms } = await startTimed(bigArgs);
    startBig.push(ms);
    const auth = { authorization: `Bearer ${await token(mock)}` };
    const offset = Math.floor((coldSet.length / ROUNDS) * i);
    const r = await load(mock.baseUrl, [...coldSet.slice(offset), ...coldSet.slice(0, offset)], auth);
    cold.push(r.rps);
    await mock.stop();
  }

  // Main processes, all with 1M jobs/API: auth on with the page cache (as users run it; kept for the whole bench,
  // RSS read at the end), auth on with the page cache disabled (so the engine does every request), and --no-auth.
  const { mock } = await startTimed(bigArgs);
  const { mock: noCache } = await startTimed([...bigArgs, '--page-cache', '0']);
  const { mock: noAuth } = await startTimed([...bigArgs, '--no-auth']);
  const auth = { authorization: `Bearer ${await token(mock)}` };
  const noCacheAuth = { authorization: `Bearer ${await token(noCache)}` };

  // First vs deep pages over broad filters (large totals): the last *full* page of each, so both sets answer
  // 10 jobs and only the depth differs. Measured with the page cache disabled, so that depth is measured in the
  // engine and not in the cache.
  const random = prng(3);
  const first: string[] = [];
  const deep: string[] = [];
  for (let i = 0; i < 400; i++) {
    const base = broadBase(random, i % 2 === 0 ? 'salesforce' : 'dynamics365');
    const total = await totalOf(noCache.baseUrl, `${base}&pageIndex=1`, noCacheAuth);
    if (total < 1000) continue;
    first.push(`${base}&pageIndex=1`);
    deep.push(`${base}&pageIndex=${Math.floor(total / 10)}`);
  }
  log(`bench: ${first.length} broad filters for first/deep pages`);

  // The ceiling answers the bytes of a real, full 10-job page (a first page of a broad filter).
  const sample = await fetch(`${mock.baseUrl}${first[0]!}`, { headers: auth });
  const bodyFile = join(dir, 'page.json');
  writeFileSync(bodyFile, Buffer.from(await sample.arrayBuffer()));
  const ceiling = await startCeiling(bodyFile);

  // Warm-up (JIT, caches) before measuring.
  await load(ceiling.url, rotating, auth, 2);
  await load(mock.baseUrl, rotating, auth, 3);
  await load(noCache.baseUrl, rotating, noCacheAuth, 3);
  await load(noAuth.baseUrl, rotating, {}, 3);
  for (const [, queries] of perApi) await load(mock.baseUrl, queries, auth, 2);

  const results: Record<string, LoadResult[]> = {
    ceiling: [],
    ceilingEnd: [],
    mock: [],
    noCache: [],
    noAuth: [],
    first: [],
    deep: [],
    neverSeen: [],
    ...Object.fromEntries(perApi.map(([api]) => [`api:${api}`, []])),
  };
  let neverSeenAt = 0;
  for (let i = 0; i < ROUNDS; i++) {
    results.ceiling!.push(await load(ceiling.url, rotating, auth));
    results.mock!.push(await load(mock.baseUrl, rotating, auth));
    results.noCache!.push(await load(noCache.baseUrl, rotating, noCacheAuth));
    results.noAuth!.push(await load(noAuth.baseUrl, rotating, {}));
    results.first!.push(await load(noCache.baseUrl, first, noCacheAuth));
    results.deep!.push(await load(noCache.baseUrl, deep, noCacheAuth));
    // The slice after the last one asked, so that this process answers each of these queries once.
    const fresh = await load(noCache.baseUrl, neverSeen.slice(neverSeenAt), noCacheAuth);
    neverSeenAt += fresh.requests;
    results.neverSeen!.push(fresh);
    for (const [api, queries] of perApi) results[`api:${api}`]!.push(await load(mock.baseUrl, queries, auth));
    // The ceiling again at the round's end: on a shared machine its speed drifts within a round, and each row is
    // judged against the mean of the two ceilings around it.
    results.ceilingEnd!.push(await load(ceiling.url, rotating, auth));
    const row = Object.entries(results).map(([key, list]) => `${key} ${Math.round(list[i]!.rps)}`);
    log(`bench: round ${i + 1}/${ROUNDS} (req/s): ${row.join(', ')}`);
  }
  const rss = rssMb(mock.pid);
  const rssNoCache = rssMb(noCache.pid);
  // Then a stress beyond the bench: distinct first-touch pages at full speed until the page cache and the engine's
  // per-job JSON caches are at their bounds and churning (evicted entries are garbage that V8 collects lazily).
  const stress = await load(mock.baseUrl, coldSet, auth, STRESS);
  const rssStress = rssMb(mock.pid);
  // The high-water mark of the process's resident memory, over its whole life (the bench and the stress).
  const rssPeak = rssMb(mock.pid, 'VmHWM');
  ceiling.stop();
  await mock.stop();
  await noCache.stop();
  await noAuth.stop();

  const m = (key: string) => median(results[key]!.map((r) => r.rps));
  const bad = Object.entries(results).flatMap(([key, list]) =>
    list.some((r) => r.non2xx > 0 || r.errors > 0) && !key.startsWith('ceiling') ? [key] : [],
  );
  const roundCeilings = results.ceiling!.map((r, i) => (r.rps + results.ceilingEnd![i]!.rps) / 2);
  const ceilingRps = median(roundCeilings);
  /** A row's ratio: the median over rounds of the row against its own round's ceiling. */
  const ratioOf = (key: string) =>
    `${median(results[key]!.map((r, i) => r.rps / roundCeilings[i]!)).toFixed(2)}× ceiling`;
  /** The median over rounds of one row against another measured in the same round. */
  const pairedRatio = (key: string, base: string) =>
    median(results[key]!.map((r, i) => r.rps / results[base]![i]!.rps));
  const ratio = (rps: number) => `${(rps / ceilingRps).toFixed(2)}× ceiling`;
  const rows: [string, string, string, string][] = [
    [
      'node:http ceiling (constant 10-job page; start and end of each round)',
      `${Math.round(ceilingRps)} req/s`,
      '1.00×',
      'baseline',
    ],
    [
      `mock, auth on, ${rotating.length.toLocaleString('en')} distinct filtered pages (warm, page cache on)`,
      `${Math.round(m('mock'))} req/s`,
      ratioOf('mock'),
      '≥ 0.80×',
    ],
    ...perApi.map(([api, queries]): [string, string, string, string] => [
      `mock, auth on, ${queries.length.toLocaleString('en')} distinct pages of ${API_LABELS[api]} only`,
      `${Math.round(m(`api:${api}`))} req/s`,
      ratioOf(`api:${api}`),
      '≥ 0.80×',
    ]),
    [
      'mock, auth on, same pages, page cache disabled',
      `${Math.round(m('noCache'))} req/s`,
      ratioOf('noCache'),
      'reported',
    ],
    [
      'mock, cold first touch (fresh process, no repeats)',
      `${Math.round(median(cold))} req/s`,
      ratio(median(cold)),
      '≥ 0.70×',
    ],
    [
      'mock, first touch in a warm process (page cache disabled, never-seen pages)',
      `${Math.round(m('neverSeen'))} req/s`,
      ratioOf('neverSeen'),
      '≥ 0.70×',
    ],
    [
      'mock, --no-auth (same pages, page cache on)',
      `${Math.round(m('noAuth'))} req/s`,
      `auth gap ${((1 - pairedRatio('mock', 'noAuth')) * 100).toFixed(1)}%`,
      '≤ 10%',
    ],
    ['mock, first pages (page cache disabled)', `${Math.round(m('first'))} req/s`, ratioOf('first'), ''],
    [
      'mock, deepest full pages (page cache disabled)',
      `${Math.round(m('deep'))} req/s`,
      `${pairedRatio('deep', 'first').toFixed(2)}× first`,
      '≥ 0.90×',
    ],
    [
      `start-up, ${JOBS.toLocaleString('en')} jobs/API`,
      `${Math.round(median(startBig))} ms`,
      `spawn → ready; ${(median(startBig) / median(startBare)).toFixed(1)}× bare node:http`,
      '≤ 1000 ms',
    ],
    [
      'start-up, default dataset (10,000 jobs/API)',
      `${Math.round(median(startDefault))} ms`,
      `spawn → ready; ${(median(startDefault) / median(startBare)).toFixed(1)}× bare node:http`,
      '≤ 500 ms',
    ],
    [
      'start-up, bare node:http process (baseline)',
      `${Math.round(median(startBare))} ms`,
      'spawn → ready',
      'baseline',
    ],
    [
      'RSS of the auth-on mock after the bench (caches counted)',
      `${Math.round(rss)} MB`,
      `page cache off: ${Math.round(rssNoCache)} MB`,
      '≤ 400 MB',
    ],
    [
      'RSS after a further first-touch stress (caches full, churning)',
      `${Math.round(rssStress)} MB`,
      `after ${Math.round(stress.rps)} req/s × ${STRESS} s of distinct pages`,
      'reported',
    ],
    ['peak RSS (VmHWM) of the auth-on mock, bench + stress', `${Math.round(rssPeak)} MB`, '', '≤ 500 MB'],
  ];
  const header: [string, string, string, string] = ['measurement (median)', 'value', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} at the end; ${ROUNDS} × ${DURATION} s per measurement, ${CONNECTIONS} connections; data clock running, auth on.`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ];
  if (bad.length > 0) out.push('', `WARNING: non-2xx responses or errors in: ${bad.join(', ')}`);
  if (neverSeenAt > neverSeen.length) {
    out.push(
      '',
      `WARNING: the never-seen set (${neverSeen.length}) ran out after ${neverSeenAt} requests: some repeated`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
