// The generic raw-query generator and the oracle that judges one response, parameterised by an ApiCase
// (src/apis.ts holds every per-API difference). Used by the fuzz suite and the determinism suite.
import fc from 'fast-check';
import { type ApiCase, brokenEncoding, encodeValue, jobTicks } from '../../src/apis.js';
import type { RawResponse } from '../../src/http.js';
import { json } from '../../src/http.js';

/** The mock's documented URL limit (apps/mock-server limits: MAX_URL_LENGTH; verified in limits.test.ts). */
export const URL_LIMIT = 8192;

export interface GenQuery {
  /** Path and query, exactly as sent. */
  target: string;
  /** Canonical names of the parameters this query makes invalid (bad value, repeat, missing, broken encoding). */
  corrupted: ReadonlySet<string>;
  /** Decoded valid values by canonical name (only for parameters given once with a valid value). */
  values: ReadonlyMap<string, string>;
}

type Mode = 'valid' | 'absent' | 'invalid' | 'broken' | 'repeat' | 'bare';
const CORRUPT_MODES: readonly Mode[] = ['invalid', 'invalid', 'invalid', 'broken', 'repeat', 'bare'];

/** Spellings of a parameter name that the server must treat as the same name. */
function spelling(name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(name) },
    { weight: 1, arbitrary: fc.constant(name.toLowerCase()) },
    { weight: 1, arbitrary: fc.constant(name.toUpperCase()) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
        .map((mask) => [...name].map((ch, i) => (mask[i] ? ch.toUpperCase() : ch.toLowerCase())).join('')),
    },
    {
      // One character percent-encoded: decodes to the same name.
      weight: 1,
      arbitrary: fc
        .nat(name.length - 1)
        .map(
          (i) => `${name.slice(0, i)}%${name.charCodeAt(i).toString(16).toUpperCase()}${name.slice(i + 1)}`,
        ),
    },
  );
}

const NOISE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'prototype',
  '__defineGetter__',
  '__proto__[pageSize]',
  'constructor.prototype',
  'pageSize[]',
  'page_size',
  'pageSize2',
  'start+Time',
  'startTime%00',
  '%zz',
  '%E0%A4%A',
  '%',
  '',
  '%C3%BC',
  '%E6%97%A5%E6%9C%AC',
  'a.b',
  'x'.repeat(300),
  '$filter',
  'api-version',
];

/** Unknown parameters (ignored by the server), with any value, also broken ones. */
function noise(specNames: ReadonlySet<string>): fc.Arbitrary<string> {
  const name = fc
    .oneof(
      fc.constantFrom(...NOISE_NAMES),
      fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => encodeValue(s, 0)),
    )
    .filter((wire) => {
      try {
        return !specNames.has(decodeURIComponent(wire.replace(/\+/g, ' ')).toLowerCase());
      } catch {
        return true; // undecodable names are ignored by the server
      }
    });
  const value = fc.oneof(
    fc.string({ maxLength: 20 }).map((s) => encodeValue(s, 0)),
    brokenEncoding,
    fc.constantFrom('__proto__', 'constructor', '1', ''),
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) },
    { weight: 1, arbitrary: name },
    { weight: 1, arbitrary: fc.constantFrom('', '=', '==', '=x', '&') },
  );
}

/** Odd spellings of the path (routing is case-insensitive). */
function pathSpelling(path: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(path) },
    { weight: 1, arbitrary: fc.constant(path.toUpperCase()) },
  );
}

