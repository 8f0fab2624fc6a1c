import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { allocateColumns, concatColumns, type JobColumns, viewColumns } from './columns.js';
import { FilterIndex, type IndexFilter, type IndexPage, indexBuffers } from './filter-index.js';

interface Shape {
  typeCount: number;
  statusCount: number;
  /** 0 = the API has no levels (the level column is then 0, and filters give level -1). */
  levelCount: number;
  orgCount: number;
}

/** Draws a skewed index in [0, count): small values are common, so some cells are full and others empty. */
function skewed(rng: Rng, count: number): number {
  return Math.min(count - 1, Math.floor(count * rng.next() ** 2));
}

/** Random columns in the API's order: startMs descending, with ties. */
function randomColumns(rng: Rng, size: number, shape: Shape): JobColumns {
  const cols = allocateColumns(size);
  let ms = 1_000_000;
  for (let p = 0; p < size; p++) {
    if (rng.next() < 0.7) ms -= rng.int(1, 5);
    cols.startMs[p] = ms;
    cols.type[p] = skewed(rng, shape.typeCount);
    cols.status[p] = rng.int(0, shape.statusCount - 1);
    cols.level[p] = shape.levelCount > 0 ? skewed(rng, shape.levelCount) : 0;
    cols.org[p] = skewed(rng, shape.orgCount);
  }
  return cols;
}

/** The positions in [lo, hi) that match, by looking at every job. */
function bruteForce(cols: JobColumns, f: IndexFilter, lo: number, hi: number, shape: Shape): number[] {
  const out: number[] = [];
  for (let p = Math.max(0, lo); p < Math.min(cols.size, hi); p++) {
    if (f.types !== null && !f.types.includes(cols.type[p]!)) continue;
    if (f.status >= 0 && cols.status[p] !== f.status) continue;
    if (shape.levelCount > 0 && f.level >= 0 && cols.level[p] !== f.level) continue;
    if (f.org >= 0 && cols.org[p] !== f.org) continue;
    out.push(p);
  }
  return out;
}

/** The matches of a filter over all the jobs, its time range applied: what `index.query` must answer. */
function bruteForceQuery(cols: JobColumns, f: IndexFilter, shape: Shape): number[] {
  return bruteForce(cols, f, 0, cols.size, shape).filter(
    (p) => cols.startMs[p]! >= f.fromMs && cols.startMs[p]! <= f.toMs,
  );
}

/** The index of a shape's columns (`every`: the spacing of the code checkpoints; default, the index's own). */
function indexOf(cols: JobColumns, shape: Shape, every?: number): FilterIndex {
  return FilterIndex.build(cols, shape.typeCount, shape.statusCount, shape.levelCount, shape.orgCount, every);
}

function pageOf(page: IndexPage): number[] {
  const out: number[] = [];
  for (let i = 0; i < page.count; i++) out.push(page.positions[page.start + i]!);
  return out;
}

function randomFilter(rng: Rng, cols: JobColumns, shape: Shape, withOrg: boolean): IndexFilter {
  let types: number[] | null = null;
  if (rng.next() < 0.6) {
    types = [];
    const k = rng.int(0, 5);
    for (let i = 0; i < k; i++) {
      const r = rng.next();
      if (r < 0.1) types.push(-1 - rng.int(0, 2));
      else if (r < 0.2) types.push(shape.typeCount + rng.int(0, 3));
      else if (r < 0.35 && types.length > 0) types.push(types[rng.int(0, types.length - 1)]!);
      else types.push(skewed(rng, shape.typeCount));
    }
  }
  const status = rng.next() < 0.5 ? -1 : rng.int(0, shape.statusCount - 1);
  const level = shape.levelCount === 0 || rng.next() < 0.5 ? -1 : skewed(rng, shape.levelCount);
  // An org filter now and then names an org past the table (no jobs).
  const org = withOrg ? (rng.next() < 0.05 ? shape.orgCount : skewed(rng, shape.orgCount)) : -1;
  // Time bounds around the data, often inside it, sometimes inverted or outside.
  const first = cols.size > 0 ? cols.startMs[cols.size - 1]! : 0;
  const last = cols.size > 0 ? cols.startMs[0]! : 0;
  const at = () => rng.int(first - 20, last + 20);
  let fromMs = rng.next() < 0.2 ? Number.NEGATIVE_INFINITY : at();
  let toMs = rng.next() < 0.2 ? Number.POSITIVE_INFINITY : at();
  if (fromMs > toMs && rng.next() < 0.9) [fromMs, toMs] = [toMs, fromMs];
  return { fromMs, toMs, types, status, level, org };
}

const shapes: Shape[] = [
  { typeCount: 23, statusCount: 5, levelCount: 6, orgCount: 6 }, // like Salesforce
  { typeCount: 6, statusCount: 5, levelCount: 0, orgCount: 4 }, // like Dynamics
  { typeCount: 1, statusCount: 1, levelCount: 0, orgCount: 1 },
  { typeCount: 3, statusCount: 2, levelCount: 2, orgCount: 9 },
  { typeCount: 60, statusCount: 3, levelCount: 6, orgCount: 3 }, // (type, level) codes above a byte
];

/** Checks the first page of `count` random filters against the brute force; returns how many found jobs. */
function firstPagesMatching(
  index: FilterIndex,
  rng: Rng,
  cols: JobColumns,
  shape: Shape,
  count: number,
): number {
  let nonEmpty = 0;
  for (let q = 0; q < count; q++) {
    const f = randomFilter(rng, cols, shape, q % 2 === 0);
    const expected = bruteForceQuery(cols, f, shape);
    const page = index.query(f, 0, 10);
    expect(page.total).toBe(expected.length);
    expect(pageOf(page)).toEqual(expected.slice(0, 10));
    if (expected.length > 0) nonEmpty++;
  }
  return nonEmpty;
}

