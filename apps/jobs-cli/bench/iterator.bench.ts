// Benchmark (a script, not a test): page through 100,000 jobs of a local mock process with the clients'
// iterators, against a hand-written fetch loop over the same pages, in the same run. Alternating rounds,
// medians, and the iterator's overhead in percent (target ≤ 15%).
//
//   pnpm --filter @jobwatch/jobs-cli bench          (env: BENCH_JOBS, BENCH_ROUNDS, BENCH_PAGE_SIZE)
import { msToTickText } from '@jobwatch/api-descriptions';
import { createDynamicsBackupClient } from '@jobwatch/dynamics365-backup';
import { startMockProcess } from '@jobwatch/mock-server/process';
import { createSalesforceBackupClient } from '@jobwatch/salesforce-backup';

const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 1000);
// Wide enough for every generated job, whatever "now" the mock anchors its dataset to.
const FROM = new Date('2000-01-01T00:00:00Z');
const TO = new Date(Date.now() + 86_400_000);
const TICKS = (d: Date) => msToTickText(d.getTime());

type Pass = () => Promise<number>;

async function time(pass: Pass): Promise<{ jobs: number; rate: number }> {
  const start = process.hrtime.bigint();
  const jobs = await pass();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { jobs, rate: jobs / seconds };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function compare(name: string, iterator: Pass, handWritten: Pass) {
  // One warm-up pass each: JIT, connection pool, the mock's per-job JSON cache.
  const warm = [await time(iterator), await time(handWritten)];
  if (warm[0]!.jobs !== warm[1]!.jobs)
    throw new Error(`${name}: iterator saw ${warm[0]!.jobs}, loop ${warm[1]!.jobs}`);
  const rates = { iterator: [] as number[], loop: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so that neither side always runs on a warmer server.
    const order: ['iterator' | 'loop', Pass][] =
      round % 2 === 0
        ? [
            ['iterator', iterator],
            ['loop', handWritten],
          ]
        : [
            ['loop', handWritten],
            ['iterator', iterator],
          ];
    for (const [label, pass] of order) rates[label].push((await time(pass)).rate);
  }
  const it = median(rates.iterator);
  const loop = median(rates.loop);
  const overhead = (loop / it - 1) * 100;
  console.log(
    `${name.padEnd(12)} jobs ${warm[0]!.jobs}  iterator ${Math.round(it).toLocaleString('en-US')} jobs/s  ` +
      `hand-written ${Math.round(loop).toLocaleString('en-US')} jobs/s  overhead ${overhead.toFixed(1)}%  ` +
      `(${ROUNDS} rounds, page size ${PAGE_SIZE}) ${overhead <= 15 ? 'OK' : 'OVER TARGET'}`,
  );
  return overhead;
}

async function main() {
  const mock = await startMockProcess({ args: ['--jobs', String(JOBS), '--log-level', 'silent'] });
  try {
    const credentials = {
      clientId: 'jobwatch-demo',
      clientSecret: 'jobwatch-demo-secret',
      tokenUrl: mock.tokenUrl,
    };
    const token = async (scope: string) => {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope,
      });
      const answer = (await (await fetch(mock.tokenUrl, { method: 'POST', body })).json()) as {
        access_token: string;
      };
      return answer.access_token;
    };

    const sf = createSalesforceBackupClient({ baseUrl: mock.baseUrl }, { credentials });
    const sfToken = await token('salesforce.public.read.all');
    const sfOverhead = await compare(
      'salesforce',
      async () => {
        let n = 0;
        for await (const _job of sf.jobs({ startTime: FROM, finishTime: TO }, { pageSize: PAGE_SIZE })) n++;
        return n;
      },
      async () => {
        let n = 0;
        const first = new URL('/backup/sfbapi/jobs', mock.baseUrl);
        first.search = new URLSearchParams({
          startTime: FROM.toISOString(),
          finishTime: TO.toISOString(),
          pageIndex: '1',
          pageSize: String(PAGE_SIZE),
        }).toString();
        let url = first.href;
        while (url) {
          const response = await fetch(url, { headers: { authorization: `Bearer ${sfToken}` } });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const body = (await response.json()) as { data: { nextLink: string; jobs: unknown[] } };
          n += body.data.jobs.length;
          url = body.data.nextLink;
        }
        return n;
      },
    );

    const d365 = createDynamicsBackupClient({ baseUrl: mock.baseUrl }, { revision: '2024-10', credentials });
    const dToken = await token('Dynamics.ReadWrite.All');
    const dOverhead = await compare(
      'dynamics365',
      async () => {
        let n = 0;
        for await (const _job of d365.jobs({ startTime: FROM, finishTime: TO }, { pageSize: PAGE_SIZE })) n++;
        return n;
      },
      async () => {
        let n = 0;
        for (let pageIndex = 1; ; pageIndex++) {
          const url = new URL('/dynamicsbackup/jobs', mock.baseUrl);
          url.search = new URLSearchParams({
            startTime: TICKS(FROM),
            finishTime: TICKS(TO),
            pageIndex: String(pageIndex),
            pageSize: String(PAGE_SIZE),
          }).toString();
          const response = await fetch(url, { headers: { authorization: `Bearer ${dToken}` } });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const body = (await response.json()) as { totalNumber: number; result: unknown[] };
          n += body.result.length;
          if (body.result.length === 0 || n >= body.totalNumber) return n;
        }
      },
    );
    process.exitCode = Math.max(sfOverhead, dOverhead) <= 15 ? 0 : 1;
  } finally {
    await mock.stop();
  }
}

await main();
