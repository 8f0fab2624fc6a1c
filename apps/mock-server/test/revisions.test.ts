// Dynamics 365 in both revisions on one path (decision 26): auto picks the revision by the request's time values,
// a pinned revision serves only itself, one dataset feeds both, and a 2025-04 listing can be walked by nextLink.

import { createAjv, loadSpec } from '@jobwatch/specs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseCli } from '../src/cli/args.js';
import { bearer, get, NOW, NOW_MS, testApp, ticks } from './helpers.js';

const PATH = '/dynamicsbackup/jobs';
const DAY = 86_400_000;
const ISO = `startTime=${new Date(NOW_MS - 90 * DAY).toISOString().slice(0, 10)}&finishTime=${NOW.slice(0, 10)}`;
const TICKS = `startTime=${ticks(NOW_MS - 90 * DAY)}&finishTime=${ticks(NOW_MS)}`;

const ajv = createAjv();
ajv.addSchema({ ...structuredClone(loadSpec('dynamics365-2025-04')), $id: 'urn:t:2025' });
ajv.addSchema({ ...structuredClone(loadSpec('dynamics365')), $id: 'urn:t:2024' });
const page2025 = ajv.compile({ $ref: 'urn:t:2025#/components/schemas/DynamicsJobsPage' });
const page2024 = ajv.compile({ $ref: 'urn:t:2024#/components/schemas/DynamicsJobsPage' });
const problem2025 = ajv.compile({ $ref: 'urn:t:2025#/components/schemas/ValidationProblemDetails' });

type Json = Record<string, unknown>;

const apps = new Map<string, { app: FastifyInstance; auth: string }>();
async function appFor(mode: 'auto' | '2024-10' | '2025-04') {
  let entry = apps.get(mode);
  if (!entry) {
    const app = testApp({ dynamicsRevision: mode });
    entry = { app, auth: await bearer(app) };
    apps.set(mode, entry);
  }
  return entry;
}
async function list(mode: 'auto' | '2024-10' | '2025-04', query: string) {
  const { app, auth } = await appFor(mode);
  const response = await get(app, `${PATH}?${query}`, auth);
  return { response, body: response.json() as Json };
}
afterAll(async () => {
  for (const { app } of apps.values()) await app.close();
});

describe('auto (the default) picks the revision by the time values', () => {
  it('ticks → 2024-10: { totalNumber, result } with string enums', async () => {
    const { response, body } = await list('auto', `${TICKS}&pageSize=20`);
    expect(response.statusCode).toBe(200);
    expect(page2024(body)).toBe(true);
    expect(Object.keys(body)).toEqual(['totalNumber', 'result']);
    expect(typeof (body.result as Json[])[0]!.status).toBe('string');
  });

  it('ISO → 2025-04: { totalCount, jobs, nextLink, pageIndex, pageSize } with integer enums', async () => {
    const { response, body } = await list('auto', `${ISO}&type=0&pageSize=20`);
    expect(response.statusCode).toBe(200);
    expect(page2025(body)).toBe(true);
    expect(Object.keys(body)).toEqual(['totalCount', 'jobs', 'nextLink', 'pageIndex', 'pageSize']);
    expect(typeof (body.jobs as Json[])[0]!.status).toBe('number');
    expect(body.nextLink).toMatch(/^http:\/\/localhost(:\d+)?\/dynamicsbackup\/jobs\?.*pageIndex=2$/);
  });

  it('is the default mode', () => {
    expect(testApp().mock.options.dynamicsRevision).toBe('auto');
  });

  it('one dataset: the same jobs in both revisions, same order, same total', async () => {
    const old = (await list('auto', `${TICKS}&pageSize=200`)).body;
    const start = new Date(NOW_MS - 90 * DAY).toISOString();
    const now = new Date(NOW_MS).toISOString();
    const cur = (await list('auto', `startTime=${start}&finishTime=${now}&type=0&pageSize=200`)).body;
    expect(cur.totalCount).toBe(old.totalNumber);
    expect((old.result as Json[]).length).toBe(200);
    expect((cur.jobs as Json[]).map((j) => j.jobId)).toEqual((old.result as Json[]).map((j) => j.jobId));
  });

  it.each([
    ['startTime in ticks, finishTime ISO', `startTime=${ticks(NOW_MS - DAY)}&finishTime=${NOW}&type=0`],
    [
      'startTime ISO, finishTime in ticks',
      `startTime=${NOW.slice(0, 10)}&finishTime=${ticks(NOW_MS)}&type=0`,
    ],
    ['startTime ISO, endTime in ticks', `startTime=${NOW.slice(0, 10)}&endTime=${ticks(NOW_MS)}&type=0`],
  ])('a mixed request (%s) is the documented 400 naming every time it gives', async (_what, query) => {
    const { response, body } = await list('auto', query);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(problem2025(body)).toBe(true);
    const names = query
      .split('&')
      .map((p) => p.split('=')[0])
      .filter((n) => n !== 'type');
    expect(Object.keys(body.errors as Json).sort()).toEqual(names.sort());
    for (const messages of Object.values(body.errors as Record<string, string[]>)) {
      expect(messages[0]).toMatch(
        /^The times must all be in one format: \.NET ticks \(revision 2024-10\) or ISO 8601/,
      );
    }
  });

  it('still asks for a token first: a mixed request without one is a 401', async () => {
    const { app } = await appFor('auto');
    const response = await get(app, `${PATH}?startTime=${ticks(NOW_MS)}&finishTime=${NOW}`);
    expect(response.statusCode).toBe(401);
  });
});

