// Every item the vendor pages document is in the specs: each query parameter, each enum value of a query
// parameter, and each response field (for the Dynamics 2025-04 facts page also each required flag and the job's
// integer enums). The pages are parsed from their committed copies (specs/vendor/), so a
// spec that drops or renames something fails here with the item's name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SpecName, type SpecWalker, walkSpec } from '../src/index.js';

const page = (file: string) => readFileSync(new URL(`../vendor/${file}`, import.meta.url), 'utf8');

/** Every property name reachable from the 200 response schema. */
function responseFields(walker: SpecWalker): Set<string> {
  const names = new Set<string>();
  const visit = (schema: unknown, seen: Set<unknown>) => {
    const node = walker.resolve(schema);
    if (seen.has(node)) return;
    seen.add(node);
    for (const [name, child] of walker.properties(node)) {
      names.add(name);
      visit(child, seen);
    }
    if (node.items) visit(node.items, seen);
  };
  const { path } = walker.onlyOperation();
  visit(walker.response(path, 200)?.content.get('application/json'), new Set());
  return names;
}

/** Rows of the markdown table whose header row starts with `firstHeader`. */
function tableRows(markdown: string, firstHeader: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.replace(/\s/g, '').startsWith(`|${firstHeader}|`));
  if (start < 0) throw new Error(`no table starting with ${firstHeader}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** The documented enum values of a parameter's description cell: `**3** for …` or `3 for …`. */
const documentedValues = (cell: string) =>
  [...cell.matchAll(/(?:<li>|\*\*)\s*\**(\d+)\**\s+for\b/g)].map((m) => Number(m[1]));

interface VendorItems {
  /** `required` is set where the page's table states it per parameter (the 2025-04 facts page does). */
  parameters: { name: string; values: number[]; required?: boolean }[];
  fields: string[];
}

function salesforceItems(): VendorItems {
  const md = page('salesforce-backup-jobs.md');
  const parameters = tableRows(md, 'Parameter').map(([name, description]) => ({
    name: name!,
    values: documentedValues(description!),
  }));
  const fields = ['Elements'].flatMap(() => {
    // Three tables start with "Elements": the envelope, the job summary and the job details.
    const out: string[] = [];
    let rest = md;
    for (let i = 0; i < 3; i++) {
      const rows = tableRows(rest, 'Elements');
      out.push(...rows.map(([name]) => name!));
      rest = rest.slice(rest.indexOf(`| ${rows.at(-1)![0]}`) + 1);
    }
    return out;
  });
  return { parameters, fields };
}

function dynamicsItems(): VendorItems {
  const md = page('dynamics365-backup-jobs.md');
  const parameters = tableRows(md, 'Elements').map(([name, description]) => ({
    name: name!,
    values: documentedValues(description!),
  }));
  // The response outline: `name: type` lines inside the "Response Example" code block.
  const outline = md.slice(md.indexOf('## Response Example'), md.indexOf('<!-- ### Responses'));
  const fields = [...outline.matchAll(/^\s+(\w+)\??:\s/gm)].map((m) => m[1]!);
  // The request example names one more parameter: the endTime alias (decision 17).
  const request = md.slice(md.indexOf('## Request Example'), md.indexOf('## Response Example'));
  for (const m of request.matchAll(/^\s+(\w+)\??:\s/gm)) {
    if (!parameters.some((p) => p.name === m[1])) parameters.push({ name: m[1]!, values: [] });
  }
  return { parameters, fields };
}

/** The values of a facts-page cell such as `0 all, 1 backup, 2 restore` or `2 In progress, 3 Finished`. */
const listedValues = (cell: string) => [...cell.matchAll(/(?:^|,)\s*(\d+)\s+\w/g)].map((m) => Number(m[1]));

/** Field names of a facts-page cell: `module`, or `successfulEntity, failedEntity, …`. */
const fieldNames = (cell: string) => cell.split(',').map((name) => name.replace(/`/g, '').trim());

