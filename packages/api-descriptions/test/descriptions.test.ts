// The descriptions say what the vendor pages and the settled readings say (a hand-written oracle, on purpose),
// and a spec that lacks what a description needs fails at start-up naming what is missing.
import { loadSpec, SpecWalker, walkSpec } from '@jobwatch/specs';
import { describe, expect, it } from 'vitest';
import {
  allDescriptions,
  describeApi,
  descriptionOf,
  descriptions,
  dynamics365,
  dynamics365V2025_04,
  readPage,
  salesforce,
  valueAt,
} from '../src/index.js';

describe('the Salesforce description', () => {
  it('reads the endpoint, scope, time format and paging from the spec', () => {
    expect(salesforce).toMatchObject({
      path: '/backup/sfbapi/jobs',
      scope: 'salesforce.public.read.all',
      title: 'Cloud Backup for Salesforce',
      time: { format: 'iso', finishAliases: [] },
      paging: { firstPage: 1, firstPageAliases: [undefined, 0], defaultPageSize: 10, maxPageSize: 1000 },
      page: { total: ['data', 'totalCount'], jobs: ['data', 'jobs'], nextLink: ['data', 'nextLink'] },
      job: { schema: 'SalesforceJob', finishWhileInProgress: 'null', inProgressStatus: 1 },
      errors: {
        contentType: 'application/json',
        status: ['statusCode'],
        names: { form: 'list', key: 'field' },
      },
      envelope: { requestIdMatchesHeader: ['requestId'] },
    });
    expect(salesforce.time.formatQuery(637964640000000000n)).toBe('2022-08-19T00:00:00.000Z');
    expect(salesforce.time.parseQuery('2022-08-19')).toBe(637964640000000000n);
    expect(salesforce.time.parseQuery('yesterday')).toBeUndefined();
  });

  it('has numeric enums with their names; metadata has no skipped count', () => {
    const { type, status, level } = salesforce.filters;
    expect(type.values).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(type.names[19]).toBe('AuditLogBackup');
    expect(type.descriptions[1]).toBe('On-demand backup');
    expect([type.all, type.flags, type.rendered, type.valueOf(20), type.valueOf(23)]).toEqual([
      0,
      false,
      'value',
      20,
      undefined,
    ]);
    expect(status.names).toEqual([
      'InProgress',
      'Finished',
      'FinishedWithException',
      'Failed',
      'Paused',
      'Stopped',
      'Skipped',
    ]);
    expect(level?.field).toBeNull();
    expect(level?.values).toEqual([1, 2, 3, 4, 5, 6]);
    expect(salesforce.job.counts.map((c) => [c.noun, c.skipped])).toEqual([
      ['Records', 'skippedRecords'],
      ['Metadata', null],
      ['Objects', 'skippedObjects'],
    ]);
    expect(salesforce.errors.namedParameters({ errors: [{ field: 'pageSize' }, { field: null }] })).toEqual([
      'pageSize',
    ]);
  });
});

describe('the Dynamics 365 2024-10 description', () => {
  it('reads ticks, the endTime alias (x-alias-of), paging without a next link, and problem details', () => {
    expect(dynamics365).toMatchObject({
      path: '/dynamicsbackup/jobs',
      scope: 'Dynamics.ReadWrite.All',
      revision: '2024-10',
      time: { format: 'ticks', finish: 'finishTime', finishAliases: ['endTime'] },
      paging: { firstPage: 1, firstPageAliases: [undefined], minPageIndex: 1, maxPageSize: 1000 },
      page: { total: ['totalNumber'], jobs: ['result'], nextLink: null },
      job: { finishWhileInProgress: 'absent', inProgressStatus: 2 },
      errors: {
        contentType: 'application/problem+json',
        badRequestSchema: 'ValidationProblemDetails',
        schema: 'ProblemDetails',
        status: ['status'],
        names: { form: 'map' },
      },
      organization: { caseInsensitive: true, format: 'uuid' },
    });
    expect(dynamics365.time.formatQuery(637964640000000000n)).toBe('637964640000000000');
    expect(dynamics365.time.parseQuery('6.38e17')).toBeUndefined();
    expect(dynamics365.errors.namedParameters({ errors: { startTime: ['x'] } })).toEqual(['startTime']);
  });

  it('maps the string enums of jobs to query values through x-enum-varnames', () => {
    const { type, status } = dynamics365.filters;
    expect(type.values).toEqual([1, 2, 4, 8, 16, 32]);
    expect([type.flags, type.rendered, type.valueOf('AuditBackup'), type.render(32)]).toEqual([
      true,
      'name',
      16,
      'Export',
    ]);
    expect(status.values).toEqual([2, 3, 4, 7]);
    expect([status.all, status.valueOf('FinishedWithException'), status.valueOf('All')]).toEqual([
      null,
      7,
      undefined,
    ]);
    expect(dynamics365.filters.level).toBeNull();
  });
});

