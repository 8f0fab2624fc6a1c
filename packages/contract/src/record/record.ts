// `--record <file.yaml>`: the jobs a run saw, written as a scenario file the mock loads with `--scenario`, so a
// user can develop against the shapes of their own tenant (decision 0007). Counts, sizes, types, statuses and
// times are kept as the target served them; organization ids and names (and job ids that embed them) are
// pseudonymised unless `raw` is set. The header comment names the source (host, time, revisions) and never holds a
// token or secret; the whole text passes through the run's redactor before it is written.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseScenario } from '@jobwatch/jobs-engine';
import { type ApiName, loadSpec } from '@jobwatch/specs';
import { stringify } from 'yaml';
import type { ApiDescription } from '../apis/types.js';
import { PageError } from '../checks/session.js';
import type { ContractRun } from '../runner/run.js';
import { BudgetExhaustedError } from '../target/http.js';
import { isRecord } from '../util/json.js';
import { Pseudonyms } from './pseudonyms.js';

export type RecordOptions = {
  /** The scenario file to write (`.yaml`, `.yml` or `.json`). */
  path: string;
  /** Keep the tenant's real organization ids, names and job ids (the CLI warns). */
  raw?: boolean;
};

export type RecordSummary = {
  path: string;
  raw: boolean;
  recordedAt: string;
  /** Jobs written per API. */
  jobs: Partial<Record<ApiName, number>>;
  organizations: Partial<Record<ApiName, number>>;
  remappedJobIds: number;
  /** What could not be learned (e.g. a hidden level when the budget ran out). */
  notes: string[];
};

type ScenarioPart = {
  organizations: { organizationId: unknown; generatedJobs: false }[];
  jobs: Record<string, unknown>[];
};

type Seen = { api: ApiDescription; jobs: Map<string, Record<string, unknown>> };

/** Every job of every 200 page the run saw, per API, by jobId (the last sighting wins: it is the freshest). */
function jobsSeen(run: ContractRun): Seen[] {
  return run.sessionsUsed().map((session) => {
    const jobs = new Map<string, Record<string, unknown>>();
    for (const { res } of session.log) {
      if (res.status !== 200) continue;
      try {
        for (const job of session.readPage(res).jobs) if (isRecord(job.raw)) jobs.set(job.id, job.raw);
      } catch (error) {
        if (!(error instanceof PageError)) throw error;
      }
    }
    return { api: session.api, jobs };
  });
}

/**
 * A filter the jobs do not show (Salesforce `level`) is learned per job by filtering the walked window by each
 * value: a few requests of the run's budget. Jobs outside the walk keep no value (the mock draws one).
 */
async function learnHiddenFilters(
  run: ContractRun,
  seen: Seen,
  notes: string[],
): Promise<Map<string, Record<string, number>>> {
  const learned = new Map<string, Record<string, number>>();
  const session = run.session(seen.api.name);
  const walk = session.walkedAlready();
  const hidden = Object.values(seen.api.filters).filter((f) => f !== undefined && f.field === undefined);
  if (!walk || hidden.length === 0) {
    if (hidden.length)
      notes.push(
        `${seen.api.name}: no window was walked, so ${hidden.map((f) => f?.param).join(', ')} stays unknown`,
      );
    return learned;
  }
  let walked: Awaited<typeof walk>;
  try {
    walked = await walk;
  } catch (error) {
    // The checks reported why the walk broke; the recording goes on without the hidden values.
    notes.push(
      `${seen.api.name}: the window could not be walked (${(error as Error).message}), so no hidden value was learned`,
    );
    return learned;
  }
  const { window, jobs } = walked;
  const size = Math.min(seen.api.paging.maxPageSize, Math.max(1, new Set(jobs.map((j) => j.id)).size));
  for (const filter of hidden) {
    if (!filter) continue;
    try {
      run.http.reserve(filter.values.length);
      for (const value of filter.values) {
        const page = await session.page(
          session.query(window, { [filter.param]: value, [seen.api.params.pageSize]: size }),
        );
        for (const job of page.jobs) learned.set(job.id, { ...learned.get(job.id), [filter.param]: value });
      }
      notes.push(
        `${seen.api.name}: ${filter.param} learned for ${[...learned.values()].filter((v) => filter.param in v).length} of ${seen.jobs.size} jobs (the response does not show it; the mock draws it for the rest)`,
      );
    } catch (error) {
      if (!(error instanceof BudgetExhaustedError || error instanceof PageError)) throw error;
      notes.push(`${seen.api.name}: ${filter.param} not learned (${error.message})`);
    }
  }
  return learned;
}

