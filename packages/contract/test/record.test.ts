// --record against a local server that plays "live" (the fake, with canary credentials), then the real mock
// started with that scenario: the same jobs come back — counts, times, types, statuses, sizes and hidden levels —
// under pseudonymised organizations, and no secret is in the file. --record-raw keeps the real values, with a
// warning.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { msToTickText } from '@jobwatch/api-descriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../src/cli/main.js';
import type { Report } from '../src/report/types.js';
import { DEMO_CLIENT, type MockProcess, startMock } from '../src/target/mock.js';
import { type FakeServer, startFakeServer } from './fake-server.js';

const SECRET = 'CANARY-RECORD-SECRET-41d7';
const TOKEN = 'CANARY-RECORD-TOKEN';
const REAL_SF_ORGS = ['00D5g000004SZJbEAO', '00D5g000004SZJcEAO', '00D5g000004SZJdEAO'];
const REAL_D_ORGS = ['6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d', 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d'];

type Job = Record<string, unknown>;
type Listing = { total: number; jobs: Job[] };

const API = {
  salesforce: {
    path: '/backup/sfbapi/jobs',
    scope: 'salesforce.public.read.all',
    total: ['data', 'totalCount'],
    jobs: ['data', 'jobs'],
  },
  dynamics365: {
    path: '/dynamicsbackup/jobs',
    scope: 'Dynamics.ReadWrite.All',
    total: ['totalNumber'],
    jobs: ['result'],
  },
} as const;
type Api = keyof typeof API;

const at = (body: unknown, path: readonly string[]) =>
  path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);