describe('the Dynamics 365 2025-04 description', () => {
  it('reads ISO times, a nextLink page and integer enums from its own spec, with 2024-10 readings', () => {
    expect(dynamics365V2025_04).toMatchObject({
      path: dynamics365.path,
      scope: dynamics365.scope,
      revision: '2025-04',
      spec: 'dynamics365-2025-04',
      time: { format: 'iso', finishAliases: [] },
      page: { total: ['totalCount'], jobs: ['jobs'], nextLink: ['nextLink'] },
      job: { finishWhileInProgress: 'absent', inProgressStatus: 2 },
      errors: { contentType: 'application/problem+json', names: { form: 'map' } },
      organization: { caseInsensitive: true },
    });
    const { type, status } = dynamics365V2025_04.filters;
    expect([type.flags, type.rendered, type.valueOf(32), type.valueOf('Export')]).toEqual([
      true,
      'value',
      32,
      undefined,
    ]);
    expect([status.rendered, status.valueOf(7)]).toEqual(['value', 7]);
    expect(dynamics365V2025_04.time.formatQuery(637964640000000000n)).toBe('2022-08-19T00:00:00.000Z');
  });
});

describe('the registry', () => {
  it('holds one description per API and revision', () => {
    expect(allDescriptions.length).toBeGreaterThan(0);
    expect(new Set(allDescriptions.map((d) => `${d.api} ${d.revision}`)).size).toBe(allDescriptions.length);
    expect(descriptions.salesforce).toBe(salesforce);
    expect(descriptionOf('dynamics365', '2024-10')).toBe(dynamics365);
    expect(descriptionOf('dynamics365', '2025-04')).toBe(dynamics365V2025_04);
    expect(descriptionOf('dynamics365')).toBe(dynamics365);
    expect(() => descriptionOf('dynamics365', '1999-01')).toThrow(/known: 2024-10, 2025-04/);
  });
});

describe('a spec that lacks what a description needs', () => {
  const readings = {
    api: 'dynamics365',
    revision: 'test',
    spec: 'dynamics365',
    typeFlags: true,
    organizationCaseInsensitive: true,
  } as const;
  const altered = (edit: (doc: ReturnType<typeof loadSpec>) => void) => {
    const document = structuredClone(loadSpec('dynamics365'));
    edit(document);
    return new SpecWalker({ document });
  };

  it('is described when unaltered', () => {
    expect(describeApi(readings, walkSpec('dynamics365')).path).toBe('/dynamicsbackup/jobs');
  });

  it.each([
    [
      'no pageSize maximum',
      (d: ReturnType<typeof loadSpec>) => {
        delete (d.components.parameters as Record<string, { schema: Record<string, unknown> }>).pageSize!
          .schema.maximum;
      },
      /pageSize has no maximum/,
    ],
    [
      'no status enum names',
      (d: ReturnType<typeof loadSpec>) => {
        delete (d.components.schemas.DynamicsJobStatusFilter as Record<string, unknown>)['x-enum-varnames'];
      },
      /parameter status has no named enum/,
    ],
    [
      'a 401 in another media type',
      (d: ReturnType<typeof loadSpec>) => {
        const responses = d.components.responses as Record<string, { content: Record<string, unknown> }>;
        const { content } = responses.Unauthorized!;
        content['application/json'] = content['application/problem+json'];
        delete content['application/problem+json'];
      },
      /the 401 response is not application\/problem\+json/,
    ],
  ])('fails naming it: %s', (_what, edit, message) => {
    expect(() => describeApi(readings, altered(edit))).toThrow(message);
  });
});

describe('readPage', () => {
  it('reads a page where the description says its parts are', () => {
    const body = {
      statusCode: 200,
      data: { totalCount: 3, jobs: [{ jobId: 'a' }], nextLink: 'http://x/?pageIndex=2' },
    };
    expect(readPage(salesforce, body)).toEqual({
      total: 3,
      jobs: [{ jobId: 'a' }],
      nextLink: 'http://x/?pageIndex=2',
    });
    expect(readPage(dynamics365, { totalNumber: 0, result: [] })).toEqual({
      total: 0,
      jobs: [],
      nextLink: undefined,
    });
    expect(readPage(dynamics365, body)).toEqual({ total: undefined, jobs: undefined, nextLink: undefined });
    expect(valueAt(body, ['data', 'jobs', 'nope'])).toBeUndefined();
  });
});