/** The fields of the spec's job schema, in the spec's order. */
function jobFields(api: ApiDescription): string[] {
  const schema = loadSpec(api.spec).components.schemas[api.record.jobSchema] as
    | { properties?: object }
    | undefined;
  if (!schema?.properties) throw new Error(`spec ${api.spec} has no job schema ${api.record.jobSchema}`);
  return Object.keys(schema.properties).filter((f) => !api.record.derived.includes(f));
}

function toScenarioJobs(
  seen: Seen,
  hidden: Map<string, Record<string, number>>,
  pseudonyms: Pseudonyms | undefined,
  notes: string[],
): { jobs: Record<string, unknown>[]; organizations: number } {
  const { api } = seen;
  const orgField = api.organization.field;
  const nameField = api.record.organizationName;
  const fields = jobFields(api);
  // The mock keeps one name and one of each trait (Dynamics module) per organization. An organization whose jobs
  // show two modules is written as one organization per module, so that every job keeps what it showed.
  const traitsOf = (raw: Record<string, unknown>) =>
    api.record.organizationTraits.map((f) => String(raw[f])).join(' / ');
  const firstTraits = new Map<string, string>();
  const split = new Map<string, string>();
  const orgKey = (raw: Record<string, unknown>): string | undefined => {
    const org = raw[orgField];
    if (typeof org !== 'string') return undefined;
    const traits = traitsOf(raw);
    const first = firstTraits.get(org) ?? traits;
    firstTraits.set(org, first);
    if (first === traits) return org;
    const key = `${org} (${traits})`;
    split.set(key, org);
    return key;
  };
  // Split organizations need an id of their own even in a raw recording.
  const ids = pseudonyms ?? new Pseudonyms();
  const idOf = new Map<string, string>();
  const nameOf = new Map<string, string>();
  const tenant = new Map<string, string>();
  for (const raw of seen.jobs.values()) {
    const key = orgKey(raw);
    if (key === undefined || idOf.has(key)) continue;
    const real = split.get(key) ?? key;
    const name = nameField ? raw[nameField] : undefined;
    const fresh = pseudonyms !== undefined || split.has(key);
    idOf.set(key, fresh ? ids.organizationId(api.record.organizationIds, key) : key);
    if (typeof name === 'string') {
      const realName = split.has(key) ? `${name} (${traitsOf(raw)})` : name;
      nameOf.set(key, pseudonyms ? pseudonyms.organizationName(realName) : realName);
      if (pseudonyms) tenant.set(name, pseudonyms.organizationName(name));
    }
    if (pseudonyms && !split.has(key)) {
      tenant.set(real, idOf.get(key) as string);
      if (real.length === 18)
        tenant.set(real.slice(0, 15), ids.organizationId(api.record.organizationIds, real.slice(0, 15)));
    }
  }
  for (const [key, org] of split) {
    notes.push(
      `${api.name}: an organization's jobs show ${api.record.organizationTraits.join(', ')} "${firstTraits.get(org)}" and "${key.slice(org.length + 2, -1)}"; the mock keeps one per organization, so the latter are written under a second organization`,
    );
  }
  const jobs = [...seen.jobs.values()].map((raw) => {
    const job: Record<string, unknown> = {};
    const key = orgKey(raw);
    for (const field of fields) {
      if (!(field in raw) || field === nameField) continue;
      const value = raw[field];
      if (field === orgField && key !== undefined) {
        job[field] = idOf.get(key);
        const name = nameOf.get(key);
        if (nameField && name !== undefined) job[nameField] = name;
      } else if (field === api.job.id && typeof value === 'string') {
        job[field] = pseudonyms ? pseudonyms.jobId(value, tenant) : value;
      } else {
        job[field] = value;
      }
    }
    Object.assign(job, hidden.get(String(raw[api.job.id])));
    return job;
  });
  // Newest first, as the APIs list them.
  jobs.sort((a, b) => String(b[api.job.startTime]).localeCompare(String(a[api.job.startTime])));
  return { jobs, organizations: idOf.size };
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function header(run: ContractRun, summary: RecordSummary, seen: Seen[]): string {
  const origin = new URL(run.options.target.baseUrl).origin;
  const revisions = seen.map((s) => `${s.api.name}: ${s.api.record.revision}`).join('; ');
  const counts = seen.map((s) => `${s.api.name} ${summary.jobs[s.api.name] ?? 0}`).join(', ');
  const lines = [
    `jobwatch mock scenario, recorded by @jobwatch/contract ${packageVersion()} (--record)`,
    `source: ${origin} (${run.options.target.kind ?? 'live'} target; the host only, never a credential)`,
    `recorded at: ${summary.recordedAt}`,
    `revisions: ${revisions}`,
    `jobs: ${counts} — every job the run saw, with counts, sizes, types, statuses and times as served`,
    summary.raw
      ? 'RAW VALUES (--record-raw): the real organization ids, names and job ids of the tenant. Do not commit or share this file.'
      : `pseudonymised: organization ids and names are fake, the same within this file; ${summary.remappedJobIds} job id(s) remapped (those that embed a tenant value or have an undocumented shape)`,
    ...summary.notes,
    `serve it: pnpm mock --scenario <this file> --now ${summary.recordedAt} --jobs 0`,
    '  --now: the mock refuses jobs that start after its "now"; --jobs 0: exactly these jobs, as recorded.',
    '  Without --jobs 0 the generated organizations fill in around them; each recorded organization has its',
    '  generated jobs switched off (generatedJobs: false), so it holds exactly its recorded jobs.',
  ];
  return `${lines.map((l) => `# ${l}`).join('\n')}\n`;
}

/** Writes the scenario file and returns what it holds. The file is checked with the mock's own parser first. */
export async function recordScenario(run: ContractRun, options: RecordOptions): Promise<RecordSummary> {
  const raw = options.raw === true;
  const pseudonyms = raw ? undefined : new Pseudonyms();
  const seen = jobsSeen(run);
  const summary: RecordSummary = {
    path: options.path,
    raw,
    recordedAt: new Date().toISOString(),
    jobs: {},
    organizations: {},
    remappedJobIds: 0,
    notes: [],
  };
  const scenario: Partial<Record<ApiName, ScenarioPart>> = {};
  for (const s of seen) {
    const hidden = await learnHiddenFilters(run, s, summary.notes);
    const { jobs, organizations } = toScenarioJobs(s, hidden, pseudonyms, summary.notes);
    // The long form: every recorded organization's generated jobs are switched off, so that it holds exactly
    // its recorded jobs even when its id is one the mock generates (a raw recording of a mock).
    const orgField = s.api.organization.field;
    const orgIds = [...new Set(jobs.map((j) => j[orgField]).filter((id) => typeof id === 'string'))];
    scenario[s.api.record.scenarioKey] = {
      organizations: orgIds.map((organizationId) => ({ organizationId, generatedJobs: false })),
      jobs,
    };
    summary.jobs[s.api.name] = jobs.length;
    summary.organizations[s.api.name] = organizations;
  }
  summary.remappedJobIds = pseudonyms?.remappedJobIds ?? 0;
  const body = /\.json$/i.test(options.path)
    ? `${JSON.stringify(scenario, null, 2)}\n`
    : stringify(scenario, { lineWidth: 0 });
  // A JSON file cannot hold comments: its source goes into the summary only.
  const text = run.redactor.redact(/\.json$/i.test(options.path) ? body : header(run, summary, seen) + body);
  // The mock's own parser: a file it would refuse is an error here, not a surprise at its start-up.
  parseScenario(text, options.path);
  mkdirSync(dirname(options.path), { recursive: true });
  writeFileSync(options.path, text);
  return summary;
}
