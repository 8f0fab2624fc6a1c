// The types of each revision by its name, so that code generic over the revision (a CLI, a report) can write
// `DynamicsJobOf<R>` instead of picking names by hand.
import type { DynamicsJobsPageV2025_04, DynamicsJobV2025_04 } from './client-2025-04.js';
import type { DynamicsJob, DynamicsJobsPage } from './gen/client/index.js';
import type { DynamicsJobsQuery, DynamicsJobsQueryV2025_04 } from './query.js';

interface Revisions {
  '2024-10': { job: DynamicsJob; page: DynamicsJobsPage; query: DynamicsJobsQuery };
  '2025-04': { job: DynamicsJobV2025_04; page: DynamicsJobsPageV2025_04; query: DynamicsJobsQueryV2025_04 };
}

/** A job as revision R renders it. */
export type DynamicsJobOf<R extends keyof Revisions> = Revisions[R]['job'];
/** A page as revision R renders it. */
export type DynamicsJobsPageOf<R extends keyof Revisions> = Revisions[R]['page'];
/** The friendly query of revision R. */
export type DynamicsJobsQueryOf<R extends keyof Revisions> = Revisions[R]['query'];