function dynamics2025Items(): VendorItems & { jobEnums: Record<string, number[]> } {
  const md = page('dynamics365-backup-jobs-2025-04.md');
  const query = md.slice(md.indexOf('## Query parameters'));
  const parameters = tableRows(query, 'parameter').map(([name, , required, values]) => ({
    name: name!,
    values: listedValues(values!),
    required: required === 'yes',
  }));
  const response = md.slice(md.indexOf('## Response'));
  const top = tableRows(response, 'field').map(([name]) => name!);
  // The sample's extra top-level fields, which the table does not list (decision 28).
  const sampleExtras = [...response.matchAll(/"(\w+)": \d+`/g)].map((m) => m[1]!);
  const jobRows = tableRows(response.slice(response.indexOf('Job fields')), 'field');
  const jobEnums = Object.fromEntries(
    jobRows
      .filter(([, type]) => type!.startsWith('enum'))
      .map(([name, , notes]) => [name!, listedValues(notes!)]),
  );
  return {
    parameters,
    fields: [...top, ...sampleExtras, ...jobRows.flatMap(([names]) => fieldNames(names!))],
    jobEnums,
  };
}

const dynamics2025 = dynamics2025Items();

const vendor: [SpecName, VendorItems][] = [
  ['salesforce', salesforceItems()],
  ['dynamics365', dynamicsItems()],
  ['dynamics365-2025-04', dynamics2025],
];

const minimumFields: Record<SpecName, number> = {
  salesforce: 29,
  dynamics365: 22,
  'dynamics365-2025-04': 24,
};
const enumCounts: Record<SpecName, Record<string, number>> = {
  salesforce: { type: 23, status: 8, level: 7 },
  dynamics365: { type: 7, status: 4, endTime: 0 },
  'dynamics365-2025-04': { type: 7, status: 4, startTime: 0 },
};

describe.each(vendor)('%s: the spec holds everything the vendor page documents', (api, items) => {
  const walker = walkSpec(api);
  const specParams = new Map(walker.parameters(walker.onlyOperation().path).map((p) => [p.name, p]));
  const fields = responseFields(walker);

  it('the page parse found the documented items', () => {
    expect(items.parameters.length).toBeGreaterThanOrEqual(7);
    expect(items.fields.length).toBeGreaterThanOrEqual(minimumFields[api]);
    // The enum lists were read, not skipped: their sizes as the pages give them.
    const counts = Object.fromEntries(items.parameters.map((p) => [p.name, p.values.length]));
    expect(counts).toMatchObject(enumCounts[api]);
  });

  it.each(items.parameters.map((p) => [p.name, p] as const))('query parameter %s', (name, documented) => {
    const param = specParams.get(name);
    expect(param, `${name} is not a parameter of the spec`).toBeDefined();
    const admitted = param!.facts.enumValues ?? [];
    for (const value of documented.values) {
      expect(admitted, `${name}=${value} is documented but not admitted by the spec`).toContain(value);
    }
    if (documented.required !== undefined) {
      expect(param!.required === true, `${name}: required is ${documented.required} on the page`).toBe(
        documented.required,
      );
    }
  });

  it.each(items.fields.map((f) => [f] as const))('response field %s', (name) => {
    expect(fields.has(name), `${name} is not a property of the 200 response`).toBe(true);
  });
});

describe('dynamics365-2025-04: the jobs carry the documented integer enums', () => {
  const walker = walkSpec('dynamics365-2025-04');
  const job = walker.properties(walker.schema('DynamicsJob'));
  const enums = Object.entries(dynamics2025.jobEnums);

  it('the page parse found the enum fields of a job', () => {
    expect(Object.fromEntries(enums.map(([name, values]) => [name, values.length]))).toEqual({
      type: 7,
      status: 4,
    });
  });

  it.each(enums)('job field %s', (name, values) => {
    const admitted = walker.schemaFacts(job.get(name)).enumValues ?? [];
    // The page's list for a job's type repeats the query's 0 = all; no job has type 0 (decision 28).
    for (const value of values.filter((v) => !(name === 'type' && v === 0))) {
      expect(admitted, `${name}=${value} is documented but not admitted by the spec`).toContain(value);
    }
    expect(admitted.every((v) => typeof v === 'number')).toBe(true);
  });
});
