import { createDataset, generateDatasetColumns } from '@jobwatch/jobs-engine';
import { describe, expect, it } from 'vitest';
import { startDatasetWorker } from '../../src/plugins/datasets.js';

// The worker runs the built file (dist/plugins/dataset-worker.js): the e2e suite builds first.
describe('the parallel dataset build', () => {
  it('hands over the columns the engine would generate here, which the engine takes', () => {
    const options = { seed: 7, jobs: 20_000, orgs: undefined };
    const clock = { startMs: Date.parse('2025-06-01T00:00:00Z') };
    const parallel = startDatasetWorker(options, clock, undefined);
    expect(parallel, 'no built worker: run the build first').not.toBeNull();
    const built = parallel!.take();
    parallel!.stop();
    expect(built).not.toBeNull();
    const here = generateDatasetColumns('dynamics365', { ...options, now: new Date(clock.startMs) });
    expect(built!.identity).toBe(here.identity);
    expect(built!.columns).toEqual(here.columns);
    // The filter index comes with them, built in the worker.
    expect(built!.index).toEqual(here.index);
    let asked = 0;
    const dataset = createDataset('dynamics365', {
      seed: 7,
      jobs: 20_000,
      now: new Date(clock.startMs),
      prebuilt: () => {
        asked++;
        return built;
      },
    });
    expect(asked).toBe(1);
    const reference = createDataset('dynamics365', { seed: 7, jobs: 20_000, now: new Date(clock.startMs) });
    for (const p of [0, 1, 500, 19_000]) expect(dataset.jobJson(p)).toBe(reference.jobJson(p));
    const byOrg = (ds: typeof dataset) => {
      const query = {
        fromMs: Number.NEGATIVE_INFINITY,
        toMs: Number.POSITIVE_INFINITY,
        types: [1],
        status: null,
        level: null,
        organizationId: ds.organizations[3]!.id,
        offset: 5,
        limit: 10,
      };
      return ds.query(query);
    };
    expect(byOrg(reference).total).toBeGreaterThan(15);
    expect(byOrg(dataset)).toEqual(byOrg(reference));
  });
});
