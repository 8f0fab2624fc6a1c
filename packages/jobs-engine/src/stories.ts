// Where the stories a dashboard must handle are, as of an instant: found in the data itself (the last 7 days of
// jobs, with their status at that instant), not in the generator's plan, so that natural events count too and a
// story is listed only when the jobs really show it. engine/director.ts makes sure each one is there.
import { firstAtOrBefore } from './engine/columns.js';
import type { ApiModel, OrgProfile } from './model.js';
import { formatIsoMillis, MS_PER_DAY, MS_PER_HOUR } from './time.js';

export type StoryKind =
  | 'in-progress'
  | 'long-run'
  | 'latest-backup-failed'
  | 'failure-streak'
  | 'no-recent-backup'
  | 'incident-hour'
  | 'finished-with-exception'
  | 'paused';

export const STORY_KINDS: readonly StoryKind[] = [
  'in-progress',
  'long-run',
  'latest-backup-failed',
  'failure-streak',
  'no-recent-backup',
  'incident-hour',
  'finished-with-exception',
  'paused',
];

export interface Story {
  kind: StoryKind;
  /** The organization the story is about; null for an incident (several orgs). */
  organizationId: string | null;
  organizationName: string | null;
  /** The story's time range, ISO 8601 UTC. */
  from: string;
  to: string;
  /** The jobs that show it, newest first (at most MAX_JOBS). */
  jobIds: string[];
  /** Incidents: the organizations that failed in the hour. */
  organizationIds?: string[];
}

/** What the finder reads of a dataset. Positions count from the newest job built. */
export interface StoryView {
  model: ApiModel;
  organizations: readonly OrgProfile[];
  startMs: Float64Array;
  type: Uint8Array;
  org: Uint32Array;
  statusAt(p: number): number;
  /** null while in progress. */
  finishAt(p: number): number | null;
  jobId(p: number): string;
}

export const STORY_WINDOW_MS = 7 * MS_PER_DAY;
const LONG_RUN_MS = 2 * MS_PER_HOUR;
const NO_BACKUP_MS = 48 * MS_PER_HOUR;
const STREAK = 3;
const INCIDENT_ORGS = 3;
/** Listed per kind for the job-level stories, and per story. */
const MAX_PER_KIND = 20;
const MAX_JOBS = 50;

interface OrgBackups {
  /** Newest first: positions of the org's backups (the API's "Backup" type) in the window. */
  positions: number[];
}

