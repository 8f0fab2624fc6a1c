import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRawQuery } from './raw.js';
import { compileOperationParams } from './spec-params.js';
import { validateQuery } from './validate.js';

const sf = compileOperationParams('salesforce', '/backup/sfbapi/jobs');
const d365 = compileOperationParams('dynamics365', '/dynamicsbackup/jobs');
const SF_RANGE = 'startTime=2024-01-01&finishTime=2024-12-01';
const D_RANGE = 'startTime=637964640000000000&finishTime=637965504000000000';

function run(op: typeof sf, query: string) {
  return validateQuery(op, parseRawQuery(query));
}

describe('parseRawQuery', () => {
  it('keeps pairs in order, decodes + and percent-escapes', () => {
    expect(parseRawQuery('a=1&B=x+y&c=%41&d')).toEqual([
      { name: 'a', value: '1' },
      { name: 'B', value: 'x y' },
      { name: 'c', value: 'A' },
      { name: 'd', value: '' },
    ]);
  });
  it('marks broken percent-encoding as null instead of throwing', () => {
    expect(parseRawQuery('a=%E0%A4%A&%ZZ=1')).toEqual([
      { name: 'a', value: null },
      { name: null, value: '1' },
    ]);
  });
  it('treats __proto__ and constructor as plain names', () => {
    const pairs = parseRawQuery('__proto__=1&constructor=2');
    expect(pairs.map((p) => p.name)).toEqual(['__proto__', 'constructor']);
  });
  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(parseRawQuery(s))));
  });
});

describe('compileOperationParams reads the specs', () => {
  it('finds every Salesforce parameter with its kind and required flag', () => {
    expect(sf.list.map((p) => [p.name, p.kind, p.required])).toEqual([
      ['startTime', 'string', true],
      ['finishTime', 'string', true],
      ['type', 'integer', false],
      ['status', 'integer', false],
      ['level', 'integer', false],
      ['organizationId', 'string', false],
      ['pageIndex', 'integer', false],
      ['pageSize', 'integer', false],
    ]);
  });
  it('reads Dynamics ticks as int64 with exact BigInt bounds and endTime as an alias of finishTime', () => {
    const start = d365.byLowerName.get('starttime')!;
    expect(start.kind).toBe('int64');
    expect(start.max).toBe(3155378975999999999n);
    expect(d365.byLowerName.get('endtime')!.aliasOf).toBe('finishTime');
  });
  it('derives expectations from the schema', () => {
    expect(sf.byLowerName.get('pagesize')!.expectation).toBe('an integer from 1 to 1000');
    expect(d365.byLowerName.get('type')!.expectation).toBe('an integer from 0 to 63');
    expect(d365.byLowerName.get('status')!.expectation).toBe('one of 2, 3, 4, 7');
  });
});

describe.each([
  ['salesforce', sf, SF_RANGE],
  ['dynamics365', d365, D_RANGE],
] as const)('validateQuery (%s)', (_api, op, range) => {
  it('accepts the required range and leaves absent optionals undefined', () => {
    const result = run(op, range);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.params.pageSize).toBeUndefined();
  });

  it('matches names case-insensitively and ignores unknown ones (decision 1)', () => {
    const result = run(op, `${range.replace('startTime', 'STARTTIME')}&PageSize=5&foo=bar&__proto__=x`);
    expect(result).toMatchObject({ ok: true, params: { pageSize: 5 } });
  });

  it.each(['pageSize=1&pageSize=2', 'pageSize=1&PAGESIZE=2'])(
    'rejects a repeat %s naming the parameter',
    (extra) => {
      const result = run(op, `${range}&${extra}`);
      expect(result).toMatchObject({
        ok: false,
        problems: [{ code: 'DuplicateParameter', field: 'pageSize' }],
      });
    },
  );

  it.each(['1e3', '1.0', ' 1', '0x10', '', '+1', '1 ', '10abc', '99999999999999999999999'])(
    'rejects malformed integer text %j',
    (text) => {
      const result = run(op, `${range}&pageSize=${encodeURIComponent(text)}`);
      expect(result).toMatchObject({
        ok: false,
        problems: [{ code: 'InvalidParameter', field: 'pageSize' }],
      });
    },
  );

  it.each(['0', '1001', '-1'])('rejects pageSize %s outside 1..1000 (decisions 8, 18)', (text) => {
    const result = run(op, `${range}&pageSize=${text}`);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ field: 'pageSize', message: 'The value of pageSize must be an integer from 1 to 1000.' }],
    });
  });

  it('reports broken percent-encoding for the parameter it belongs to', () => {
    const result = run(op, `${range}&pageSize=%E0%A4%A`);
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'InvalidParameter', field: 'pageSize' }] });
  });

  it('reports a missing required parameter as MissingParameter', () => {
    const result = run(op, 'finishTime=1');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toContainEqual(
        expect.objectContaining({ code: 'MissingParameter', field: 'startTime' }),
      );
  });

  it('never throws, whatever the query', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('pageSize', 'type', 'startTime', 'x', 'status'), fc.string())),
        (pairs) => {
          const q = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const result = run(op, q);
          return typeof result.ok === 'boolean';
        },
      ),
    );
  });
});