/** A raw query for one API: valid, with one parameter corrupted, or with several. */
export function queryArbitrary(c: ApiCase, orgs: readonly string[]): fc.Arbitrary<GenQuery> {
  const names = c.params.map((p) => p.name);
  const specNames = new Set(names.map((n) => n.toLowerCase()));
  const aliasOf = new Map(
    c.params.filter((p) => p.aliasOf !== null).map((p) => [p.name, p.aliasOf as string]),
  );
  const aliasTargets = new Set(aliasOf.values());
  const optional = names.filter((n) => !c.params.find((p) => p.name === n)?.required && !aliasOf.has(n));

  // Which parameters are corrupted, and how: level 0 none, level 1 exactly one, level 2 each with p = 0.3.
  const modes = fc.oneof(
    { weight: 5, arbitrary: fc.constant(new Map<string, Mode>()) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...names), fc.constantFrom(...CORRUPT_MODES, 'absent' as Mode))
        .map(([n, m]) => new Map<string, Mode>([[n, m]])),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...CORRUPT_MODES, 'absent' as Mode)), {
          maxLength: 4,
        })
        .map((pairs) => new Map<string, Mode>(pairs)),
    },
  );

  const perParam = fc.record(
    Object.fromEntries(
      names.map((n) => [
        n,
        fc.record({
          present: fc.boolean(),
          spellings: fc.tuple(spelling(n), spelling(n)),
          valid: c.valid(n, orgs),
          invalid: c.invalid(n),
          broken: brokenEncoding,
          style: fc.nat(3),
          repeatValid: fc.boolean(),
        }),
      ]),
    ),
  );

  return fc
    .record({
      modes,
      perParam,
      range: c.range(),
      aliasChoice: fc.constantFrom('target', 'target', 'target', 'target', 'alias', 'alias', 'both'),
      noise: fc.array(noise(specNames), { maxLength: 4 }),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
      path: pathSpelling(c.path),
    })
    .map(({ modes, perParam, range, aliasChoice, noise: extra, order, path }) => {
      const pieces: string[] = [...extra];
      const corrupted = new Set<string>();
      const values = new Map<string, string>();
      for (const name of names) {
        const gen = perParam[name]!;
        let mode: Mode = modes.get(name) ?? 'valid';
        // Optional parameters are often simply left out; alias pairs are decided by aliasChoice below.
        if (mode === 'valid' && optional.includes(name) && !gen.present) mode = 'absent';
        if (aliasOf.has(name) && mode === 'valid') mode = aliasChoice === 'target' ? 'absent' : 'valid';
        if (aliasTargets.has(name) && mode === 'valid' && aliasChoice === 'alias') mode = 'absent';
        let valid = gen.valid;
        if (name === 'startTime') valid = range[0];
        if (name === 'finishTime' || aliasOf.get(name) === 'finishTime') valid = range[1];
        const [first, second] = gen.spellings;
        switch (mode) {
          case 'absent':
            break;
          case 'valid':
            pieces.push(`${first}=${encodeValue(valid, gen.style)}`);
            values.set(name, valid);
            break;
          case 'invalid':
            pieces.push(`${first}=${encodeValue(gen.invalid, gen.style)}`);
            corrupted.add(name);
            break;
          case 'broken':
            pieces.push(`${first}=${gen.broken}`);
            corrupted.add(name);
            break;
          case 'bare':
            pieces.push(first);
            corrupted.add(name);
            break;
          case 'repeat':
            pieces.push(`${first}=${encodeValue(valid, gen.style)}`);
            pieces.push(`${second}=${encodeValue(gen.repeatValid ? valid : gen.invalid, gen.style + 1)}`);
            corrupted.add(name);
            break;
        }
      }
      // A missing required parameter (and not satisfied by its alias) is a corruption of that parameter; an alias
      // given together with its target is a corruption of the alias (the server names the alias).
      for (const p of c.params) {
        const given = (n: string) => values.has(n) || corrupted.has(n);
        if (p.aliasOf !== null && given(p.name) && given(p.aliasOf)) corrupted.add(p.name);
        if (!p.required || given(p.name)) continue;
        const viaAlias = c.params.some((a) => a.aliasOf === p.name && given(a.name));
        if (!viaAlias) corrupted.add(p.name);
      }
      const sorted = pieces
        .map((piece, i) => ({ piece, key: order[i % order.length]! + i * 1e-9 }))
        .sort((a, b) => a.key - b.key);
      return { target: `${path}?${sorted.map((s) => s.piece).join('&')}`, corrupted, values };
    });
}

