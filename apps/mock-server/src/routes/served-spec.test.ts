import { apiNames, loadSpec } from '@jobwatch/specs';
import { describe, expect, it } from 'vitest';
import { enumNamesLine, specForOrigin } from './served-spec.js';

const ORIGIN = 'http://127.0.0.1:45123';
type Doc = {
  servers: { url: string }[];
  components: {
    securitySchemes: Record<string, { flows: Record<string, { tokenUrl: string }> }>;
    parameters: Record<string, { description?: string }>;
    schemas: Record<string, { description?: string }>;
  };
};

describe('specForOrigin', () => {
  it.each(apiNames)(
    'names this server first (relative, then where it listens) with its own token URL in the %s spec, the rest as written',
    (api) => {
      const original = structuredClone(loadSpec(api)) as unknown as Doc;
      const served = specForOrigin(loadSpec(api), ORIGIN) as unknown as Doc;
      expect(served.servers.slice(0, 2).map((s) => s.url)).toEqual(['/', ORIGIN]);
      // The spec's own loopback server names another port; every other server stays, in order.
      expect(original.servers.map((s) => s.url)).toContain('http://127.0.0.1:4010');
      expect(served.servers.slice(2)).toEqual(
        original.servers.filter((s) => !s.url.startsWith('http://127.0.0.1')),
      );
      const flows = Object.values(served.components.securitySchemes).flatMap((s) => Object.values(s.flows));
      expect(flows.length).toBeGreaterThan(0);
      // Relative: resolved against the document's URL, so at whatever origin the caller reached this server.
      for (const flow of flows) expect(flow.tokenUrl).toBe('/connect/token');
      // The parsed spec that every other part of the mock reads is untouched.
      expect(loadSpec(api)).toEqual(original);
    },
  );

  it('without an origin (a server that never listens) names itself only relatively', () => {
    const served = specForOrigin(loadSpec('salesforce'), undefined) as unknown as Doc;
    const original = loadSpec('salesforce') as unknown as Doc;
    expect(served.servers.map((s) => s.url)).toEqual([
      '/',
      ...original.servers.map((s) => s.url).filter((url) => !url.startsWith('http://127.0.0.1')),
    ]);
  });

  it('puts the enum names into the descriptions of the enum schemas and of the parameters using them', () => {
    const served = specForOrigin(loadSpec('salesforce'), ORIGIN) as unknown as Doc;
    const status = served.components.parameters.status!.description!;
    expect(status).toMatch(/^The job status to get/);
    expect(status).toContain(
      'Values: `0` All, `1` InProgress, `2` Finished, `3` FinishedWithException, `4` Failed, `5` Paused',
    );
    expect(served.components.schemas.SalesforceJobStatus!.description).toContain('`4` Failed');
    expect(served.components.schemas.SalesforceJobStatus!.description).not.toContain('`0` All');
    expect(served.components.parameters.type!.description).toContain(
      '`1` Backup, `2` OnDemandBackup, `3` Restore',
    );
    // A label that says more than the name is kept beside it.
    expect(served.components.parameters.level!.description).toContain('`6` NotApplicable (N/A).');
  });

  it('gives a parameter whose schema is an anyOf of enums the names of each branch (Dynamics 2025-04 type)', () => {
    const served = specForOrigin(loadSpec('dynamics365-2025-04'), ORIGIN) as unknown as Doc;
    const type = served.components.parameters.type!.description!;
    expect(type).toMatch(/^The job types to get/);
    expect(type).toContain('`1` Backup');
    expect(type).toContain('`32` Export');
  });

  it('writes a names line only for an enum whose names match its values one to one', () => {
    expect(enumNamesLine({ enum: [2, 4], 'x-enum-varnames': ['Finished', 'Failed'] })).toBe(
      'Values: `2` Finished, `4` Failed.',
    );
    expect(enumNamesLine({ enum: [2, 4], 'x-enum-varnames': ['Finished'] })).toBeUndefined();
    expect(enumNamesLine({ enum: ['Backup'] })).toBeUndefined();
    expect(enumNamesLine({ type: 'string' })).toBeUndefined();
  });
});
