// One API on one target for one run: the HTTP client, the token, the spec schemas, a log of every response
// (the schema and envelope checks judge them all), and the data the checks discover once and share — a time
// window that holds jobs, and the complete walk of its pages.

import { isoToTicks, msToTicks, ticksToIso } from '@jobwatch/api-descriptions/ticks';
import type { ApiDescription } from '../apis/types.js';
import { SpecSchemas } from '../schema/spec-schemas.js';
import type { TokenProvider } from '../target/credentials.js';
import type { HttpClient, HttpResponse } from '../target/http.js';
import { getAt, isRecord, jsonPath, preview } from '../util/json.js';
import type { FindingInput } from './types.js';

export type Job = {
  id: string;
  /** The startTime as the target wrote it. */
  start: string;
  startTicks: bigint | undefined;
  raw: Record<string, unknown>;
};

export type Page = { total: number; jobs: Job[]; nextLink: unknown; res: HttpResponse };

export type Window = { start: bigint; end: bigint };

export type Discovery =
  | { kind: 'ok'; window: Window; total: number; note: string }
  | { kind: 'empty'; reason: string }
  | { kind: 'broken'; finding: FindingInput };

export type Walk = {
  window: Window;
  pageSize: number;
  pages: { pageIndex: number; page: Page }[];
  jobs: Job[];
};

export type LoggedResponse = { res: HttpResponse; expectError: boolean };

/** Auth to send: the run's token, none, or a literal header value (a deliberately malformed token). */
export type AuthMode = 'token' | 'none' | { header: string };

/** Windows are sought so that a full walk stays cheap but every check has data. */
const MIN_JOBS = 20;
const MAX_JOBS = 300;
const MINUTE = 60n * 1000n * 10_000n;
const SPANS = [1n, 10n, 60n, 360n, 1440n, 4320n, 10080n, 43200n, 129600n, 525600n, 1576800n, 5256000n].map(
  (m) => m * MINUTE,
);
/** The oldest instant discovery looks at. */
export const EARLIEST = isoToTicks('2000-01-01T00:00:00Z') as bigint;

/** The later of two instants (BigInt has no Math.max). */
function notBefore(value: bigint, earliest: bigint): bigint {
  if (value < earliest) return earliest;
  return value;
}

export class PageError extends Error {
  constructor(readonly finding: FindingInput) {
    super(finding.message);
  }
}

export class ApiSession {
  readonly schemas: SpecSchemas;
  readonly log: LoggedResponse[] = [];
  private discovered?: Promise<Discovery>;
  private walked?: Promise<Walk>;

  constructor(
    readonly api: ApiDescription,
    readonly baseUrl: string,
    readonly http: HttpClient,
    readonly tokens: TokenProvider,
  ) {
    this.schemas = new SpecSchemas(api.spec, api.path);
  }

  /** A time as the API's query writes it, with the ISO form beside ticks so a reader can place it. */
  showTime(ticks: bigint): string {
    const value = this.api.formatTime(ticks);
    return this.api.timeFormat === 'ticks' ? `${value} (${ticksToIso(ticks, 'shortest')})` : value;
  }

  url(query: URLSearchParams): string {
    const url = new URL(this.api.path, this.baseUrl);
    url.search = query.toString();
    return url.toString();
  }