/** What went wrong with one response, or [] when every property holds. */
export function judge(c: ApiCase, query: GenQuery, response: RawResponse, baseUrl: string): string[] {
  const problems: string[] = [];
  const { status } = response;
  const contentType = String(response.headers['content-type'] ?? '');
  const body = json(response.text);
  if (status >= 500) return [`${status} (5xx): ${response.text.slice(0, 300)}`];
  if (typeof response.headers['request-id'] !== 'string') problems.push('no request-id header');
  const specNames = new Set(c.params.map((p) => p.name));

  if (query.target.length > URL_LIMIT) {
    if (status === 431) return problems; // beyond Node's header limit: answered before routing
    if (status !== 414)
      return [...problems, `target of ${query.target.length} bytes answered ${status}, expected 414`];
    return [...problems, ...c.error(status, contentType, body).problems];
  }

  // The filter of the valid values, when both ends of the range are valid (else no range check can happen).
  const rangeKnown =
    query.values.has('startTime') && (query.values.has('finishTime') || query.values.has('endTime'));
  const filter = query.corrupted.size === 0 || rangeKnown ? safeFilter(c, query) : null;
  const inverted = filter === 'inverted';

  if (query.corrupted.size > 0 || inverted) {
    if (status !== 400)
      return [
        ...problems,
        `expected 400 (corrupted: ${[...query.corrupted].join(', ') || 'range'}), got ${status}`,
      ];
    const view = c.error(status, contentType, body);
    problems.push(...view.problems);
    if (view.fields.length === 0) problems.push('the 400 names no parameter');
    for (const field of view.fields) {
      if (!specNames.has(field)) problems.push(`field ${field} is not a parameter of the spec`);
      else if (!query.corrupted.has(field) && !(inverted && field === 'startTime')) {
        problems.push(
          `field ${field} named, but only ${[...query.corrupted].join(', ') || 'the range'} was corrupted`,
        );
      }
    }
    if (query.corrupted.size === 1) {
      const [only] = query.corrupted;
      if (!view.fields.includes(only!))
        problems.push(`the 400 does not name ${only}, the one corrupted parameter`);
    } else if (query.corrupted.size === 0 && !view.fields.includes('startTime')) {
      problems.push('an inverted range must name startTime');
    }
    return problems;
  }

  if (status !== 200)
    return [...problems, `expected 200 for a valid query, got ${status}: ${response.text.slice(0, 300)}`];
  if (filter === null || typeof filter === 'string')
    return [...problems, 'internal: no filter for a valid query'];
  const { page, problems: shape } = c.page(body);
  // Known defect (reported; pinned by its own test in fuzz.test.ts): nextLink echoes characters of the request
  // target that RFC 3986 does not allow (a stray '%', '[', '|', …), so it fails the spec's `format: uri`. Only that
  // case is tolerated here, so that the fuzz keeps looking for other problems.
  const tolerated = isRfc3986Target(query.target)
    ? shape
    : shape.filter((p) => !p.includes('/data/nextLink'));
  problems.push(...tolerated);
  if (!page) return problems;

  const offset = (filter.pageIndex - 1) * filter.pageSize;
  const expectedLength = Math.max(0, Math.min(filter.pageSize, page.total - offset));
  if (page.jobs.length > filter.pageSize)
    problems.push(`page of ${page.jobs.length} > pageSize ${filter.pageSize}`);
  if (page.total < page.jobs.length) problems.push(`total ${page.total} < page length ${page.jobs.length}`);
  if (page.jobs.length !== expectedLength) {
    problems.push(
      `page length ${page.jobs.length}, expected ${expectedLength} (total ${page.total}, offset ${offset})`,
    );
  }
  let previous: { ticks: bigint; id: string } | null = null;
  for (const job of page.jobs) {
    const ticks = jobTicks(String(job.startTime));
    const id = String(job.jobId);
    if (ticks < filter.fromTicks || ticks > filter.toTicks) {
      problems.push(
        `job ${id} startTime ${String(job.startTime)} outside [${filter.fromTicks}, ${filter.toTicks}] ticks`,
      );
    }
    const mismatch = filter.matches(job);
    if (mismatch) problems.push(`job ${id}: ${mismatch}`);
    if (previous && (ticks > previous.ticks || (ticks === previous.ticks && id >= previous.id))) {
      problems.push(`job ${id} is not after ${previous.id} in newest-first order`);
    }
    previous = { ticks, id };
  }
  if (page.nextLink !== undefined)
    problems.push(...checkNextLink(c, page.nextLink, filter.pageIndex, offset, page, baseUrl));
  return problems;
}

/** True when a request target is made only of RFC 3986 characters and well-formed percent escapes. */
export function isRfc3986Target(target: string): boolean {
  return /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/.test(target);
}

function safeFilter(c: ApiCase, query: GenQuery) {
  try {
    return c.filter(query.values);
  } catch {
    return null;
  }
}

/** Salesforce nextLink: "" on the last page, else the same origin and path with pageIndex + 1 (decision 9). */
function checkNextLink(
  c: ApiCase,
  nextLink: unknown,
  pageIndex: number,
  offset: number,
  page: { total: number; jobs: unknown[] },
  baseUrl: string,
): string[] {
  const more = page.jobs.length > 0 && offset + page.jobs.length < page.total;
  if (!more) return nextLink === '' ? [] : [`nextLink ${String(nextLink)} on the last page`];
  if (typeof nextLink !== 'string' || nextLink === '') return ['nextLink empty although more jobs follow'];
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    return [`nextLink is not an absolute URL: ${nextLink}`];
  }
  const problems: string[] = [];
  if (url.origin !== new URL(baseUrl).origin) problems.push(`nextLink origin ${url.origin}`);
  if (url.pathname.toLowerCase() !== c.path.toLowerCase()) problems.push(`nextLink path ${url.pathname}`);
  const indexes = url.search
    .slice(1)
    .split('&')
    .filter((part) => {
      const name = part.split('=', 1)[0]!;
      try {
        return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase() === 'pageindex';
      } catch {
        return false;
      }
    });
  if (indexes.length !== 1 || indexes[0]!.split('=')[1] !== String(pageIndex + 1)) {
    problems.push(`nextLink pageIndex is ${indexes.join(',') || 'missing'}, expected ${pageIndex + 1}`);
  }
  return problems;
}
