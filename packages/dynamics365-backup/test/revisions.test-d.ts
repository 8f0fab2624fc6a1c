// Type tests: each revision's client yields its own shapes, and a 2025-04 page cannot be read as a 2024-10 one.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createDynamicsBackupClient,
  type DynamicsBackupClient,
  type DynamicsBackupClientV2025_04,
  type DynamicsJob,
  type DynamicsJobOf,
  type DynamicsJobsPage,
  type DynamicsJobsPageOf,
  type DynamicsJobsPageV2025_04,
  type DynamicsJobsQueryV2025_04,
  type DynamicsJobV2025_04,
} from '../src/index.js';
import type { DynamicsJobStatus, DynamicsJobType } from '../src/v2025-04.js';

declare const client: DynamicsBackupClientV2025_04;
const range = { startTime: new Date(), finishTime: '2025-04-13' };

describe('Dynamics client revisions', () => {
  it('picks the client type from the revision', () => {
    expectTypeOf(
      createDynamicsBackupClient({ region: 'uk' }, { revision: '2025-04', token: 't' }),
    ).toEqualTypeOf<DynamicsBackupClientV2025_04>();
    expectTypeOf(
      createDynamicsBackupClient({ region: 'uk' }, { revision: '2024-10', token: 't' }),
    ).toEqualTypeOf<DynamicsBackupClient>();
    // The revision is chosen explicitly: without one there is no client.
    // @ts-expect-error revision is required
    createDynamicsBackupClient({ region: 'uk' }, { token: 't' });
  });

  it('yields 2025-04 jobs and pages from the 2025-04 iterators', () => {
    expectTypeOf(client.jobs(range)).toEqualTypeOf<AsyncGenerator<DynamicsJobV2025_04, void, undefined>>();
    expectTypeOf(client.pages(range)).toEqualTypeOf<
      AsyncGenerator<DynamicsJobsPageV2025_04, void, undefined>
    >();
    expectTypeOf<DynamicsJobOf<'2025-04'>>().toEqualTypeOf<DynamicsJobV2025_04>();
    expectTypeOf<DynamicsJobsPageOf<'2024-10'>>().toEqualTypeOf<DynamicsJobsPage>();
  });

  it('a 2025-04 page cannot be read as a 2024-10 page, nor the other way round', () => {
    expectTypeOf<DynamicsJobsPageV2025_04>().not.toExtend<DynamicsJobsPage>();
    expectTypeOf<DynamicsJobsPage>().not.toExtend<DynamicsJobsPageV2025_04>();
    expectTypeOf<DynamicsJobV2025_04>().not.toExtend<DynamicsJob>();
    expectTypeOf<DynamicsJob>().not.toExtend<DynamicsJobV2025_04>();
  });

  it('types 2025-04 jobs with integer enums, string times and a number backupSize', () => {
    expectTypeOf<DynamicsJobV2025_04['type']>().toEqualTypeOf<DynamicsJobType>();
    expectTypeOf<DynamicsJobV2025_04['type']>().toEqualTypeOf<1 | 2 | 4 | 8 | 16 | 32>();
    expectTypeOf<DynamicsJobV2025_04['status']>().toEqualTypeOf<DynamicsJobStatus>();
    expectTypeOf<DynamicsJobV2025_04['status']>().toEqualTypeOf<2 | 3 | 4 | 7>();
    expectTypeOf<DynamicsJobV2025_04['startTime']>().toEqualTypeOf<string>();
    expectTypeOf<DynamicsJobV2025_04['backupSize']>().toEqualTypeOf<number>();
    expectTypeOf<DynamicsJobsPageV2025_04['nextLink']>().toEqualTypeOf<string>();
    // The 2024-10 job keeps string enums and bigint sizes.
    expectTypeOf<DynamicsJob['type']>().toEqualTypeOf<
      'Backup' | 'Restore' | 'Dryrun' | 'Retention' | 'AuditBackup' | 'Export'
    >();
    expectTypeOf<DynamicsJob['backupSize']>().toEqualTypeOf<bigint>();
  });

  it('takes Date or ISO string times in a 2025-04 query, never ticks', () => {
    expectTypeOf({
      ...range,
      type: ['Backup'] as const,
      status: 'Failed' as const,
    }).toExtend<DynamicsJobsQueryV2025_04>();
    expectTypeOf({
      startTime: 637964640000000000n,
      finishTime: '2025-04-13',
    }).not.toExtend<DynamicsJobsQueryV2025_04>();
    expectTypeOf({ ...range, status: 5 as const }).not.toExtend<DynamicsJobsQueryV2025_04>();
  });
});
