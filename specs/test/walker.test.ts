// The walker reads what the specs say, through $ref and unions, and fails loudly where a spec is malformed.
import { describe, expect, it } from 'vitest';
import { loadSpec, parseSpec, readSpecText, SpecWalker, walkSpec } from '../src/index.js';

describe('the spec walker', () => {
  it('reads the endTime alias from x-alias-of, not from the description text', () => {
    const params = walkSpec('dynamics365').parameters('/dynamicsbackup/jobs');
    expect(params.filter((p) => p.aliasOf !== null).map((p) => [p.name, p.aliasOf])).toEqual([
      ['endTime', 'finishTime'],
    ]);
    // Without the extension there is no alias, whatever the description says.
    const document = structuredClone(loadSpec('dynamics365'));
    const endTime = (document.components.parameters as Record<string, Record<string, unknown>>).endTime!;
    delete endTime['x-alias-of'];
    expect(String(endTime.description)).toMatch(/alias of `finishTime`/);
    const plain = new SpecWalker({ document }).parameters('/dynamicsbackup/jobs');
    expect(plain.every((p) => p.aliasOf === null)).toBe(true);
    expect(plain.length).toBe(params.length);
  });

  it('keeps int64 bounds beyond 2^53 exact', () => {
    const walker = walkSpec('dynamics365');
    const ticks = walker.parameters('/dynamicsbackup/jobs').find((p) => p.name === 'startTime')!;
    expect(ticks.schemaName).toBe('DotNetTicks');
    expect(ticks.facts.maximum).toBe(3155378975999999999n);
    expect(Number.isSafeInteger(walker.schema('DotNetTicks').maximum)).toBe(false);
    // The YAML path gives the same exact integers as the compiled JSON.
    expect(parseSpec(readSpecText('dynamics365'), 'x.yaml').exactIntegers).toEqual({
      '/components/schemas/DotNetTicks/maximum': '3155378975999999999',
    });
  });

  it('reads enums with their names and descriptions, through unions', () => {
    const walker = walkSpec('salesforce');
    const status = walker.enum<number>('SalesforceJobStatus');
    expect(status.values).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(status.nameOf(3)).toBe('FinishedWithException');
    expect(status.descriptions[2]).toBe('Finished with exception');
    expect(status.valueOf('Skipped')).toBe(7);
    const type = walkSpec('dynamics365')
      .parameters('/dynamicsbackup/jobs')
      .find((p) => p.name === 'type')!;
    expect(type.facts.enumValues).toContain(63);
    expect(type.facts.enumValues).toContain(32);
    expect(type.facts.default).toBe(0);
  });

  it('reads operations, scopes and responses', () => {
    const walker = walkSpec('salesforce');
    expect(walker.onlyOperation().path).toBe('/backup/sfbapi/jobs');
    expect(walker.scopes('/backup/sfbapi/jobs')).toEqual(['salesforce.public.read.all']);
    expect([...walker.response('/backup/sfbapi/jobs', 400)!.content.keys()]).toEqual(['application/json']);
    expect(walker.response('/backup/sfbapi/jobs', 404)).toBeUndefined();
    expect([...walker.properties(walker.schema('SalesforceJobsPage')).keys()]).toEqual([
      'totalCount',
      'nextLink',
      'jobs',
    ]);
  });

  it('fails naming the problem', () => {
    const doc = (extra: Record<string, unknown>) =>
      new SpecWalker({ document: { openapi: '3.1.0', paths: {}, components: { schemas: extra } } });
    expect(() => doc({}).schema('Nope')).toThrow(/no schema Nope/);
    expect(() => doc({ A: { $ref: '#/components/schemas/A' } }).schema('A')).toThrow(/circular/);
    expect(() => doc({ A: { $ref: '#/components/schemas/B' } }).schema('A')).toThrow(/unresolvable/);
    expect(() => doc({ E: { enum: [1, 2], 'x-enum-varnames': ['One'] } }).enum('E')).toThrow(
      /one entry per enum value/,
    );
    expect(() => doc({}).operation('/jobs')).toThrow(/no GET \/jobs/);
  });
});