  /** The API's query for a window, with pageSize/pageIndex when given. */
  query(window: Window, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
    const q = new URLSearchParams(this.api.fixedParams);
    q.set(this.api.params.startTime, this.api.formatTime(window.start));
    q.set(this.api.params.finishTime, this.api.formatTime(window.end));
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, String(v));
    return q;
  }

  async authorization(mode: AuthMode): Promise<string | undefined> {
    if (mode === 'none') return undefined;
    if (mode !== 'token') return mode.header;
    const { token } = await this.tokens.token(this.api.scope);
    return `Bearer ${token}`;
  }

  /** GET to an absolute URL of the API (used to follow nextLink); logged for schema and envelope checks. */
  async getUrl(url: string, auth: AuthMode = 'token', expectError = false): Promise<HttpResponse> {
    const res = await this.http.get(url, await this.authorization(auth));
    this.log.push({ res, expectError });
    return res;
  }

  list(query: URLSearchParams, auth: AuthMode = 'token', expectError = false): Promise<HttpResponse> {
    return this.getUrl(this.url(query), auth, expectError);
  }

  /** Reads a 200 page, or throws PageError naming what is unreadable. */
  readPage(res: HttpResponse): Page {
    // Naming the fields the body does have turns "no total" into an obvious diagnosis (e.g. a renamed field).
    const fields = isRecord(res.json)
      ? `; the body has ${Object.keys(res.json).join(', ') || 'no fields'}`
      : '';
    const fail = (path: string, expected: string, actual: string, message: string): never => {
      throw new PageError({ message, request: res.request, path, expected, actual: `${actual}${fields}` });
    };
    if (res.status !== 200) {
      fail(
        'HTTP status',
        '200',
        `${res.status} ${preview(res.json ?? res.text)}`,
        'the list request did not succeed',
      );
    }
    if (res.json === undefined)
      fail('$', 'a JSON body', preview(res.text), `the body is not JSON (${res.parseError})`);
    const total = getAt(res.json, this.api.page.total);
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      fail(
        jsonPath(this.api.page.total),
        'a non-negative integer (the total)',
        preview(total),
        'the page has no readable total',
      );
    }
    const list = getAt(res.json, this.api.page.jobs);
    if (!Array.isArray(list)) {
      fail(
        jsonPath(this.api.page.jobs),
        'an array of jobs',
        preview(list),
        'the page has no readable job list',
      );
    }
    const jobs = (list as unknown[]).map((item) => {
      const raw = isRecord(item) ? item : {};
      const id = raw[this.api.job.id];
      const start = raw[this.api.job.startTime];
      return {
        id: typeof id === 'string' ? id : preview(id),
        start: typeof start === 'string' ? start : preview(start),
        startTicks: typeof start === 'string' ? isoToTicks(start) : undefined,
        raw,
      };
    });
    const nextLink = this.api.page.nextLink ? getAt(res.json, this.api.page.nextLink) : undefined;
    return { total: total as number, jobs, nextLink, res };
  }

  /** GET + readPage. */
  async page(query: URLSearchParams): Promise<Page> {
    return this.readPage(await this.list(query));
  }

  async count(window: Window, extra: Record<string, string | number | undefined> = {}): Promise<Page> {
    return this.page(this.query(window, { [this.api.params.pageSize]: 1, ...extra }));
  }

  discovery(): Promise<Discovery> {
    this.discovered ??= this.discover();
    return this.discovered;
  }

  walk(): Promise<Walk> {
    this.walked ??= this.walkWindow();
    return this.walked;
  }

  /** The walk, when a check already asked for it (so a recording never walks a window the run did not). */
  walkedAlready(): Promise<Walk> | undefined {
    return this.walked;
  }

  /**
   * Finds a window that holds between MIN_JOBS and MAX_JOBS jobs (fewer only when the target has fewer),
   * ending at the newest job: windows widen back from it, then bisect when one step jumps past MAX_JOBS.
   */
  private async discover(): Promise<Discovery> {
    const widest: Window = { start: EARLIEST, end: msToTicks(Date.now() + 86_400_000) };
    let first: Page;
    try {
      first = await this.count(widest);
    } catch (error) {
      if (error instanceof PageError) return { kind: 'broken', finding: error.finding };
      throw error;
    }
    const newest = first.jobs[0];
    if (first.total === 0 || !newest) {
      return {
        kind: 'empty',
        reason: `the target has no jobs between ${this.showTime(widest.start)} and ${this.showTime(widest.end)}`,
      };
    }
    if (newest.startTicks === undefined) {
      return {
        kind: 'broken',
        finding: {
          message: 'the newest job has no readable startTime, so no time window can be chosen',
          request: first.res.request,
          path: `${jsonPath(this.api.page.jobs)}[0].${this.api.job.startTime}`,
          expected: 'an ISO 8601 date-time',
          actual: preview(newest.raw[this.api.job.startTime]),
        },
      };
    }
    const end = newest.startTicks;
    const measure = async (span: bigint) => {
      const start = notBefore(end - span, EARLIEST);
      return { window: { start, end }, total: (await this.count({ start, end })).total };
    };
    // The window found, and how: one shape for the three ways the search can end.
    const found = (m: { window: Window; total: number }, why: string): Discovery => ({
      kind: 'ok',
      window: m.window,
      total: m.total,
      note: `window ${this.showTime(m.window.start)} … ${this.showTime(m.window.end)} holds ${m.total} jobs (${why})`,
    });
    const fits = (m: { total: number }) => m.total >= MIN_JOBS && m.total <= MAX_JOBS;
    let low: { span: bigint; window: Window; total: number } | undefined;
    let high: { span: bigint; window: Window; total: number } | undefined;
    try {
      for (const span of SPANS) {
        const m = await measure(span);
        if (fits(m)) return found(m, 'widened back from the newest job');
        if (m.total > MAX_JOBS) {
          high = { span, ...m };
          break;
        }
        low = { span, ...m };
        if (m.window.start === EARLIEST) break;
      }
      if (high) {
        let lo = low?.span ?? 0n;
        let hi = high.span;
        for (let i = 0; i < 8 && hi - lo > 1n; i += 1) {
          const mid = (lo + hi) / 2n;
          const m = await measure(mid);
          if (fits(m)) return found(m, 'bisected');
          if (m.total > MAX_JOBS) hi = mid;
          else {
            lo = mid;
            low = { span: mid, ...m };
          }
        }
      }
    } catch (error) {
      if (error instanceof PageError) return { kind: 'broken', finding: error.finding };
      throw error;
    }
    // Sparse data: take what there is (checks that need more skip with a reason).
    const chosen = low ?? high;
    if (!chosen) return { kind: 'empty', reason: 'no window with jobs was found' };
    return found(chosen, 'the target holds few jobs near its newest one');
  }

  private async walkWindow(): Promise<Walk> {
    const d = await this.discovery();
    if (d.kind !== 'ok') throw new Error('walk needs a discovered window');
    const { window, total } = d;
    const pageSize = Math.min(this.api.paging.maxPageSize, Math.max(1, Math.ceil(total / 5)));
    const maxPages = Math.ceil(total / pageSize) + 2;
    const pages: Walk['pages'] = [];
    let seen = 0;
    for (let pageIndex = this.api.paging.firstPage; pages.length < maxPages; pageIndex += 1) {
      const page = await this.page(
        this.query(window, { [this.api.params.pageIndex]: pageIndex, [this.api.params.pageSize]: pageSize }),
      );
      pages.push({ pageIndex, page });
      seen += page.jobs.length;
      if (page.jobs.length < pageSize) break;
      if (seen >= (pages[0]?.page.total ?? total)) break;
    }
    return { window, pageSize, pages, jobs: pages.flatMap((p) => p.page.jobs) };
  }
}
