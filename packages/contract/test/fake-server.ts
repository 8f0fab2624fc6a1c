// ONE configurable fake of both APIs (and the token endpoint) on 127.0.0.1. Without a mutation it follows the
// spec and the settled readings, so the suite passes against it; each mutation breaks exactly one rule, so a
// test can prove the suite catches that drift and names it. Paths, scopes, enum values and names come from the API
// descriptions; the behaviour is written here, independently of the mock.
import { createPublicKey, randomBytes, randomUUID, verify as verifySignature } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dynamics365 as D365, salesforce as SF } from '@jobwatch/api-descriptions';
import { endOfDayTicks, msToTicks, ticksToIso, ticksToMs } from '@jobwatch/api-descriptions/ticks';

export type Mutation =
  | 'none'
  /** pageIndex counts from 0: pageIndex 1 is the second page. */
  | 'zero-based-paging'
  /** Salesforce jobs say `state` instead of `status`. */
  | 'state-instead-of-status'
  /** The status filter is validated but not applied. */
  | 'ignore-status-filter'
  /** The total is one more than the jobs that match. */
  | 'wrong-total'
  /** Salesforce pages have no nextLink. */
  | 'missing-next-link'
  /** Any request is served, with or without a valid token. */
  | 'unenforced-token'
  /** Dynamics answers in the later revision's shape: totalCount/jobs/nextLink, integer type and status. */
  | 'dynamics-later-revision'
  /** The first API request gets 429 with Retry-After: 1. */
  | 'rate-limit-once'
  /** Responses echo the Authorization header, as a careless server might (for the redaction test). */
  | 'echo-secrets'
  /** The time range's finishTime is exclusive. */
  | 'exclusive-finish-time'
  /** Dynamics 2025-04: the page total is `totalNumber` (2024-10's name) instead of `totalCount`. */
  | 'total-number-instead-of-total-count'
  /** Dynamics 2025-04: jobs write type and status as strings (2024-10's form) instead of integers. */
  | 'string-enums-in-jobs'
  /** Dynamics 2025-04: nextLink points at the same page again instead of the next one. */
  | 'next-link-not-next-page'
  /** Dynamics 2025-04: a request without `type` is answered (all types) instead of a 400. */
  | 'type-not-required'
  /** The Dynamics path answers 404, as a target that serves neither revision would. */
  | 'dynamics-not-served'
  /** Any valid token is accepted, whatever its scopes. */
  | 'ignore-scope'
  /** Salesforce totalRecords is one more than successful + skipped + failed. */
  | 'inconsistent-counts'
  /**
   * A server written from the vendor pages and the settled readings alone, which differs from the project's own
   * choices only: it accepts any Salesforce organizationId string and matches it exactly (no 15-character form,
   * no 400 for `not-an-org!`), and its body requestId is not the request-id header: another id of the same
   * shape on success, a GUID on errors.
   */
  | 'assumed-only'
  /** Dynamics ticks are parsed through a JavaScript number, so they lose precision (2^53 < ticks). */
  | 'ticks-through-number'
  /** Salesforce time parameters lose their fraction of a second (12:00:00.001 is read as 12:00:00). */
  | 'iso-drops-millis';

export type FakeServerOptions = {
  mutation?: Mutation;
  /** The Dynamics 365 revision served (default 2024-10): 2025-04 takes ISO times and answers { totalCount, jobs, nextLink }. */
  dynamicsRevision?: '2024-10' | '2025-04';
  /** Jobs per API (default 60). */
  jobs?: number;
  clientId?: string;
  clientSecret?: string;
  /** Public key (or certificate) PEM that verifies client assertions. */
  assertionKeyPem?: string;
  /** Tokens accepted without the token endpoint (pre-issued), with all scopes. */
  preIssuedTokens?: string[];
  /** The value of the next issued tokens (a canary); default random. */
  issueToken?: () => string;
  /** Salesforce job ids embed the organization id (`00D…-AI2025…`), as a tenant-specific id scheme would. */
  jobIdsWithOrganization?: boolean;
};

export type FakeServer = {
  baseUrl: string;
  tokenUrl: string;
  /** Every request received: method and URL (path + query). */
  requests: { method: string; url: string }[];
  close(): Promise<void>;
};

