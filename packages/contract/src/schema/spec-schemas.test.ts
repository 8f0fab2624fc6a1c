import { loadSpec } from '@jobwatch/specs';
import { describe, expect, it } from 'vitest';
import { SpecSchemas, strictify } from './spec-schemas.js';

type Example = { value: Record<string, unknown> };
function documentedSample(api: 'salesforce' | 'dynamics365', path: string) {
  const doc = loadSpec(api) as unknown as {
    paths: Record<
      string,
      {
        get: {
          responses: Record<string, { content: Record<string, { examples: Record<string, Example> }> }>;
        };
      }
    >;
  };
  return structuredClone(
    doc.paths[path]?.get.responses['200']?.content['application/json']?.examples.documentedSample?.value ??
      {},
  );
}

describe('strictify', () => {
  it('closes object schemas that say nothing about extra fields, and leaves data and open maps alone', () => {
    expect(strictify({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
      unevaluatedProperties: false,
    });
    const map = { type: 'object', additionalProperties: { type: 'array' } };
    expect(strictify(map)).toEqual(map);
    expect(strictify({ enum: [{ type: 'object', properties: {} }] })).toEqual({
      enum: [{ type: 'object', properties: {} }],
    });
  });
});

describe('SpecSchemas (compiled from the spec files)', () => {
  const sf = new SpecSchemas('salesforce', '/backup/sfbapi/jobs');
  const d = new SpecSchemas('dynamics365', '/dynamicsbackup/jobs');

  it("accepts the spec's own samples", () => {
    expect(
      sf.validate(200, 'application/json', documentedSample('salesforce', '/backup/sfbapi/jobs')),
    ).toEqual([]);
    expect(
      d.validate(200, 'application/json', documentedSample('dynamics365', '/dynamicsbackup/jobs')),
    ).toEqual([]);
  });

  it('reports extra, missing, mistyped and misformatted fields with JSON paths', () => {
    const body = documentedSample('salesforce', '/backup/sfbapi/jobs') as {
      data: { jobs: Record<string, unknown>[] };
    };
    const job = body.data.jobs[0] as Record<string, unknown>;
    job.state = job.status;
    delete job.status;
    job.dataSize = '12';
    job.startTime = 'yesterday';
    const issues = sf.validate(200, 'application/json', body);
    const by = (path: string) => issues.find((i) => i.path === path);
    expect(by('$.data.jobs[0].state')).toMatchObject({ problem: 'field not in the spec', actual: '2' });
    expect(by('$.data.jobs[0].status')).toMatchObject({
      problem: 'missing required field',
      actual: 'absent',
    });
    expect(by('$.data.jobs[0].dataSize')).toMatchObject({
      problem: 'wrong type',
      expected: 'type integer',
      actual: '"12"',
    });
    expect(by('$.data.jobs[0].startTime')).toMatchObject({
      expected: 'format "date-time"',
      actual: '"yesterday"',
    });
    expect(issues.every((i) => i.schema === 'SalesforceJobsResponse')).toBe(true);
  });

  it('collapses a failed anyOf (nextLink) into one issue listing the alternatives', () => {
    const body = documentedSample('salesforce', '/backup/sfbapi/jobs') as { data: Record<string, unknown> };
    body.data.nextLink = '/relative?pageIndex=2';
    const issues = sf.validate(200, 'application/json', body);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: '$.data.nextLink',
      problem: 'matches none of the anyOf alternatives',
    });
    expect(issues[0]?.expected).toContain('format "uri"');
  });

  it('knows the documented statuses and media types per API', () => {
    expect(d.documented(400)).toEqual({ documented: true, mediaTypes: ['application/problem+json'] });
    expect(sf.documented(401)).toEqual({ documented: true, mediaTypes: ['application/json'] });
    expect(sf.documented(404).documented).toBe(false);
  });
});
