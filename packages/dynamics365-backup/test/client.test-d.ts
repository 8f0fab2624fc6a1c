// Type tests of the hand-written layer: what the iterators yield, which flag names are accepted, the errors.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type DynamicsApiError,
  type DynamicsBackupClient,
  type DynamicsJob,
  type DynamicsJobsPage,
  type DynamicsJobsQuery,
  fromTicks,
  type GraphApiError,
  type JsonSafe,
  ticksToIso,
  toJsonSafe,
  toTicks,
} from '../src/index.js';

declare const client: DynamicsBackupClient;
const range = { startTime: new Date(), finishTime: 638527680000000000n };

describe('Dynamics client types', () => {
  it('yields DynamicsJob (backupSize bigint) from jobs() and DynamicsJobsPage from pages()', () => {
    expectTypeOf(client.jobs(range)).toEqualTypeOf<AsyncGenerator<DynamicsJob, void, undefined>>();
    expectTypeOf(client.pages(range)).toEqualTypeOf<AsyncGenerator<DynamicsJobsPage, void, undefined>>();
    expectTypeOf<DynamicsJob['backupSize']>().toEqualTypeOf<bigint>();
  });

  it('accepts Date, ISO or bigint times, flag names, lists of names and masks', () => {
    expectTypeOf({ ...range, type: ['Backup', 'Restore'] as const }).toExtend<DynamicsJobsQuery>();
    expectTypeOf({
      ...range,
      type: 'Export' as const,
      status: 'FinishedWithException' as const,
    }).toExtend<DynamicsJobsQuery>();
    expectTypeOf({
      startTime: '2024-01-01',
      finishTime: 2n,
      type: 3 as const,
      status: 4 as const,
    }).toExtend<DynamicsJobsQuery>();
  });

  it('rejects unknown flag names, masks over 63, unknown statuses and number times', () => {
    expectTypeOf({ ...range, type: ['Backup', 'Backupp'] as const }).not.toExtend<DynamicsJobsQuery>();
    expectTypeOf({ ...range, type: ['All'] as const }).not.toExtend<DynamicsJobsQuery>();
    expectTypeOf({ ...range, type: 64 as const }).not.toExtend<DynamicsJobsQuery>();
    expectTypeOf({ ...range, status: 'Paused' as const }).not.toExtend<DynamicsJobsQuery>();
    expectTypeOf({ ...range, status: 1 as const }).not.toExtend<DynamicsJobsQuery>();
    expectTypeOf({ startTime: 638527680000000000, finishTime: 2n }).not.toExtend<DynamicsJobsQuery>();
  });

  it('types the ticks helpers with bigint', () => {
    expectTypeOf(toTicks).parameter(0).toEqualTypeOf<Date | string | bigint>();
    expectTypeOf(toTicks).returns.toEqualTypeOf<bigint>();
    expectTypeOf(fromTicks).returns.toEqualTypeOf<Date>();
    expectTypeOf(ticksToIso).parameter(0).toEqualTypeOf<bigint>();
  });

  it('has typed errors on the shared base', () => {
    expectTypeOf<DynamicsApiError>().toExtend<GraphApiError>();
    expectTypeOf<DynamicsApiError['title']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DynamicsApiError['fields']>().toEqualTypeOf<Readonly<Record<string, readonly string[]>>>();
  });
});

describe('toJsonSafe types', () => {
  it('maps every bigint of a page to string and keeps the rest', () => {
    type SafePage = JsonSafe<DynamicsJobsPage>;
    expectTypeOf<SafePage['result'][number]['backupSize']>().toEqualTypeOf<string>();
    expectTypeOf<SafePage['result'][number]['jobId']>().toEqualTypeOf<string>();
    expectTypeOf<SafePage['totalNumber']>().toEqualTypeOf<number>();
    expectTypeOf(toJsonSafe({} as DynamicsJobsPage)).toEqualTypeOf<SafePage>();
  });
});
