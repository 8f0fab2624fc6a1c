// Type tests: the generated query type accepts the documented enum values and rejects every other one.
import { describe, expectTypeOf, it } from 'vitest';
import type { ListSalesforceBackupJobsData, SalesforceJob } from '../src/index.js';

type Query = ListSalesforceBackupJobsData['query'];

describe('Salesforce query types', () => {
  it('accepts documented values', () => {
    expectTypeOf<{
      startTime: string;
      finishTime: string;
      type: 22;
      status: 7;
      level: 6;
    }>().toExtend<Query>();
    expectTypeOf<{ startTime: string; finishTime: string; type: 0; status: 0; level: 0 }>().toExtend<Query>();
  });

  it('rejects values outside each documented enum', () => {
    expectTypeOf<{ startTime: string; finishTime: string; type: 23 }>().not.toExtend<Query>();
    expectTypeOf<{ startTime: string; finishTime: string; status: 8 }>().not.toExtend<Query>();
    expectTypeOf<{ startTime: string; finishTime: string; level: 7 }>().not.toExtend<Query>();
    expectTypeOf<{ startTime: string; finishTime: string; type: number }>().not.toExtend<Query>();
  });

  it('requires the time range', () => {
    expectTypeOf<{ finishTime: string }>().not.toExtend<Query>();
    expectTypeOf<{ startTime: string }>().not.toExtend<Query>();
  });

  it('types a job as the field table says: status (not state), nullable finishTime, no type 0', () => {
    expectTypeOf<SalesforceJob['finishTime']>().toEqualTypeOf<string | null>();
    expectTypeOf<SalesforceJob>().not.toHaveProperty('state');
    expectTypeOf<0>().not.toExtend<SalesforceJob['type']>();
  });
});
