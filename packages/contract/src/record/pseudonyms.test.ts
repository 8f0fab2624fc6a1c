import { salesforceIdChecksum } from '@jobwatch/jobs-engine';
import { describe, expect, it } from 'vitest';
import { Pseudonyms } from './pseudonyms.js';

const REAL = ['00D5g000004SZJbEAO', '00D5g000004SZJcEAO', '00Dxx0000001gPLEAY'];

describe('pseudonyms', () => {
  it('Salesforce ids: well-formed 00D ids with a correct checksum; the 15-character form maps to the same id', () => {
    const p = new Pseudonyms();
    const fakes = REAL.map((id) => p.organizationId('salesforce', id));
    expect(new Set(fakes).size).toBe(REAL.length);
    for (const [i, fake] of fakes.entries()) {
      expect(fake).toMatch(/^00D[A-Za-z0-9]{15}$/);
      expect(fake).not.toBe(REAL[i]);
      expect(fake.slice(15)).toBe(salesforceIdChecksum(fake.slice(0, 15)));
      // Same input, same output; the short form is the fake's short form.
      expect(p.organizationId('salesforce', REAL[i] as string)).toBe(fake);
      expect(p.organizationId('salesforce', (REAL[i] as string).slice(0, 15))).toBe(fake.slice(0, 15));
    }
  });

  it('GUIDs: version-4 GUIDs, the same whatever the case of the input (and in its case)', () => {
    const p = new Pseudonyms();
    const id = '6f1c2b8e-3d4a-4f5b-9c7d-2e8f1a0b3c4d';
    const fake = p.organizationId('guid', id);
    expect(fake).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fake).not.toBe(id);
    expect(p.organizationId('guid', id.toUpperCase())).toBe(fake.toUpperCase());
  });

  it('files do not share pseudonyms (a random key per file)', () => {
    expect(new Pseudonyms().organizationId('guid', REAL[0] as string)).not.toBe(
      new Pseudonyms().organizationId('guid', REAL[0] as string),
    );
  });

  it('names become fake names, one per real name', () => {
    const p = new Pseudonyms();
    expect([
      p.organizationName('uatorg123'),
      p.organizationName('contosoprod'),
      p.organizationName('uatorg123'),
    ]).toEqual(['alder1', 'birch1', 'alder1']);
  });

  it('job ids: the documented shape is kept; embedded tenant values are replaced; other shapes keep their classes', () => {
    const p = new Pseudonyms();
    const org = REAL[0] as string;
    const tenant = new Map([[org, p.organizationId('salesforce', org)]]);
    expect(p.jobId('AI20241015105312327583', tenant)).toBe('AI20241015105312327583');
    expect(p.jobId('DCIB2022081903124382222110', tenant)).toBe('DCIB2022081903124382222110');
    expect(p.jobId(`${org}-AI20241015105312327583`, tenant)).toBe(
      `${tenant.get(org)}-AI20241015105312327583`,
    );
    const odd = p.jobId('job:Contoso-42', tenant);
    expect(odd).toMatch(/^[a-z]{3}-[A-Z][a-z]{6}-\d{2}$/);
    expect(odd).not.toContain('Contoso');
    expect(p.jobId('job:Contoso-42', tenant)).toBe(odd);
    expect(p.remappedJobIds).toBe(2);
  });
});