export function findStories(view: StoryView, atMs: number): Story[] {
  const { model, organizations: orgs } = view;
  const from = firstAtOrBefore(view.startMs, atMs);
  const end = firstAtOrBefore(view.startMs, atMs - STORY_WINDOW_MS - 1);
  const backupIdx = model.types.findIndex((t) => t.code === 1);
  const running = model.inProgressStatus;
  const failed = model.outcomes.indexOf('failed');
  const exception = model.outcomes.indexOf('exception');
  const paused = model.statusNames.indexOf('Paused');
  const stories: Story[] = [];
  const iso = formatIsoMillis;
  // Ranges are clipped to the window: a story is where it shows in the last 7 days as of atMs.
  const orgStory = (kind: StoryKind, o: number, fromMs: number, toMs: number, jobIds: string[]): Story => ({
    kind,
    organizationId: orgs[o]!.id,
    organizationName: orgs[o]!.name,
    from: iso(Math.max(fromMs, atMs - STORY_WINDOW_MS)),
    to: iso(Math.min(toMs, atMs)),
    jobIds: jobIds.slice(0, MAX_JOBS),
  });
  const perKind = new Map<StoryKind, number>();
  const jobStory = (kind: StoryKind, p: number, toMs: number) => {
    const n = perKind.get(kind) ?? 0;
    if (n >= MAX_PER_KIND) return;
    perKind.set(kind, n + 1);
    stories.push(orgStory(kind, view.org[p]!, view.startMs[p]!, toMs, [view.jobId(p)]));
  };

  const backups = new Map<number, OrgBackups>();
  const failedByHour = new Map<number, { orgs: Set<number>; jobs: number[] }>();
  for (let p = from; p < end; p++) {
    const status = view.statusAt(p);
    const o = view.org[p]!;
    const start = view.startMs[p]!;
    if (status === running) {
      jobStory('in-progress', p, atMs);
      if (atMs - start > LONG_RUN_MS) jobStory('long-run', p, atMs);
    } else {
      const finish = view.finishAt(p);
      if (finish !== null && finish - start > LONG_RUN_MS) jobStory('long-run', p, finish);
      if (status === exception) jobStory('finished-with-exception', p, finish ?? start);
      if (status === paused) jobStory('paused', p, finish ?? start);
      if (status === failed) {
        const hour = Math.floor(start / MS_PER_HOUR);
        let entry = failedByHour.get(hour);
        if (entry === undefined) {
          entry = { orgs: new Set(), jobs: [] };
          failedByHour.set(hour, entry);
        }
        entry.orgs.add(o);
        entry.jobs.push(p);
      }
    }
    if (view.type[p] === backupIdx) {
      let b = backups.get(o);
      if (b === undefined) {
        b = { positions: [] };
        backups.set(o, b);
      }
      b.positions.push(p);
    }
  }

  const orgOrder = [...orgs.keys()];
  for (const o of orgOrder) {
    const b = backups.get(o);
    const newest = b?.positions[0];
    // No backup in the last 48 hours (none at all in the window counts too, if the org has run before).
    if (newest === undefined || view.startMs[newest]! < atMs - NO_BACKUP_MS) {
      const since = newest === undefined ? atMs - STORY_WINDOW_MS : view.startMs[newest]!;
      if (newest !== undefined || hasJobsBefore(view, o, end)) {
        stories.push(
          orgStory('no-recent-backup', o, since, atMs, newest === undefined ? [] : [view.jobId(newest)]),
        );
      }
    }
    if (b === undefined) continue;
    const finished = b.positions.filter((p) => view.statusAt(p) !== running);
    if (finished.length === 0 || view.statusAt(finished[0]!) !== failed) continue;
    let streak = 0;
    while (streak < finished.length && view.statusAt(finished[streak]!) === failed) streak++;
    const ids = finished.slice(0, streak).map((p) => view.jobId(p));
    const latest = finished[0]!;
    stories.push(
      orgStory('latest-backup-failed', o, view.startMs[latest]!, view.finishAt(latest) ?? atMs, [ids[0]!]),
    );
    if (streak >= STREAK) {
      const oldest = finished[streak - 1]!;
      stories.push(orgStory('failure-streak', o, view.startMs[oldest]!, view.finishAt(latest) ?? atMs, ids));
    }
  }

  for (const [hour, entry] of [...failedByHour].sort((a, b) => b[0] - a[0])) {
    if (entry.orgs.size < INCIDENT_ORGS) continue;
    stories.push({
      kind: 'incident-hour',
      organizationId: null,
      organizationName: null,
      organizationIds: [...entry.orgs].map((o) => orgs[o]!.id),
      from: iso(Math.max(hour * MS_PER_HOUR, atMs - STORY_WINDOW_MS)),
      to: iso(Math.min((hour + 1) * MS_PER_HOUR - 1, atMs)),
      jobIds: entry.jobs.slice(0, MAX_JOBS).map((p) => view.jobId(p)),
    });
  }
  const rank = new Map(STORY_KINDS.map((k, i) => [k, i]));
  return stories.sort((a, b) => rank.get(a.kind)! - rank.get(b.kind)!);
}

/** Whether the org has any job older than the window (so that "no backup" means it stopped, not never began). */
function hasJobsBefore(view: StoryView, o: number, end: number): boolean {
  for (let p = end; p < view.startMs.length && p < end + 50_000; p++) if (view.org[p] === o) return true;
  return false;
}