describe('FilterIndex against a brute-force filter', () => {
  it.each(shapes)('answers random filters, ranges and pages exactly (%o)', (shape) => {
    const rng = new Rng(42, shape.typeCount * 1000 + shape.levelCount * 10 + shape.orgCount, 7);
    let nonEmptyOrgPages = 0;
    const nonEmptyOrgTotals = new Map<string, number>();
    for (let round = 0; round < 40; round++) {
      const size = round === 0 ? 0 : rng.int(1, round % 4 === 0 ? 3000 : 400);
      const cols = randomColumns(rng, size, shape);
      // Checkpoints of the codes: the default spacing (above most of these lists) and small ones.
      const every = [undefined, 2, 4, 8, 32, 100][round % 6];
      const index = indexOf(cols, shape, every);
      for (let q = 0; q < 60; q++) {
        const f = randomFilter(rng, cols, shape, q % 3 !== 0);
        const expected = bruteForceQuery(cols, f, shape);
        const offset = rng.next() < 0.3 ? 0 : rng.int(0, expected.length + 3);
        const limit = rng.next() < 0.1 ? 0 : rng.int(1, 25);
        const page = index.query(f, offset, limit);
        expect(page.total).toBe(expected.length);
        expect(pageOf(page)).toEqual(expected.slice(offset, offset + limit));
        // A range of positions given directly.
        const lo = rng.int(0, cols.size);
        const hi = rng.int(lo - 2, cols.size + 2);
        const inRange = bruteForce(cols, f, lo, hi, shape);
        const rangePage = index.queryRange(f, lo, hi, offset, limit);
        expect(rangePage.total).toBe(inRange.length);
        expect(pageOf(rangePage)).toEqual(inRange.slice(offset, offset + limit));
        if (f.org >= 0 && expected.length > 0) {
          const kind = `${f.types === null ? '' : 'type'}|${f.status < 0 ? '' : 'status'}|${f.level < 0 ? '' : 'level'}`;
          nonEmptyOrgTotals.set(kind, (nonEmptyOrgTotals.get(kind) ?? 0) + 1);
          if (page.count > 0) nonEmptyOrgPages++;
        }
      }
    }
    // The cases are not vacuous: org filters, alone and with each other filter, found jobs and showed pages.
    expect(nonEmptyOrgPages).toBeGreaterThan(50);
    const kinds = ['||', 'type||', '|status|', 'type|status|'];
    if (shape.levelCount > 0) kinds.push('||level', 'type||level', '|status|level', 'type|status|level');
    for (const kind of kinds) expect(nonEmptyOrgTotals.get(kind) ?? 0, kind).toBeGreaterThan(3);
  });

  it('keeps answering after rebind to a copy of the same jobs that grew at the head', () => {
    const shape = shapes[0]!;
    const rng = new Rng(42, 1, 8);
    const cols = randomColumns(rng, 300, shape);
    const index = indexOf(cols, shape);
    const head = randomColumns(rng, 40, shape);
    for (let p = 0; p < head.size; p++) head.startMs[p] = cols.startMs[0]! + 100 - p;
    const grown = concatColumns(head, cols);
    index.rebind(viewColumns(grown, head.size, grown.size));
    expect(() => index.rebind(head)).toThrow();
    expect(firstPagesMatching(index, rng, cols, shape, 300)).toBeGreaterThan(100);
  });

  it('answers the same from its state moved to another thread (structured clone, buffers transferred)', () => {
    for (const shape of shapes) {
      const rng = new Rng(42, 3, shape.levelCount);
      const cols = randomColumns(rng, 2000, shape);
      const state = indexOf(cols, shape, 64).state;
      const buffers = indexBuffers(state);
      const moved = new FilterIndex(cols, structuredClone(state, { transfer: buffers }));
      // Transferred, not copied: the sender's arrays are detached.
      expect(state.positions.length).toBe(0);
      expect(() => new FilterIndex(randomColumns(rng, 10, shape), structuredClone(moved.state))).toThrow(
        /other jobs/,
      );
      expect(firstPagesMatching(moved, rng, cols, shape, 200)).toBeGreaterThan(50);
    }
  });

  it('counts every list, code array and checkpoint in byteLength', () => {
    const shape = shapes[0]!;
    const n = 500;
    const cols = randomColumns(new Rng(42, 2, 9), n, shape);
    const every = 64;
    const index = indexOf(cols, shape, every);
    // Per job: 8 combination lists, the org list and the org-status list (Int32), a byte of code beside each org list.
    const perJob = n * (8 * 4 + 4 + 4 + 2);
    // Code checkpoints of both org list families: counts (Uint32) of each (type, level) code every 64 entries.
    const checkpoints = 2 * (Math.floor(n / every) + 1) * shape.typeCount * shape.levelCount * 4;
    // Offsets of the org lists and the org-status lists (Int32); the list id of each cell of (type | ALL) x
    // (status | ALL) x (level | ALL), and the offsets of the lists, fewer than the cells (Int32).
    const orgOffsets = (shape.orgCount + 1 + shape.orgCount * shape.statusCount + 1) * 4;
    const cells = (shape.typeCount + 1) * (shape.statusCount + 1) * (shape.levelCount + 1);
    const known = perJob + checkpoints + orgOffsets + cells * 4;
    expect(index.byteLength).toBeGreaterThanOrEqual(known);
    expect(index.byteLength).toBeLessThanOrEqual(known + (cells + 1) * 4);
  });
});