type SfJob = {
  type: number;
  jobId: string;
  start: bigint;
  finish: bigint | null;
  status: number;
  level: number;
  org: string;
  n: number;
};

type DJob = {
  type: string;
  jobId: string;
  start: bigint;
  finish?: bigint;
  status: string;
  org: string;
  module: string;
  n: number;
};

const ANCHOR = msToTicks(Date.parse('2025-03-10T12:00:00.000Z'));
const MINUTE = 600_000_000n;
const SF_ORGS = ['00D5g000004SZJbEAO', '00D5g000004SZJcEAO', '00D5g000004SZJdEAO'];
const D_ORGS = ['6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d', 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d'];
const D_TYPES = ['Backup', 'Backup', 'Restore', 'Backup', 'Dryrun', 'Retention', 'AuditBackup', 'Export'];
const D_FLAG = (type: string) => D365.filters.type.valueOf(type);
const D_STATUS = (status: string) => D365.filters.status.valueOf(status);
/** Every flag OR-ed together: the largest type mask. */
const D_ALL_TYPES = D365.filters.type.values.reduce((mask, flag) => mask | flag, 0);
const D_STATUSES = ['Finished', 'Finished', 'Failed', 'InProgress', 'FinishedWithException'];

const stamp = (t: bigint) =>
  ticksToIso(t, 'shortest')
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);

/** Newest first, ties by jobId descending (decision 2); jobs 10 and 11 share a start time. */
function byOrder<T extends { start: bigint; jobId: string }>(a: T, b: T): number {
  if (a.start !== b.start) return a.start > b.start ? -1 : 1;
  return a.jobId > b.jobId ? -1 : a.jobId < b.jobId ? 1 : 0;
}

function startOf(i: number): bigint {
  const k = i === 11 ? 10 : i;
  return ANCHOR - BigInt(k) * 97n * MINUTE - BigInt(k % 3) * 70_000_000n;
}

function salesforceJobs(count: number, withOrganization = false): SfJob[] {
  const statuses = [2, 2, 3, 4, 1, 2, 5, 6, 7, 2];
  const types = [1, 2, 3, 11, 20, 1];
  return Array.from({ length: count }, (_, i) => {
    const start = startOf(i);
    const status = statuses[i % statuses.length] as number;
    const org = SF_ORGS[i % SF_ORGS.length] as string;
    const id = `AI${stamp(start)}${String(10000 + i * 7).slice(-5)}`;
    return {
      type: types[i % types.length] as number,
      jobId: withOrganization ? `${org}-${id}` : id,
      start,
      finish: status === 1 ? null : start + BigInt(30 + i) * MINUTE,
      status,
      level: (i % 6) + 1,
      org,
      n: i,
    };
  }).sort(byOrder);
}

function dynamicsJobs(count: number): DJob[] {
  return Array.from({ length: count }, (_, i) => {
    const start = startOf(i) - 3n * MINUTE;
    const status = D_STATUSES[i % D_STATUSES.length] as string;
    return {
      type: D_TYPES[i % D_TYPES.length] as string,
      jobId: `DCIB${stamp(start)}${String(20000 + i * 3).slice(-5)}`,
      start,
      finish: status === 'InProgress' ? undefined : start + BigInt(10 + i) * MINUTE,
      status,
      org: D_ORGS[i % D_ORGS.length] as string,
      module: i % 7 === 0 ? 'Finance and Operations' : 'Customer Engagement',
      n: i,
    };
  }).sort(byOrder);
}

class BadRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const requestId = () =>
  `${randomBytes(7).toString('hex').toUpperCase().slice(0, 13).replace(/[W-Z]/g, 'A')}:${randomBytes(4).toString('hex').toUpperCase()}`;
const traceId = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
const timestamp = () =>
  `${new Date().toISOString().slice(0, 23)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}Z`;

/** Query names are case-insensitive; a repeated name is a 400 (decision 1). */
function readQuery(url: URL): Map<string, string> {
  const q = new Map<string, string>();
  for (const [k, v] of url.searchParams) {
    const key = k.toLowerCase();
    if (q.has(key)) throw new BadRequest(k, `The parameter ${k} is repeated.`);
    q.set(key, v);
  }
  return q;
}

