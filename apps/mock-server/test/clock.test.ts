// The running data clock (the project's reading on time: a server answers as of each request's instant) and
// GET /mock/stories, through app.inject() with a wall clock the test moves.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { get, NOW, NOW_MS, testApp } from './helpers.js';

type Json = Record<string, unknown>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const sfPage = (body: Json) => body.data as { totalCount: number; jobs: Json[] };

describe('a running clock at 3600× (an hour per second)', () => {
  let wall = Date.parse('2030-01-01T00:00:00Z');
  let app: FastifyInstance;
  beforeAll(async () => {
    app = buildApp({ now: NOW, speed: 3600, clock: () => wall, auth: false });
    await app.ready();
  });
  afterAll(() => app.close());
  const sf = async (query: string) => sfPage((await get(app, `/backup/sfbapi/jobs?${query}`)).json() as Json);

  it('finishes a job seen in progress with counts that add up, adds jobs at the head, keeps a settled window', async () => {
    const head = `startTime=${iso(NOW_MS - DAY)}&finishTime=${iso(NOW_MS + 2 * DAY)}&pageSize=1000`;
    const settled = `startTime=${iso(NOW_MS - 10 * DAY)}&finishTime=${iso(NOW_MS - 9 * DAY)}&pageSize=1000`;
    const running = (await sf(`${head}&status=1`)).jobs;
    expect(running.length).toBeGreaterThan(0);
    const before = await sf(head);
    const oldWindow = await sf(settled);
    expect(oldWindow.totalCount).toBeGreaterThan(0);

    wall += 10_000; // 10 hours of data time: every run seen in progress has ended
    expect(((await get(app, '/healthz')).json() as Json).now).toBe(
      new Date(NOW_MS + 10 * HOUR).toISOString(),
    );
    const after = await sf(head);
    expect(after.totalCount).toBeGreaterThan(before.totalCount);
    expect(Date.parse(after.jobs[0]!.startTime as string)).toBeGreaterThan(NOW_MS);
    const byId = new Map(after.jobs.map((j) => [j.jobId, j]));
    for (const job of running) {
      const later = byId.get(job.jobId)!;
      expect(later.status).not.toBe(1);
      expect(Date.parse(later.finishTime as string)).toBeLessThanOrEqual(NOW_MS + 10 * HOUR);
      const sum = (j: Json, kind: string) =>
        (j[`successful${kind}`] as number) +
        ((j[`skipped${kind}`] as number) ?? 0) +
        (j[`failed${kind}`] as number);
      for (const kind of ['Records', 'Objects']) {
        expect(sum(later, kind)).toBe(later[`total${kind}`]);
        expect(later[`successful${kind}`] as number).toBeGreaterThanOrEqual(
          job[`successful${kind}`] as number,
        );
      }
    }
    // The window that ended before the head: exactly its jobs and total, from the page cache (no new entry).
    const entries = app.mock.pageCache.size;
    expect(await sf(settled)).toEqual(oldWindow);
    expect(app.mock.pageCache.size).toBe(entries);
    // A window that reaches the head is cached for its instant only: a later instant is a new entry.
    const small = `startTime=${iso(NOW_MS - DAY)}&finishTime=${iso(NOW_MS + 2 * DAY)}&pageSize=10`;
    await sf(small);
    await sf(small);
    expect(app.mock.pageCache.size).toBe(entries + 1);
    wall += 1000;
    await sf(small);
    expect(app.mock.pageCache.size).toBe(entries + 2);
  });

  it('reports the clock on /healthz', async () => {
    const health = (await get(app, '/healthz')).json() as Json;
    expect(health.clock).toEqual({
      mode: 'real',
      speed: 3600,
      startedAt: new Date(NOW).toISOString(),
      quantumMs: 1000,
    });
  });

  it('quantises the instant to whole seconds: two requests in the same second get the same bytes', async () => {
    wall += 200;
    const q = `startTime=${iso(NOW_MS - DAY)}&finishTime=${iso(NOW_MS + 5 * DAY)}&pageSize=20`;
    const a = sfPage((await get(app, `/backup/sfbapi/jobs?${q}`)).json() as Json);
    wall += 0.2; // 0.2 ms of wall time = 0.72 s of data time, within the same second
    const b = sfPage((await get(app, `/backup/sfbapi/jobs?${q}`)).json() as Json);
    expect(b).toEqual(a);
  });
});

describe('GET /mock/stories', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = testApp({ jobs: 10_000 }); // auth on, frozen at NOW
    await app.ready();
  });
  afterAll(() => app.close());

  it('lists every story of both APIs as of the instant, without a token', async () => {
    const response = await get(app, '/mock/stories');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { now: string; stories: Json[] };
    expect(body.now).toBe(new Date(NOW).toISOString());
    const kinds = (api: string) => new Set(body.stories.filter((s) => s.api === api).map((s) => s.kind));
    const common = [
      'long-run',
      'latest-backup-failed',
      'failure-streak',
      'no-recent-backup',
      'incident-hour',
    ];
    for (const kind of [...common, 'finished-with-exception', 'paused'])
      expect(kinds('salesforce')).toContain(kind);
    for (const kind of [...common, 'finished-with-exception']) expect(kinds('dynamics365')).toContain(kind);
    for (const story of body.stories) {
      expect(story).toMatchObject({
        api: expect.any(String),
        kind: expect.any(String),
        from: expect.any(String),
      });
      expect(Date.parse(story.to as string)).toBeLessThanOrEqual(NOW_MS);
    }
  });

  it('names jobs a test can find through the API: a failure streak is failed backups of that org', async () => {
    const body = (await get(app, '/mock/stories?api=salesforce')).json() as { stories: Json[] };
    expect(new Set(body.stories.map((s) => s.api))).toEqual(new Set(['salesforce']));
    const streak = body.stories.find((s) => s.kind === 'failure-streak')!;
    const token = await app.mock.issueToken('jobwatch-demo', ['salesforce.public.read.all']);
    const response = await get(
      app,
      `/backup/sfbapi/jobs?startTime=${streak.from}&finishTime=${streak.to}&organizationId=${streak.organizationId}&type=1&pageSize=100`,
      `Bearer ${token}`,
    );
    const jobs = sfPage(response.json() as Json).jobs;
    const ids = streak.jobIds as string[];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(jobs.find((j) => j.jobId === id)?.status).toBe(4);
  });

  it('refuses an unknown api', async () => {
    expect((await get(app, '/mock/stories?api=sap')).statusCode).toBe(400);
  });
});