describe('Salesforce specifics', () => {
  it.each([
    ['type=23', 'type'],
    ['status=8', 'status'],
    ['level=7', 'level'],
    ['pageIndex=-1', 'pageIndex'],
    ['organizationId=abc', 'organizationId'],
    ['startTime=2024-13-01', 'startTime'],
  ])('rejects %s', (extra, field) => {
    const result = run(
      sf,
      `${SF_RANGE.replace(/startTime=[^&]*/, extra.startsWith('startTime') ? extra : '$&')}&${extra}`,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
  });
  it('accepts value 0 of type, status and level (decision 14) and pageIndex 0 (decision 7)', () => {
    expect(run(sf, `${SF_RANGE}&type=0&status=0&level=0&pageIndex=0`)).toMatchObject({
      ok: true,
      params: { type: 0, status: 0, level: 0, pageIndex: 0 },
    });
  });
  it('accepts 15- and 18-character organization ids', () => {
    expect(run(sf, `${SF_RANGE}&organizationId=00D5g000004SZJb`).ok).toBe(true);
    expect(run(sf, `${SF_RANGE}&organizationId=00D5g000004SZJbEAO`).ok).toBe(true);
  });
});

describe('Dynamics specifics', () => {
  it('keeps ticks exact as BigInt (decision 16)', () => {
    const result = run(d365, 'startTime=638645575921780695&finishTime=3155378975999999999');
    expect(result).toMatchObject({
      ok: true,
      params: { startTime: 638645575921780695n, finishTime: 3155378975999999999n },
    });
  });
  it.each(['3155378975999999999'.replace(/9$/, '10'), '-1', '1.5', '2024-01-01'])(
    'rejects ticks %s',
    (ticks) => {
      const result = run(d365, `startTime=${ticks}&finishTime=1`);
      expect(result).toMatchObject({ ok: false, problems: [{ field: 'startTime' }] });
    },
  );
  it('accepts endTime alone as the alias of finishTime (decision 17)', () => {
    expect(run(d365, 'startTime=1&endTime=2')).toMatchObject({ ok: true, params: { endTime: 2n } });
  });
  it('rejects finishTime and endTime together (decision 17)', () => {
    expect(run(d365, 'startTime=1&finishTime=2&endTime=3')).toMatchObject({
      ok: false,
      problems: [{ code: 'DuplicateParameter', field: 'endTime' }],
    });
  });
  it.each(['64', '-1'])('rejects type %s outside 0..63 (decision 19)', (type) => {
    expect(run(d365, `${D_RANGE}&type=${type}`)).toMatchObject({ ok: false, problems: [{ field: 'type' }] });
  });
  it.each(['0', '1', '5', '6'])('rejects status %s outside 2, 3, 4, 7 (decision 20)', (status) => {
    expect(run(d365, `${D_RANGE}&status=${status}`)).toMatchObject({
      ok: false,
      problems: [{ field: 'status' }],
    });
  });
  it('rejects a non-GUID organizationId (decision 24) and accepts an upper-case GUID', () => {
    expect(run(d365, `${D_RANGE}&organizationId=nope`).ok).toBe(false);
    expect(run(d365, `${D_RANGE}&organizationId=6F1C2B8E-3D4A-4F5B-9C7D-2E8F1A0B3C4D`).ok).toBe(true);
  });
  it('rejects pageIndex 0 (decision 18)', () => {
    expect(run(d365, `${D_RANGE}&pageIndex=0`)).toMatchObject({
      ok: false,
      problems: [{ field: 'pageIndex' }],
    });
  });
});