describe('a 2025-04 request with a malformed value gets a 400 in problem details naming the parameter', () => {
  it.each([
    ['type missing', ISO, 'type'],
    [
      'ticks where ISO is expected',
      `startTime=${ticks(NOW_MS - DAY)}&finishTime=${NOW.slice(0, 10)}&type=0`,
      'startTime',
      // Under auto this is a mix of formats (above); a server pinned to 2025-04 names the ticks value.
      ['2025-04'],
    ],
    ['status=5', `${ISO}&type=0&status=5`, 'status'],
    ['a non-GUID organization', `${ISO}&type=0&organizationId=not-a-guid`, 'organizationId'],
    ['an inverted range', `startTime=${NOW.slice(0, 10)}&finishTime=2025-01-01&type=0`, 'startTime'],
    ['type 64', `${ISO}&type=64`, 'type'],
    ['pageIndex 0', `${ISO}&type=0&pageIndex=0`, 'pageIndex'],
  ] as [string, string, string, ('auto' | '2025-04')[]?][])('%s', async (_what, query, name, modes) => {
    for (const mode of modes ?? (['auto', '2025-04'] as const)) {
      const { response, body } = await list(mode, query);
      expect(response.statusCode, mode).toBe(400);
      expect(problem2025(body), JSON.stringify(problem2025.errors)).toBe(true);
      expect(Object.keys(body.errors as Json), mode).toEqual([name]);
    }
  });

  it('ignores endTime, which is not a 2025-04 parameter', async () => {
    const { response } = await list('2025-04', `${ISO}&type=0&endTime=later`);
    expect(response.statusCode).toBe(200);
  });
});

describe('a pinned revision serves only itself', () => {
  it('2024-10 answers an ISO request with its own 400 (ticks expected)', async () => {
    const { response, body } = await list('2024-10', `${ISO}&type=0`);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(body.errors as Json)).toEqual(expect.arrayContaining(['startTime', 'finishTime']));
    expect(page2024((await list('2024-10', TICKS)).body)).toBe(true);
  });

  it('2025-04 answers a ticks request with a 400 naming the times', async () => {
    const { response, body } = await list('2025-04', `${TICKS}&type=0`);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(body.errors as Json)).toEqual(['startTime', 'finishTime']);
    expect(page2025((await list('2025-04', `${ISO}&type=0`)).body)).toBe(true);
  });
});

describe('a whole 2025-04 listing, by nextLink', () => {
  it('visits every matching job exactly once and ends with ""', async () => {
    const { app, auth } = await appFor('auto');
    let url: string | null = `${PATH}?${ISO}&type=1&status=3&pageSize=250`;
    const ids: string[] = [];
    let total = -1;
    let pages = 0;
    while (url) {
      const response = await get(app, url, auth);
      const body = response.json() as Json;
      expect(page2025(body)).toBe(true);
      total = body.totalCount as number;
      for (const job of body.jobs as Json[]) {
        expect(job).toMatchObject({ type: 1, status: 3 });
        ids.push(job.jobId as string);
      }
      pages++;
      const next = body.nextLink as string;
      url = next === '' ? null : new URL(next).pathname + new URL(next).search;
    }
    expect(total).toBeGreaterThan(250);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 250));
  });
});

describe('what is served is visible', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = (await appFor('auto')).app;
  });

  it('/healthz names the revisions and the mode', async () => {
    const body = (await get(app, '/healthz')).json() as Json;
    expect(body.served).toMatchObject({
      salesforce: { path: '/backup/sfbapi/jobs', revisions: ['2025-12'] },
      dynamics365: { path: PATH, revisions: ['2024-10', '2025-04'], revisionMode: 'auto' },
    });
    const pinned = testApp({ dynamicsRevision: '2025-04', jobs: 10 });
    expect(((await get(pinned, '/healthz')).json() as Json).served).toMatchObject({
      dynamics365: { revisions: ['2025-04'], revisionMode: '2025-04' },
    });
    await pinned.close();
  });

  it('/openapi/ serves both Dynamics specs and /docs lists each as its own entry', async () => {
    for (const [file, version] of [
      ['dynamics365-backup.yaml', '2024-10'],
      ['dynamics365-backup-2025-04.yaml', '2025-04'],
    ]) {
      const response = await get(app, `/openapi/${file}`);
      expect(response.statusCode).toBe(200);
      expect((parseYaml(response.body) as { info: { version: string } }).info.version).toBe(version);
    }
    const docs = (await get(app, '/docs')).body;
    expect(docs).toContain('data-spec="/openapi/dynamics365-backup.yaml"');
    expect(docs).toContain('data-spec="/openapi/dynamics365-backup-2025-04.yaml"');
    expect(docs).toContain('(revision 2024-10)');
    expect(docs).toContain('(revision 2025-04)');
  });
});

describe('--dynamics-revision', () => {
  it('reads the flag and MOCK_DYNAMICS_REVISION (the flag wins), and refuses anything else', () => {
    expect(parseCli(['--dynamics-revision', '2025-04'], {}).app.dynamicsRevision).toBe('2025-04');
    expect(parseCli([], { MOCK_DYNAMICS_REVISION: '2024-10' }).app.dynamicsRevision).toBe('2024-10');
    expect(
      parseCli(['--dynamics-revision', 'auto'], { MOCK_DYNAMICS_REVISION: '2024-10' }).app.dynamicsRevision,
    ).toBe('auto');
    expect(() => parseCli(['--dynamics-revision', '2025'], {})).toThrow(
      /must be one of auto, 2024-10, 2025-04/,
    );
    expect(() => testApp({ dynamicsRevision: 'latest' as never })).toThrow(/dynamicsRevision must be one of/);
  });
});