async function token(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope: string,
): Promise<string> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Every job of a window in one page (the windows here hold far fewer than 1000). */
async function list(
  base: string,
  bearer: string,
  api: Api,
  from: string,
  to: string,
  extra: Record<string, string> = {},
): Promise<Listing> {
  const ticks = (iso: string) => msToTickText(Date.parse(iso));
  const q = new URLSearchParams(
    api === 'salesforce'
      ? { startTime: from, finishTime: to }
      : { startTime: ticks(from), finishTime: ticks(to) },
  );
  q.set('pageSize', '1000');
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const res = await fetch(`${base}${API[api].path}?${q}`, { headers: { authorization: `Bearer ${bearer}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = await res.json();
  return { total: at(body, API[api].total) as number, jobs: at(body, API[api].jobs) as Job[] };
}

/** What must survive the recording: everything but the ids, times as instants, and durationHours derived. */
function shape(job: Job): string {
  const { jobId, organizationId, organizationName, startTime, finishTime, ...rest } = job;
  const instant = (t: unknown) => (typeof t === 'string' ? new Date(Date.parse(t)).toISOString() : t);
  return JSON.stringify(
    { ...rest, startTime: instant(startTime), finishTime: instant(finishTime) },
    Object.keys({ ...rest, startTime, finishTime }).sort(),
  );
}

/** The jobs of a recorded file (each API's part is the long form: organizations and jobs). */
function jobsOf(file: string): Record<Api, Job[]> {
  const parsed = parse(file) as Record<Api, { organizations: unknown[]; jobs: Job[] }>;
  return { salesforce: parsed.salesforce.jobs, dynamics365: parsed.dynamics365.jobs };
}

let live: FakeServer;
let mock: MockProcess | undefined;
let dir: string;
let file: string;
let text: string;
let report: Report;
let code: number;
let issued = 0;

beforeAll(async () => {
  live = await startFakeServer({
    clientId: 'tenant-client',
    clientSecret: SECRET,
    jobIdsWithOrganization: true,
    issueToken: () => `${TOKEN}-${++issued}-9a8b`,
  });
  dir = mkdtempSync(join(tmpdir(), 'contract-record-'));
  file = join(dir, 'tenant.yaml');
  const out: string[] = [];
  code = await runCli(
    [
      '--base-url',
      live.baseUrl,
      '--token-url',
      live.tokenUrl,
      '--client-id',
      'tenant-client',
      '--record',
      file,
      '--report',
      join(dir, 'run.json'),
    ],
    { CONTRACT_CLIENT_SECRET: SECRET },
    { out: (t) => out.push(t), err: (t) => out.push(t) },
  );
  text = readFileSync(file, 'utf8');
  report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Report;
  expect(out.join('\n')).toMatch(
    /recorded salesforce \d+, dynamics365 \d+ job\(s\) to .*tenant\.yaml \(pseudonymised/,
  );
}, 60_000);

afterAll(async () => {
  await mock?.stop();
  await live.close();
});

describe('--record', () => {
  it('writes the jobs the run saw, with its source in a comment and no secret', () => {
    expect(code).toBe(0);
    expect(issued).toBeGreaterThan(0);
    expect(text).not.toMatch(/CANARY-RECORD/);
    expect(text).not.toContain('fake-client-secret');
    const recordedAt = report.recording?.recordedAt ?? '';
    expect(text).toContain(`# source: ${live.baseUrl} (live target; the host only, never a credential)`);
    expect(text).toContain(`# recorded at: ${recordedAt}`);
    expect(text).toContain(
      '# revisions: salesforce: the only revision of the vendor page; dynamics365: 2024-10',
    );
    expect(text).toMatch(
      /# pseudonymised: organization ids and names are fake, the same within this file; \d+ job id\(s\) remapped/,
    );
    expect(report.recording).toMatchObject({ raw: false, path: file });
    expect(report.recording?.jobs.salesforce).toBeGreaterThanOrEqual(20);
    expect(report.recording?.jobs.dynamics365).toBeGreaterThanOrEqual(20);
  });

  it('pseudonymises organizations consistently and remaps job ids that embed them', () => {
    for (const real of [
      ...REAL_SF_ORGS,
      ...REAL_SF_ORGS.map((id) => id.slice(0, 15)),
      ...REAL_D_ORGS,
      'org6f1c',
      'orga0b1',
    ])
      expect(text).not.toContain(real);
    const scenario = jobsOf(text);
    const sfOrgs = new Set(scenario.salesforce.map((j) => j.organizationId));
    const dOrgs = new Set(scenario.dynamics365.map((j) => j.organizationId));
    expect(sfOrgs.size).toBe(REAL_SF_ORGS.length);
    // The fake's organizations run jobs of both Dynamics modules; the mock keeps one module per organization,
    // so the second module's jobs come under a second (fake) organization, and the file says so.
    expect(dOrgs.size).toBeGreaterThan(REAL_D_ORGS.length);
    expect(text).toMatch(
      /# dynamics365: an organization's jobs show module "[A-Za-z ]+" and "[A-Za-z ]+"; the mock keeps one per organization/,
    );
    for (const id of sfOrgs) expect(id).toMatch(/^00D[A-Za-z0-9]{15}$/);
    for (const id of dOrgs)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // One fake name per organization, none of them real.
    const names = new Map(scenario.dynamics365.map((j) => [j.organizationId, j.organizationName]));
    expect(new Set(names.values()).size).toBe(dOrgs.size);
    // The Salesforce ids embedded the org: each is now the fake org's id, then the documented id, unchanged.
    for (const j of scenario.salesforce) {
      expect(String(j.jobId)).toMatch(/^00D[A-Za-z0-9]{15}-AI\d{22}$/);
      expect(String(j.jobId).slice(0, 18)).toBe(j.organizationId);
    }
    expect(report.recording?.remappedJobIds).toBe(scenario.salesforce.length);
    // Dynamics ids have the documented shape and embed nothing of the tenant: kept.
    for (const j of scenario.dynamics365) expect(String(j.jobId)).toMatch(/^DCIB\d{22}$/);
  });

  it('the mock serves the recorded jobs exactly: same counts, times, types, statuses, sizes and levels', async () => {
    const recordedAt = report.recording?.recordedAt ?? '';
    mock = await startMock({ args: ['--scenario', file, '--now', recordedAt, '--jobs', '0'] });
    const scenario = jobsOf(text);
    for (const api of ['salesforce', 'dynamics365'] as const) {
      const recorded = scenario[api];
      const times = recorded.map((j) => Date.parse(String(j.startTime)));
      const from = new Date(Math.min(...times)).toISOString();
      const to = new Date(Math.max(...times)).toISOString();
      const liveToken = await token(live.tokenUrl, 'tenant-client', SECRET, API[api].scope);
      const mockToken = await token(
        mock.tokenUrl,
        DEMO_CLIENT.clientId,
        DEMO_CLIENT.clientSecret,
        API[api].scope,
      );
      const fromLive = await list(live.baseUrl, liveToken, api, from, to);
      const fromMock = await list(mock.baseUrl, mockToken, api, from, to);
      expect(fromLive.total).toBe(recorded.length);
      expect(fromMock.total).toBe(fromLive.total);
      expect(fromMock.jobs.map(shape).sort()).toEqual(fromLive.jobs.map(shape).sort());
      // The same organizations, renamed one to one.
      const mapping = new Map<string, Set<unknown>>();
      const byShape = new Map(fromMock.jobs.map((j) => [shape(j), j]));
      for (const j of fromLive.jobs) {
        const fake = byShape.get(shape(j))?.organizationId;
        // An organization per Dynamics module (see above); Salesforce jobs have no module.
        const real = `${j.organizationId} ${j.module ?? ''}`;
        mapping.set(real, new Set([...(mapping.get(real) ?? []), fake]));
      }
      for (const [real, fakes] of mapping) {
        expect(fakes.size, real).toBe(1);
        expect(real).not.toContain(String([...fakes][0]));
      }
      expect(new Set([...mapping.values()].map((s) => [...s][0])).size).toBe(mapping.size);
      if (api === 'salesforce') {
        // The hidden level, learned while recording, filters the same on the mock.
        for (const level of ['1', '3', '6']) {
          const a = await list(live.baseUrl, liveToken, api, from, to, { level });
          const b = await list(mock.baseUrl, mockToken, api, from, to, { level });
          expect(b.total, `level ${level}`).toBe(a.total);
        }
      }
    }
  }, 60_000);

  it('--record-raw keeps the real values and warns', async () => {
    const raw = join(dir, 'raw.yaml');
    const err: string[] = [];
    const rawCode = await runCli(
      [
        '--base-url',
        live.baseUrl,
        '--token-url',
        live.tokenUrl,
        '--client-id',
        'tenant-client',
        '--record',
        raw,
        '--record-raw',
        '--only',
        'paging.union',
      ],
      { CONTRACT_CLIENT_SECRET: SECRET },
      { out: () => {}, err: (t) => err.push(t) },
    );
    expect(rawCode).toBe(0);
    expect(err.join('\n')).toContain(
      `warning: --record-raw writes the tenant's real organization ids, names and job ids to ${raw}`,
    );
    const rawText = readFileSync(raw, 'utf8');
    expect(rawText).toContain('# RAW VALUES (--record-raw)');
    expect(rawText).toContain(REAL_SF_ORGS[0]);
    expect(rawText).toContain(REAL_D_ORGS[0]);
    expect(rawText).not.toMatch(/CANARY-RECORD/);
  });

  it('a raw recording of the mock, served by a mock of the same seed: the recorded organizations hold exactly their recorded jobs', async () => {
    // The recorded organizations are the mock's own: their generated jobs must be switched off (the scenario's
    // long form, generatedJobs: false), or the mock would refuse the file's job ids as duplicates.
    const rawFile = join(dir, 'mock-raw.yaml');
    const io = { out: () => {}, err: () => {} };
    expect(
      await runCli(
        ['--record', rawFile, '--record-raw', '--api', 'salesforce', '--only', 'paging.union'],
        {},
        io,
      ),
    ).toBe(0);
    const rawText = readFileSync(rawFile, 'utf8');
    const recordedAt = /^# recorded at: (\S+)$/m.exec(rawText)?.[1] ?? '';
    const part = (parse(rawText) as { salesforce: { organizations: Job[]; jobs: Job[] } }).salesforce;
    expect(part.jobs.length).toBeGreaterThan(0);
    expect(part.organizations.every((o) => o.generatedJobs === false)).toBe(true);
    const org = String(part.jobs[0]?.organizationId);
    const mine = part.jobs.filter((j) => j.organizationId === org);
    const second = await startMock({ args: ['--scenario', rawFile, '--now', recordedAt] });
    try {
      const bearer = await token(
        second.tokenUrl,
        DEMO_CLIENT.clientId,
        DEMO_CLIENT.clientSecret,
        API.salesforce.scope,
      );
      const served = await list(second.baseUrl, bearer, 'salesforce', '2000-01-01T00:00:00Z', recordedAt, {
        organizationId: org,
      });
      expect(served.total).toBe(mine.length);
      expect(served.jobs.map((j) => j.jobId).sort()).toEqual(mine.map((j) => j.jobId).sort());
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('usage: --record-raw needs --record, and the file must be YAML or JSON', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    expect(await runCli(['--record-raw'], {}, io)).toBe(2);
    expect(await runCli(['--record', 'jobs.txt'], {}, io)).toBe(2);
    expect(err.join('\n')).toContain('--record-raw needs --record <file.yaml>');
    expect(err.join('\n')).toContain('its name ends in .yaml, .yml or .json, not "jobs.txt"');
  });
});
