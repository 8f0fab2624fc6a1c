// Type tests of the hand-written layer: what the iterators yield, which names are accepted, the error classes.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createSalesforceBackupClient,
  type GraphApiError,
  type SalesforceApiError,
  type SalesforceBackupClient,
  type SalesforceBackupClientOptions,
  type SalesforceJob,
  type SalesforceJobsPage,
  type SalesforceJobsQuery,
} from '../src/index.js';

declare const client: SalesforceBackupClient;
const range = { startTime: new Date(), finishTime: '2024-12-01' };

describe('Salesforce client types', () => {
  it('yields SalesforceJob from jobs() and SalesforceJobsPage from pages()', () => {
    expectTypeOf(client.jobs(range)).toEqualTypeOf<AsyncGenerator<SalesforceJob, void, undefined>>();
    expectTypeOf(client.pages(range)).toEqualTypeOf<AsyncGenerator<SalesforceJobsPage, void, undefined>>();
    expectTypeOf(client.listJobs(range)).resolves.toEqualTypeOf<SalesforceJobsPage>();
  });

  it('accepts Date or ISO times and enum names or numbers; rejects unknown names and values', () => {
    expectTypeOf({
      ...range,
      status: 'Failed' as const,
      type: 'Backup' as const,
    }).toExtend<SalesforceJobsQuery>();
    expectTypeOf({
      ...range,
      status: 4 as const,
      level: 'Metadata' as const,
    }).toExtend<SalesforceJobsQuery>();
    expectTypeOf({ ...range, status: 'Broken' as const }).not.toExtend<SalesforceJobsQuery>();
    expectTypeOf({ ...range, type: 23 as const }).not.toExtend<SalesforceJobsQuery>();
    expectTypeOf({ startTime: 1, finishTime: 2 }).not.toExtend<SalesforceJobsQuery>();
  });

  it('takes exactly one way to authenticate', () => {
    expectTypeOf(createSalesforceBackupClient).toBeCallableWith({ region: 'us' }, { token: 't' });
    expectTypeOf(createSalesforceBackupClient).toBeCallableWith(
      { baseUrl: 'http://127.0.0.1:4010' },
      { credentials: { clientId: 'a', clientSecret: 'b', tokenUrl: 'http://127.0.0.1:4010/connect/token' } },
    );
    // A token and credentials together, or a secret and a certificate together, are ambiguous.
    expectTypeOf<{
      token: 't';
      credentials: { clientId: 'a'; clientSecret: 'b' };
    }>().not.toExtend<SalesforceBackupClientOptions>();
    expectTypeOf<{
      credentials: { clientId: 'a'; clientSecret: 'b'; certificatePem: 'c'; privateKeyPem: 'd' };
    }>().not.toExtend<SalesforceBackupClientOptions>();
    expectTypeOf<{ clientId: 'a' }>().not.toExtend<SalesforceBackupClientOptions>();
    // @ts-expect-error 'xx' is not a documented region
    createSalesforceBackupClient({ region: 'xx' }, { token: 't' });
  });

  it('has typed errors on the shared base', () => {
    expectTypeOf<SalesforceApiError>().toExtend<GraphApiError>();
    expectTypeOf<SalesforceApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<SalesforceApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SalesforceApiError['fields']>().toEqualTypeOf<Readonly<Record<string, readonly string[]>>>();
  });
});
