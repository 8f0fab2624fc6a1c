// What the page shows, from its query string (`?seed=7&now=2025-06-30T12:00:00Z&days=7`): the dataset's seed and
// frozen instant, and how many days back to look. The test passes its own values and builds the same dataset in
// Node, so the defaults are only for a person opening the page.

export interface DashboardOptions {
  /** The dataset's seed: the same seed and instant give the same jobs, in a page as in Node. */
  readonly seed: number;
  /** The dataset's "now", frozen (clock 'frozen'), so that "the last days" do not move while the page is open. */
  readonly now: Date;
  /** How many days before `now` to list. */
  readonly days: number;
}

export const DEFAULT_OPTIONS: DashboardOptions = {
  seed: 7,
  now: new Date('2025-06-30T12:00:00.000Z'),
  days: 7,
};

function positiveInteger(text: string | null, name: string, fallback: number): number {
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got "${text}"`);
  return value;
}

/** Reads the options from a query string (`location.search`); absent values take the defaults. */
export function readDashboardOptions(search: string): DashboardOptions {
  const params = new URLSearchParams(search);
  const nowText = params.get('now');
  const now = nowText === null ? DEFAULT_OPTIONS.now : new Date(nowText);
  if (Number.isNaN(now.getTime()))
    throw new RangeError(`now must be an ISO 8601 date-time, got "${nowText}"`);
  return {
    seed: positiveInteger(params.get('seed'), 'seed', DEFAULT_OPTIONS.seed),
    now,
    days: positiveInteger(params.get('days'), 'days', DEFAULT_OPTIONS.days),
  };
}

/** The query string that gives `options` (for the test and the bench, which open the page with their own). */
export function dashboardSearch(options: DashboardOptions): string {
  return `?${new URLSearchParams({ seed: String(options.seed), now: options.now.toISOString(), days: String(options.days) })}`;
}
