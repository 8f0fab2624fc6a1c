// Type tests: flags, statuses and ticks accept only documented values.
import { describe, expectTypeOf, it } from 'vitest';
import type { DynamicsJob, ListDynamics365BackupJobsData } from '../src/index.js';

type Query = ListDynamics365BackupJobsData['query'];
type Range = { startTime: bigint; finishTime: bigint };

describe('Dynamics 365 query types', () => {
  it('accepts single flags and combinations of flags, 0 to 63', () => {
    expectTypeOf<Range & { type: 0 }>().toExtend<Query>();
    expectTypeOf<Range & { type: 3 }>().toExtend<Query>();
    expectTypeOf<Range & { type: 63 }>().toExtend<Query>();
  });

  it('rejects type values outside the six flags', () => {
    expectTypeOf<Range & { type: 64 }>().not.toExtend<Query>();
    expectTypeOf<Range & { type: -1 }>().not.toExtend<Query>();
    expectTypeOf<Range & { type: number }>().not.toExtend<Query>();
  });

  it('accepts only the documented statuses 2, 3, 4, 7', () => {
    expectTypeOf<Range & { status: 2 }>().toExtend<Query>();
    expectTypeOf<Range & { status: 7 }>().toExtend<Query>();
    expectTypeOf<Range & { status: 1 }>().not.toExtend<Query>();
    expectTypeOf<Range & { status: 5 }>().not.toExtend<Query>();
  });

  it('types ticks as exact BigInts, never as a lossy number', () => {
    expectTypeOf<{ startTime: number; finishTime: number }>().not.toExtend<Query>();
    expectTypeOf<Query['startTime']>().toEqualTypeOf<bigint>();
  });

  it('types response type and status as the documented strings', () => {
    expectTypeOf<DynamicsJob['type']>().toEqualTypeOf<
      'Backup' | 'Restore' | 'Dryrun' | 'Retention' | 'AuditBackup' | 'Export'
    >();
    expectTypeOf<DynamicsJob['status']>().toEqualTypeOf<
      'InProgress' | 'Finished' | 'Failed' | 'FinishedWithException'
    >();
  });
});
