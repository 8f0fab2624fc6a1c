// Every tier names a source that exists: settled readings are rows of decisions/0001, own choices are listed in
// decisions/0007 (and their note exists), schema keywords tagged as own choices are still in the spec, and the
// README's check table shows each check's tier. So a renamed reading, note or schema cannot leave a stale tag.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '@jobwatch/specs';
import { describe, expect, it } from 'vitest';
import { apiDescriptions, dynamicsDescriptions } from '../src/apis/index.js';
import type { ApiDescription } from '../src/apis/types.js';
import { allChecks } from '../src/checks/index.js';
import { DECISION_NOTES, OWN_CHOICES, type Provenance, TIERS } from '../src/checks/provenance.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const readings = new Set(
  [...readFileSync(root('decisions/0001-vendor-page-readings.md'), 'utf8').matchAll(/^\| (\d+) +\|/gm)].map(
    (m) => Number(m[1]),
  ),
);
const contractNote = readFileSync(root(DECISION_NOTES.contract), 'utf8');

/** Every rule an API description carries besides the checks' own. */
function descriptionRules(api: ApiDescription): [string, Provenance][] {
  const rules: [string, Provenance | undefined][] = [
    ...api.errors.cases.map(
      (c) => [`error case "${c.description}"`, c.rule] as [string, Provenance | undefined],
    ),
    ['errors', api.errors.rule],
    ['organization spellings', api.organization.variantRule],
    ['requestId = header', api.envelope.requestIdMatchesHeader],
    ...[...api.envelope.success, ...api.envelope.error].flatMap(
      (f) =>
        [
          [`envelope ${f.path.join('.')}`, f.rule],
          [`envelope ${f.path.join('.')} shape`, f.patternRule],
        ] as [string, Provenance | undefined][],
    ),
    ...api.schemaRules.map((r) => [`schema ${r.schema}/${r.keyword}`, r.rule] as [string, Provenance]),
  ];
  return rules.filter((r): r is [string, Provenance] => r[1] !== undefined);
}

/** Every description the suite judges with: each API, and each Dynamics revision. */
const descriptions = [apiDescriptions.salesforce, ...Object.values(dynamicsDescriptions)];

const allRules: [string, Provenance][] = [
  ...allChecks.map((c) => [c.id, c.rule] as [string, Provenance]),
  ...descriptions.flatMap((api) =>
    descriptionRules(api).map(([what, rule]) => [`${api.spec}: ${what}`, rule] as [string, Provenance]),
  ),
  ...Object.entries(OWN_CHOICES),
];

describe('every rule names a source that exists', () => {
  it('each check has a rule with a tier and a source', () => {
    expect(allChecks.length).toBeGreaterThan(20);
    for (const c of allChecks) {
      expect(TIERS, c.id).toContain(c.rule.tier);
      expect(c.rule.source.length, c.id).toBeGreaterThan(10);
    }
  });

  it('settled rules name readings of decisions/0001', () => {
    const settled = allRules.filter(([, r]) => r.tier === 'settled');
    expect(settled.length).toBeGreaterThan(10);
    for (const [what, rule] of settled) {
      const m = /^readings? ([\d, ]+) \(decisions\/0001\): \S/.exec(rule.source);
      expect(m, `${what}: ${rule.source}`).not.toBeNull();
      for (const n of (m?.[1] ?? '').split(', ').map(Number))
        expect(readings, `${what}: reading ${n}`).toContain(n);
    }
  });

  it('assumed rules are the own choices listed in decisions/0007, each in a note that exists', () => {
    const assumed = allRules.filter(([, r]) => r.tier === 'assumed');
    expect(assumed.length).toBeGreaterThan(0);
    for (const [what, rule] of assumed) {
      const note = Object.values(DECISION_NOTES).find((n) => rule.source.startsWith(`${n}: `));
      expect(note, `${what}: ${rule.source}`).toBeDefined();
      expect(existsSync(root(note ?? '')), note).toBe(true);
      expect(Object.values(OWN_CHOICES), what).toContainEqual(rule);
    }
    // The note's table lists exactly the choices the suite enforces.
    const listed = [...contractNote.matchAll(/^\| ([a-zA-Z].*?) +\| (0002|this note) +\|$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(listed).toEqual(
      Object.values(OWN_CHOICES).map((c) => {
        const [file = ''] = c.source.split(': ');
        return [c.source.slice(file.length + 2), file === DECISION_NOTES.ownChoices ? '0002' : 'this note'];
      }),
    );
    expect(listed.length).toBe(Object.keys(OWN_CHOICES).length);
  });

  it('schema keywords tagged as own choices are still in the spec', () => {
    const tagged = descriptions.flatMap((api) => api.schemaRules.map((r) => ({ api, r })));
    expect(new Set(tagged.map((t) => t.api.spec)).size).toBe(descriptions.length);
    expect(tagged.length).toBeGreaterThan(0);
    for (const { api, r } of tagged) {
      const schema = loadSpec(api.spec).components.schemas[r.schema] as Record<string, unknown> | undefined;
      const keyword = schema?.[r.keyword];
      expect(keyword, `${api.spec} ${r.schema}/${r.keyword}`).toBeDefined();
      if (r.property !== undefined) expect(keyword).toContain(r.property);
    }
  });

  it("the README's check table shows each check's tier", () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `([a-z.-]+)`(?: \/ `([a-z.-]+)`)? +\| (\w+)/gm)].flatMap((m) =>
        [m[1], m[2]].filter(Boolean).map((id) => [id as string, m[3]] as const),
      ),
    );
    for (const c of allChecks) expect(rows.get(c.id), c.id).toBe(c.rule.tier);
  });
});