function intParam(q: Map<string, string>, name: string, min: number, max: number, fallback: number): number {
  const raw = q.get(name.toLowerCase());
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new BadRequest(name, `The value of ${name} must be an integer from ${min} to ${max}.`);
  }
  return Number(raw);
}

function enumParam(q: Map<string, string>, name: string, allowed: readonly number[]): number | undefined {
  const raw = q.get(name.toLowerCase());
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || !allowed.includes(Number(raw)))
    throw new BadRequest(name, `The value of ${name} is not valid.`);
  return Number(raw);
}

function isoParam(q: Map<string, string>, name: string, end: boolean, dropFraction = false): bigint {
  const given = q.get(name.toLowerCase());
  const raw = dropFraction ? given?.replace(/\.\d+/, '') : given;
  if (raw === undefined) throw new BadRequest(name, `The parameter ${name} is required.`);
  const ticks = SF.time.parseQuery(raw);
  if (ticks === undefined)
    throw new BadRequest(name, `The value of ${name} must be an ISO 8601 date or date-time.`);
  // A date-only end covers the whole day (decision 3).
  return end && raw.length === 10 ? endOfDayTicks(ticks) : ticks;
}

function ticksParam(q: Map<string, string>, name: string, throughNumber = false): bigint | undefined {
  const raw = q.get(name.toLowerCase());
  if (raw === undefined) return undefined;
  if (!/^\d{1,19}$/.test(raw))
    throw new BadRequest(name, `The value of ${name} must be an integer number of .NET ticks.`);
  // Number(raw) keeps 53 bits: a tick value near 6.4e17 is rounded to a multiple of 128.
  return throughNumber ? BigInt(Number(raw)) : BigInt(raw);
}

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const mutation = options.mutation ?? 'none';
  const clientId = options.clientId ?? 'fake-client';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const sf = salesforceJobs(options.jobs ?? 60, options.jobIdsWithOrganization);
  const dyn = dynamicsJobs(options.jobs ?? 60);
  const tokens = new Map<string, string[]>();
  for (const t of options.preIssuedTokens ?? [])
    tokens.set(t, [SF.scope.toLowerCase(), D365.scope.toLowerCase()]);
  const requests: FakeServer['requests'] = [];
  let rateLimited = false;
  let origin = '';

  const send = (
    res: ServerResponse,
    status: number,
    type: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const bodyId = (body as { requestId?: string } | null)?.requestId;
    // An independent server need not repeat the body's id in the header.
    const id = mutation === 'assumed-only' || bodyId === undefined ? requestId() : bodyId;
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'request-id': id, ...headers });
    res.end(JSON.stringify(body));
  };

  /** The body's requestId: the project's format, or (assumed-only, on errors) a GUID of the server's own. */
  const bodyRequestId = (error = false) =>
    mutation === 'assumed-only' && error ? randomUUID() : requestId();

  const sfError = (
    res: ServerResponse,
    status: number,
    field: string | null,
    message: string,
    code: string,
    headers = {},
  ) => {
    send(
      res,
      status,
      'application/json',
      {
        statusCode: status,
        message,
        errors: [{ code, field, message }],
        data: null,
        requestId: bodyRequestId(true),
        timestamp: timestamp(),
        traceId: traceId(),
      },
      headers,
    );
  };

  const problem = (
    res: ServerResponse,
    status: number,
    title: string,
    detail: string,
    field?: string,
    headers = {},
  ) => {
    const body: Record<string, unknown> = {
      type: `https://tools.ietf.org/html/rfc9110#section-15.5.${status === 400 ? 1 : status === 401 ? 2 : 4}`,
      title,
      status,
      detail,
      traceId: traceId(),
    };
    if (field && status === 400) body.errors = { [field]: [detail] };
    send(res, status, 'application/problem+json', body, headers);
  };

  const errorFor = (
    api: 'sf' | 'd',
    res: ServerResponse,
    status: number,
    field: string | null,
    message: string,
    headers = {},
  ) => {
    if (api === 'sf')
      sfError(
        res,
        status,
        field,
        message,
        status === 400 ? 'InvalidParameter' : status === 401 ? 'Unauthorized' : 'Error',
        headers,
      );
    else
      problem(
        res,
        status,
        status === 400
          ? 'One or more validation errors occurred.'
          : status === 401
            ? 'Unauthorized'
            : 'Error',
        message,
        field ?? undefined,
        headers,
      );
  };

  const page = <T>(list: T[], pageIndex: number, pageSize: number): T[] => {
    const first =
      mutation === 'zero-based-paging' ? pageIndex * pageSize : (Math.max(pageIndex, 1) - 1) * pageSize;
    return list.slice(first, first + pageSize);
  };

  const inRange = (t: bigint, from: bigint, to: bigint) =>
    t >= from && (mutation === 'exclusive-finish-time' ? t < to : t <= to);

  function salesforce(url: URL, q: Map<string, string>, auth: string | undefined, res: ServerResponse) {
    const drop = mutation === 'iso-drops-millis';
    const from = isoParam(q, 'startTime', false, drop);
    const to = isoParam(q, 'finishTime', true, drop);
    const { type: typeFilter, status: statusFilter, level: levelFilter } = SF.filters;
    const type = enumParam(q, 'type', typeFilter.filterEnum.values) ?? 0;
    const status = enumParam(q, 'status', statusFilter.filterEnum.values) ?? 0;
    const level = enumParam(q, 'level', levelFilter!.filterEnum.values) ?? 0;
    const org = q.get('organizationid');
    const independent = mutation === 'assumed-only';
    if (org !== undefined && !independent && !SF.organization.pattern!.test(org))
      throw new BadRequest(
        'organizationId',
        'The value of organizationId is not a Salesforce organization id.',
      );
    const pageIndex = intParam(q, 'pageIndex', 0, 2147483647, 0);
    const pageSize = intParam(q, 'pageSize', 1, 1000, 10);
    if (from > to) throw new BadRequest('startTime', 'startTime must not be after finishTime.');
    const matching = sf.filter(
      (j) =>
        inRange(j.start, from, to) &&
        (type === 0 || j.type === type) &&
        (status === 0 || mutation === 'ignore-status-filter' || j.status === status) &&
        (level === 0 || j.level === level) &&
        (org === undefined || j.org === org || (!independent && org.length === 15 && j.org.startsWith(org))),
    );
    const jobs = page(matching, pageIndex, pageSize).map((j) => {
      const out: Record<string, unknown> = {
        type: j.type,
        jobId: j.jobId,
        startTime: ticksToIso(j.start, 'shortest'),
        finishTime: j.finish === null ? null : ticksToIso(j.finish, 'shortest'),
        [mutation === 'state-instead-of-status' ? 'state' : 'status']: j.status,
        successfulRecords: j.n * 10,
        skippedRecords: j.status === 1 ? 0 : 2,
        failedRecords: j.status === 1 ? 0 : 1,
        totalRecords: j.n * 10 + 3 + (mutation === 'inconsistent-counts' ? 1 : 0),
        successfulMetadata: 4,
        failedMetadata: 0,
        totalMetadata: 4,
        successfulObjects: 2,
        skippedObjects: 0,
        failedObjects: 0,
        totalObjects: 2,
        dataSize: 100 + j.n,
        apiCalls: 7 + j.n,
        organizationId: j.org,
      };
      return out;
    });
    const current = Math.max(pageIndex, 1);
    const hasNext =
      mutation === 'zero-based-paging'
        ? (pageIndex + 1) * pageSize < matching.length
        : current * pageSize < matching.length;
    let nextLink = '';
    if (hasNext) {
      const next = new URL(url.pathname + url.search, origin);
      const existing =
        [...next.searchParams.keys()].find((k) => k.toLowerCase() === 'pageindex') ?? 'pageIndex';
      next.searchParams.set(existing, String((mutation === 'zero-based-paging' ? pageIndex : current) + 1));
      nextLink = next.toString();
    }
    const data: Record<string, unknown> = {
      totalCount: matching.length + (mutation === 'wrong-total' ? 1 : 0),
      jobs,
    };
    if (mutation !== 'missing-next-link') data.nextLink = nextLink;
    const body: Record<string, unknown> = {
      statusCode: 200,
      message: '',
      data,
      requestId: bodyRequestId(),
      timestamp: timestamp(),
      traceId: traceId(),
    };
    if (mutation === 'echo-secrets') body.echo = auth;
    send(res, 200, 'application/json', body);
  }

  const revision2025 = options.dynamicsRevision === '2025-04';

  /** The time range of a Dynamics request: ticks (2024-10, with the endTime alias) or ISO 8601 (2025-04). */
  function dynamicsRange(q: Map<string, string>): { from: bigint; to: bigint } {
    if (revision2025) return { from: isoParam(q, 'startTime', false), to: isoParam(q, 'finishTime', true) };
    const lossy = mutation === 'ticks-through-number';
    const from = ticksParam(q, 'startTime', lossy);
    if (from === undefined) throw new BadRequest('startTime', 'The parameter startTime is required.');
    const finish = ticksParam(q, 'finishTime', lossy);
    const end = ticksParam(q, 'endTime', lossy);
    if (finish !== undefined && end !== undefined)
      throw new BadRequest('finishTime', 'Give finishTime or endTime, not both.');
    const to = finish ?? end;
    if (to === undefined) throw new BadRequest('finishTime', 'The parameter finishTime is required.');
    return { from, to };
  }

  function dynamics(url: URL, q: Map<string, string>, auth: string | undefined, res: ServerResponse) {
    const { from, to } = dynamicsRange(q);
    if (revision2025 && !q.has('type') && mutation !== 'type-not-required')
      throw new BadRequest('type', 'The parameter type is required.');
    const type = intParam(q, 'type', 0, D_ALL_TYPES, 0);
    const status = enumParam(q, 'status', D365.filters.status.values);
    const org = q.get('organizationid');
    if (org !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(org))
      throw new BadRequest('organizationId', 'The value of organizationId is not a GUID.');
    const pageIndex = intParam(q, 'pageIndex', mutation === 'zero-based-paging' ? 0 : 1, 2147483647, 1);
    const pageSize = intParam(q, 'pageSize', 1, 1000, 10);
    if (from > to) throw new BadRequest('startTime', 'startTime must not be after finishTime.');
    const matching = dyn.filter(
      (j) =>
        inRange(j.start, from, to) &&
        (type === 0 || (type & (D_FLAG(j.type) ?? 0)) !== 0) &&
        (status === undefined || mutation === 'ignore-status-filter' || D_STATUS(j.status) === status) &&
        (org === undefined || j.org.toLowerCase() === org.toLowerCase()),
    );
    const later = revision2025 ? mutation !== 'string-enums-in-jobs' : mutation === 'dynamics-later-revision';
    const jobs = page(matching, pageIndex, pageSize).map((j) => {
      const out: Record<string, unknown> = {
        module: j.module,
        type: later ? D_FLAG(j.type) : j.type,
        jobId: j.jobId,
        startTime: ticksToIso(j.start, 'shortest'),
      };
      if (j.finish !== undefined) {
        out.finishTime = ticksToIso(j.finish, 'shortest');
        out.durationHours = (ticksToMs(j.finish) - ticksToMs(j.start)) / 3_600_000;
      }
      Object.assign(out, {
        status: later ? D_STATUS(j.status) : j.status,
        successfulEntity: 5,
        failedEntity: j.status === 'InProgress' ? 0 : 1,
        skippedEntity: 0,
        warningEntity: 0,
        totalEntity: 6,
        successfulRecord: 100 + j.n,
        failedRecord: 0,
        skippedRecord: 0,
        warningRecord: 0,
        totalRecord: 100 + j.n,
        backupSize: 180832 + j.n,
        organizationId: j.org,
        organizationName: `org${j.org.slice(0, 4)}`,
      });
      return out;
    });
    const total = matching.length + (mutation === 'wrong-total' ? 1 : 0);
    let body: Record<string, unknown>;
    if (revision2025) {
      // As reading 28: the request URL with pageIndex set to the next page, "" on the last.
      let nextLink = '';
      const hasNext =
        mutation === 'zero-based-paging'
          ? (pageIndex + 1) * pageSize < matching.length
          : pageIndex * pageSize < matching.length;
      if (hasNext) {
        const next = new URL(url.pathname + url.search, origin);
        const name =
          [...next.searchParams.keys()].find((k) => k.toLowerCase() === 'pageindex') ?? 'pageIndex';
        next.searchParams.set(
          name,
          String(mutation === 'next-link-not-next-page' ? pageIndex : pageIndex + 1),
        );
        nextLink = next.toString();
      }
      const totalName = mutation === 'total-number-instead-of-total-count' ? 'totalNumber' : 'totalCount';
      body = { [totalName]: total, jobs, nextLink, pageIndex, pageSize };
    } else {
      body = later
        ? {
            totalCount: total,
            jobs,
            nextLink:
              pageIndex * pageSize < total ? `${origin}${url.pathname}?pageIndex=${pageIndex + 1}` : '',
          }
        : { totalNumber: total, result: jobs };
    }
    if (mutation === 'echo-secrets') body.echo = auth;
    send(res, 200, 'application/json', body);
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    const bad = (error: string) => send(res, 400, 'application/json', { error, error_description: error });
    if (form.get('grant_type') !== 'client_credentials') return bad('unsupported_grant_type');
    if (form.get('client_id') !== clientId) return bad('invalid_client');
    const assertion = form.get('client_assertion');
    if (assertion) {
      if (!options.assertionKeyPem) return bad('invalid_client');
      const [h = '', p = '', s = ''] = assertion.split('.');
      const ok = verifySignature(
        'RSA-SHA256',
        Buffer.from(`${h}.${p}`),
        createPublicKey(options.assertionKeyPem),
        Buffer.from(s, 'base64url'),
      );
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
      if (
        !ok ||
        header.alg !== 'RS256' ||
        claims.iss !== clientId ||
        claims.sub !== clientId ||
        claims.aud !== `${origin}/connect/token` ||
        typeof claims.jti !== 'string'
      ) {
        return bad('invalid_client');
      }
    } else if (form.get('client_secret') !== clientSecret) {
      return bad('invalid_client');
    }
    const scopes = (form.get('scope') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((s) => s.toLowerCase());
    const value = options.issueToken?.() ?? `fake-${randomUUID()}`;
    tokens.set(value, scopes);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: value,
      scope: scopes.join(' '),
    };
    if (mutation === 'echo-secrets') body.echo = raw;
    send(res, 200, 'application/json', body);
  }

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'POST' && url.pathname === '/connect/token') {
      token(req, res).catch(() => send(res, 500, 'application/json', { error: 'server_error' }));
      return;
    }
    const api = url.pathname === SF.path ? 'sf' : url.pathname === D365.path ? 'd' : undefined;
    if (!api || req.method !== 'GET' || (api !== 'sf' && mutation === 'dynamics-not-served'))
      return send(res, 404, 'application/json', { error: 'not found' });
    if (mutation === 'rate-limit-once' && !rateLimited) {
      rateLimited = true;
      return errorFor(api, res, 429, null, 'Too many requests.', { 'retry-after': '1' });
    }
    const auth = req.headers.authorization;
    if (mutation !== 'unenforced-token') {
      const t = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
      const scopes = t ? tokens.get(t) : undefined;
      if (!scopes)
        return errorFor(
          api,
          res,
          401,
          'Authorization',
          mutation === 'echo-secrets' ? `Bad token: ${auth}` : 'A valid bearer token is required.',
        );
      const need = (api === 'sf' ? SF : D365).scope.toLowerCase();
      if (!scopes.includes(need) && mutation !== 'ignore-scope') {
        return errorFor(api, res, 403, 'Authorization', 'The token lacks the scope.');
      }
    }
    try {
      const q = readQuery(url);
      if (api === 'sf') salesforce(url, q, auth, res);
      else dynamics(url, q, auth, res);
    } catch (error) {
      if (error instanceof BadRequest) return errorFor(api, res, 400, error.field, error.message);
      return errorFor(api, res, 500, null, String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: origin,
    tokenUrl: `${origin}/connect/token`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
