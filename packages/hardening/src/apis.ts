// The ONE table of what differs between the two APIs, for every suite of this package: paths and scopes, the
// spec's parameter names (read from the specs, never retyped), how to write valid and invalid values (fast-check
// arbitraries), how a time range is read, how a job matches a filter, and how each API shapes its errors.
// The harnesses (fuzz, auth matrix, limits, determinism) are generic over `ApiCase`.
import {
  type ApiDescription,
  dynamics365,
  MAX_TICKS,
  msToTicks,
  salesforce,
  TICKS_PER_DAY,
  UNIX_EPOCH_TICKS,
} from '@jobwatch/api-descriptions';
import {
  type ApiName,
  createAjv,
  loadSpec,
  type SpecParameter,
  type ValidateFunction,
} from '@jobwatch/specs';
import fc from 'fast-check';
import { FIXED_NOW_MS } from './mock.js';

export type { ApiName };
export { msToTicks };

// ---------------------------------------------------------------------------------------------------------
// Time: the ticks epoch and conversions are facts (@jobwatch/api-descriptions); the parsing of the query's ISO
// text below is written here independently of the mock's, because it is the oracle the mock is judged by.

const DAY_MS = 86_400_000;

/** Ticks at midnight UTC of a proleptic Gregorian date (years 0 … 9999; Date.UTC would remap 0 … 99). */
function dayTicks(year: number, month: number, day: number): bigint {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return msToTicks(date.getTime());
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an ISO date or date-time as the Salesforce spec allows it; null when invalid, including an instant a
 * .NET DateTime cannot hold (before 0001-01-01 or after 9999-12-31, UTC).
 */
export function parseIsoTicks(text: string): { ticks: bigint; dateOnly: boolean } | null {
  if (text.length > SALESFORCE_TIME_MAX_LENGTH || !SALESFORCE_TIME_PATTERN.test(text)) return null;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
      text,
    );
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || day > daysIn(year, month)) return null;
  const midnight = dayTicks(year, month, day);
  if (m[4] === undefined) return { ticks: midnight, dateOnly: true };
  const seconds = Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0);
  let offsetMinutes = 0;
  if (m[8] !== undefined && m[8] !== 'Z') {
    offsetMinutes = (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  }
  const fraction = BigInt((m[7] ?? '').padEnd(7, '0'));
  const ticks = midnight + BigInt(seconds - offsetMinutes * 60) * 10_000_000n + fraction;
  if (ticks < 0n || ticks > MAX_TICKS) return null;
  return { ticks, dateOnly: false };
}

/** A job's startTime (ISO, ms resolution) in ticks. */
export function jobTicks(iso: string): bigint {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`job startTime is not an ISO instant: ${iso}`);
  return msToTicks(ms);
}

// ---------------------------------------------------------------------------------------------------------
// The specs, read once (through the API descriptions and the specs' walker).

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const salesforceTimeFacts = salesforce.params.find((p) => p.name === salesforce.time.start)!.facts;
const SALESFORCE_TIME_PATTERN = new RegExp(String(salesforceTimeFacts.pattern));
const SALESFORCE_TIME_MAX_LENGTH = salesforceTimeFacts.maxLength ?? 1000;

const ajv = createAjv({ allErrors: true });
for (const api of ['salesforce', 'dynamics365'] as const) {
  ajv.addSchema({ $id: `urn:hardening:${api}`, components: structuredClone(loadSpec(api).components) });
}
function schema(api: ApiName, name: string): ValidateFunction {
  const validate = ajv.getSchema(`urn:hardening:${api}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in the ${api} spec`);
  return validate;
}
function schemaProblems(validate: ValidateFunction, body: unknown, what: string): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${what}: ${e.instancePath || '/'} ${e.message ?? ''}`);
}

// ---------------------------------------------------------------------------------------------------------
// Value arbitraries shared by both APIs.

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/**
 * Writes a decoded value on the wire in one of several valid encodings (all decode to the same UTF-8 text; a lone
 * surrogate becomes U+FFFD, as any UTF-8 client would send it).
 */
export function encodeValue(text: string, style: number): string {
  const bytes = [...Buffer.from(text, 'utf8')];
  const pct = (b: number, lower: boolean) => {
    const hex = b.toString(16).padStart(2, '0');
    return `%${lower ? hex : hex.toUpperCase()}`;
  };
  switch (style % 4) {
    case 0: // unreserved characters raw, the rest escaped
      return bytes
        .map((b) =>
          b < 0x80 && UNRESERVED.test(String.fromCharCode(b)) ? String.fromCharCode(b) : pct(b, false),
        )
        .join('');
    case 1: // every byte escaped, lower-case hex
      return bytes.map((b) => pct(b, true)).join('');
    case 2: // every byte escaped, upper-case hex
      return bytes.map((b) => pct(b, false)).join('');
    default: // form style: spaces as '+'
      return bytes
        .map((b) =>
          b === 0x20
            ? '+'
            : b < 0x80 && UNRESERVED.test(String.fromCharCode(b))
              ? String.fromCharCode(b)
              : pct(b, false),
        )
        .join('');
  }
}

/** Wire text that is not valid percent-encoded UTF-8. */
export const brokenEncoding = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%C3',
  '%FF',
  '2024-01-01%',
  '%%',
  '%G1',
  '1%2',
  '%ED%A0%80',
);

/** Decoded junk that no parameter accepts (filtered per parameter by the caller where needed). */
const junkText = fc.oneof(
  fc.constantFrom(
    '',
    'NaN',
    'null',
    'undefined',
    'true',
    'Infinity',
    '-Infinity',
    '[]',
    '{}',
    ' ',
    '\t',
    '\u0000',
  ),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
  fc.constantFrom('Ω', '日本語', '😀', '\u202e1', 'ا', '\ufeff1', '１', '٣'),
  fc.integer({ min: 200, max: 1500 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 50, max: 400 }).map((n) => '9'.repeat(n)),
);

/** An arbitrary for integer-typed parameters: valid numbers in [min, max] written oddly but validly. */
function validInteger(values: fc.Arbitrary<number>): fc.Arbitrary<string> {
  return fc.tuple(values, fc.nat(9)).map(([n, style]) => {
    if (style === 0 && n >= 0) return `0${n}`; // leading zero: still an integer
    if (style === 1 && n === 0) return '-0';
    return String(n);
  });
}

/** Integer-ish text outside [min, max] or not an integer at all. */
function invalidInteger(min: number, max: number, alsoInvalid: number[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .constantFrom(
        String(min - 1),
        String(max + 1),
        '-1',
        '1.5',
        '0.0',
        '1e3',
        '1E2',
        '0x10',
        '+1',
        ' 1',
        '1 ',
        '1_000',
        '2147483648',
        '-2147483649',
        '9223372036854775808',
        '18446744073709551616',
        '99999999999999999999999999',
        '1.0000000000000001',
        '-0.5',
        '١',
        '１',
        ...alsoInvalid.map(String),
      )
      .filter(
        (text) =>
          !/^-?\d+$/.test(text) ||
          Number(text) < min ||
          Number(text) > max ||
          alsoInvalid.includes(Number(text)),
      ),
    fc
      .double({ noNaN: false })
      .map(String)
      .filter((t) => !/^-?\d+$/.test(t)),
    fc
      .bigInt({ min: -(2n ** 70n), max: 2n ** 70n })
      .filter((n) => n < BigInt(min) || n > BigInt(max))
      .map(String),
    junkText.filter((t) => !/^-?\d+$/.test(t)),
  );
}

/**
 * The valid and invalid values of an integer query parameter, from its schema in the spec: the values its enum
 * admits (a gap in the enum, Dynamics status 5 and 6, is invalid), or its `minimum`..`maximum`. Paging parameters
 * favour small pages and indexes (where the data is) and also try the bounds.
 */
function integerParam(description: ApiDescription, name: string): IntegerParam | undefined {
  const param = description.params.find((p) => p.name === name);
  if (!param?.facts.types.has('integer') || param.facts.formats.has('int64')) return undefined;
  const { enumValues, minimum, maximum } = param.facts;
  const values = (enumValues ?? []).filter((v): v is number => typeof v === 'number');
  const min = values.length > 0 ? Math.min(...values) : Number(minimum ?? 0n);
  const max = values.length > 0 ? Math.max(...values) : Number(maximum ?? 2147483647n);
  const gaps: number[] = [];
  if (values.length > 0) for (let v = min; v <= max; v++) if (!values.includes(v)) gaps.push(v);
  const bounds = fc.constantFrom(...new Set([min, max, ...(values.length > 0 ? values : [])]));
  const paging = name === description.paging.pageIndex || name === description.paging.pageSize;
  const common = paging
    ? fc.integer({ min, max: Math.min(max, name === description.paging.pageSize ? 40 : min + 6) })
    : gaps.length > 0
      ? fc.constantFrom(...values)
      : fc.integer({ min, max });
  return {
    valid: validInteger(
      fc.oneof(
        { weight: 8, arbitrary: common },
        { weight: 1, arbitrary: paging ? fc.constantFrom(min, max) : bounds },
      ),
    ),
    invalid: invalidInteger(min, max, gaps),
  };
}

interface IntegerParam {
  valid: fc.Arbitrary<string>;
  invalid: fc.Arbitrary<string>;
}

// ---------------------------------------------------------------------------------------------------------
// The per-API table.

export interface PageView {
  total: number;
  jobs: Json[];
  /** Salesforce only. */
  nextLink?: unknown;
}

/** A filter read from the valid values of a query, to check a 200 against. */
export interface Filter {
  fromTicks: bigint;
  toTicks: bigint;
  pageIndex: number;
  pageSize: number;
  /** Checks one job against the type/status/org filters; returns a problem or null. */
  matches(job: Json): string | null;
}

export interface ErrorView {
  /** Every parameter (or header) the body names as offending. */
  fields: string[];
  /** Shape problems; empty when the body is in the API's documented error shape. */
  problems: string[];
}

export interface ApiCase {
  api: ApiName;
  path: string;
  scope: string;
  /** The spec's query parameters (`aliasOf` from the spec's `x-alias-of`). */
  params: readonly SpecParameter[];
  /** Valid values (decoded) per parameter. `orgs` are real organization ids from the running dataset. */
  valid(name: string, orgs: readonly string[]): fc.Arbitrary<string>;
  /** Values (decoded) that the parameter must reject. */
  invalid(name: string): fc.Arbitrary<string>;
  /** A time range that overlaps the dataset (decoded start, finish), mostly ordered. */
  range(): fc.Arbitrary<[string, string]>;
  /** The filter of a query whose values are all valid (by canonical name), or 'inverted' for start > finish. */
  filter(values: ReadonlyMap<string, string>): Filter | 'inverted';
  /** Reads a 200 body; returns shape problems too. */
  page(body: unknown): { page: PageView | null; problems: string[] };
  /** Reads an error body of the API (any 4xx) and checks its documented shape. */
  error(status: number, contentType: string, body: unknown): ErrorView;
  /** Organization ids found in a 200 body (to seed the generators). */
  orgIdsOf(body: unknown): string[];
}

function ordered(a: string, b: string, toTicks: (s: string) => bigint): [string, string] {
  return toTicks(a) <= toTicks(b) ? [a, b] : [b, a];
}

// --- Salesforce ------------------------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const salesforceDate = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: -400, max: 2 }).map((d) => isoDateOf(FIXED_NOW_MS + d * DAY_MS)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2024-02-29',
      '2000-02-29',
      '2025-05-31',
      '0001-01-01',
      '9999-12-31',
      '1970-01-01',
    ),
  },
);

const salesforceDateTime = fc
  .record({
    day: salesforceDate,
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.option(fc.integer({ min: 0, max: 59 })),
    frac: fc.option(fc.stringMatching(/^\d{1,7}$/)),
    zone: fc.oneof(
      fc.constant(''),
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
      fc.constantFrom('+23:59', '-23:59', '+00:00', '-00:00', '+14:00'),
    ),
  })
  .map(({ day, h, mi, s, frac, zone }) => {
    const seconds = s === null ? '' : `:${pad(s)}${frac === null ? '' : `.${frac}`}`;
    return `${day}T${pad(h)}:${pad(mi)}${seconds}${zone}`;
  });

// Valid by construction, except at the calendar's ends: 0001-01-01 with a positive offset or 9999-12-31 with a
// negative one falls outside a .NET DateTime, so those are filtered out here (they are invalid times below).
const salesforceTime = fc
  .oneof({ weight: 1, arbitrary: salesforceDate }, { weight: 2, arbitrary: salesforceDateTime })
  .filter((text) => parseIsoTicks(text) !== null);

const salesforceInvalidTime = fc
  .oneof(
    fc.constantFrom(
      '2023-02-29',
      '1900-02-29',
      '2100-02-29',
      '2024-02-30',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
      '2024-01-01T24:00',
      '2024-01-01T24:00:00Z',
      '2024-01-01T23:60',
      '2024-01-01T12:00:60',
      '2024-01-01T12:00:00.12345678',
      '2024-01-01T12:00:00.',
      '2024-01-01T12:00+24:00',
      '2024-01-01T12:00+01',
      '2024-01-01T12:00+0100',
      '2024-01-01T12',
      '2024-01-01T',
      '2024-01-01t12:00z',
      '2024-01-01 12:00',
      '20240101',
      '2024-1-1',
      '24-01-01',
      '+2024-01-01',
      '-2024-01-01',
      '12024-01-01',
      ' 2024-01-01',
      '2024-01-01 ',
      '２０２４-01-01',
      '2024‐01‐01',
      '638527680000000000',
      '1717200000',
      '2024-01-01Z',
      '2024-W01-1',
      '2024-001',
      // Outside what a .NET DateTime holds (years 0001 to 9999, UTC).
      '0000-01-01',
      '0000-12-31T23:59:59Z',
      '0001-01-01T00:30:00+01:00',
      '9999-12-31T23:30:00-01:00',
    ),
    junkText,
  )
  .filter((text) => parseIsoTicks(text) === null);

const SALESFORCE_ORG_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const alnum = (length: number) =>
  fc
    .array(fc.constantFrom(...SALESFORCE_ORG_CHARS), { minLength: length, maxLength: length })
    .map((c) => c.join(''));

/** What every case takes from its API's description. */
const described = (d: ApiDescription) => ({ api: d.api, path: d.path, scope: d.scope, params: d.params });

const salesforceCase: ApiCase = {
  ...described(salesforce),

  valid(name, orgs) {
    switch (name) {
      case 'startTime':
      case 'finishTime':
        return salesforceTime;
      case 'organizationId':
        return fc.oneof(
          { weight: 4, arbitrary: orgs.length > 0 ? fc.constantFrom(...orgs) : alnum(18) },
          {
            weight: 2,
            arbitrary: orgs.length > 0 ? fc.constantFrom(...orgs.map((o) => o.slice(0, 15))) : alnum(15),
          },
          { weight: 1, arbitrary: alnum(15) },
          { weight: 1, arbitrary: alnum(18) },
        );
      default: {
        const integer = integerParam(salesforce, name);
        if (integer) return integer.valid;
        throw new Error(`no valid values for salesforce parameter ${name}`);
      }
    }
  },

  invalid(name) {
    switch (name) {
      case 'startTime':
      case 'finishTime':
        return salesforceInvalidTime;
      case 'organizationId':
        return fc
          .oneof(
            fc.integer({ min: 0, max: 40 }).chain((n) => alnum(n)),
            fc.constantFrom(
              '00D5g000004SZJb-AO',
              '00D5g000004SZJbEAO ',
              '00D5g000004SZJbEAÖ',
              '00D5g00000 4SZJb',
            ),
            junkText,
          )
          .filter((t) => !salesforce.organization.pattern!.test(t));
      default: {
        const integer = integerParam(salesforce, name);
        if (integer) return integer.invalid;
        throw new Error(`no invalid values for salesforce parameter ${name}`);
      }
    }
  },

  range() {
    return fc.oneof(
      {
        weight: 6,
        arbitrary: fc.tuple(salesforceTime, salesforceTime).map(([a, b]) => ordered(a, b, sfOrderKey)),
      },
      { weight: 1, arbitrary: fc.tuple(salesforceTime, salesforceTime) },
    );
  },

  filter(values) {
    const start = parseIsoTicks(values.get('startTime') ?? '');
    const finish = parseIsoTicks(values.get('finishTime') ?? '');
    if (!start || !finish) throw new Error('filter() needs valid startTime and finishTime');
    const toTicks = finish.dateOnly ? finish.ticks + TICKS_PER_DAY - 1n : finish.ticks;
    if (start.ticks > toTicks) return 'inverted';
    const type = Number(values.get('type') ?? 0);
    const status = Number(values.get('status') ?? 0);
    const org = values.get('organizationId');
    return {
      fromTicks: start.ticks,
      toTicks,
      pageIndex: Math.max(1, Number(values.get('pageIndex') ?? 0)),
      pageSize: Number(values.get('pageSize') ?? 10),
      matches(job) {
        if (type !== 0 && job.type !== type) return `type ${String(job.type)} ≠ filter ${type}`;
        if (status !== 0 && job.status !== status) return `status ${String(job.status)} ≠ filter ${status}`;
        const id = String(job.organizationId);
        if (org !== undefined && (org.length === 18 ? id !== org : id.slice(0, 15) !== org)) {
          return `organizationId ${id} does not match filter ${org}`;
        }
        return null;
      },
    };
  },

  page(body) {
    const problems = schemaProblems(
      schema('salesforce', 'SalesforceJobsResponse'),
      body,
      'SalesforceJobsResponse',
    );
    if (!isObject(body) || !isObject(body.data))
      return { page: null, problems: [...problems, 'no data object'] };
    const data = body.data;
    if (body.statusCode !== 200) problems.push(`statusCode ${String(body.statusCode)} on a 200`);
    return {
      page: {
        total: Number(data.totalCount),
        jobs: Array.isArray(data.jobs) ? (data.jobs as Json[]) : [],
        nextLink: data.nextLink,
      },
      problems,
    };
  },

  error(status, contentType, body) {
    const problems = schemaProblems(
      schema('salesforce', 'SalesforceErrorResponse'),
      body,
      'SalesforceErrorResponse',
    );
    if (!contentType.startsWith('application/json')) problems.push(`content-type ${contentType}`);
    if (!isObject(body)) return { fields: [], problems: [...problems, 'body is not a JSON object'] };
    if (body.statusCode !== status) problems.push(`statusCode ${String(body.statusCode)} ≠ HTTP ${status}`);
    if (typeof body.message !== 'string' || body.message === '') problems.push('message is empty');
    if (body.data !== null) problems.push('data is not null');
    const errors = Array.isArray(body.errors) ? body.errors : [];
    if (errors.length === 0) problems.push('errors is empty');
    const fields = errors
      .map((e) => (isObject(e) ? e.field : undefined))
      .filter((f): f is string => typeof f === 'string');
    return { fields, problems };
  },

  orgIdsOf(body) {
    const jobs = isObject(body) && isObject(body.data) && Array.isArray(body.data.jobs) ? body.data.jobs : [];
    return [
      ...new Set(jobs.map((j) => (isObject(j) ? String(j.organizationId) : '')).filter((s) => s !== '')),
    ];
  },
};

function sfOrderKey(text: string): bigint {
  const parsed = parseIsoTicks(text);
  if (!parsed) throw new Error(`not a valid time: ${text}`);
  return parsed.dateOnly ? parsed.ticks + TICKS_PER_DAY - 1n : parsed.ticks;
}

// --- Dynamics 365 ----------------------------------------------------------------------------------------

const NOW_TICKS = msToTicks(FIXED_NOW_MS);
const dynamicsTicks = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.bigInt({ min: NOW_TICKS - 400n * TICKS_PER_DAY, max: NOW_TICKS + 2n * TICKS_PER_DAY }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0n,
      1n,
      MAX_TICKS,
      MAX_TICKS - 1n,
      UNIX_EPOCH_TICKS,
      NOW_TICKS,
      2n ** 53n,
      2n ** 53n + 1n,
    ),
  },
);
/** Valid tick text: digits, sometimes with leading zeros (never longer than 20 characters, like the int64 text bound). */
const dynamicsTickText = fc.tuple(dynamicsTicks, fc.nat(9)).map(([t, style]) => {
  const text = t.toString();
  return style === 0 && text.length < 20 ? `0${text}` : text;
});

const hexGuid = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });

const dynamicsCase: ApiCase = {
  ...described(dynamics365),

  valid(name, orgs) {
    switch (name) {
      case 'startTime':
      case 'finishTime':
      case 'endTime':
        return dynamicsTickText;
      case 'organizationId':
        return fc.oneof(
          {
            weight: 4,
            arbitrary:
              orgs.length > 0
                ? fc
                    .tuple(fc.constantFrom(...orgs), fc.boolean())
                    .map(([o, upper]) => (upper ? o.toUpperCase() : o))
                : hexGuid,
          },
          { weight: 1, arbitrary: hexGuid },
        );
      default: {
        const integer = integerParam(dynamics365, name);
        if (integer) return integer.valid;
        throw new Error(`no valid values for dynamics365 parameter ${name}`);
      }
    }
  },

  invalid(name) {
    switch (name) {
      case 'startTime':
      case 'finishTime':
      case 'endTime':
        return fc
          .oneof(
            fc.constantFrom(
              '-1',
              '3155378976000000000',
              '9223372036854775807',
              '9223372036854775808',
              '18446744073709551616',
              '-9223372036854775809',
              '638527680000000000.5',
              '6.3852768e17',
              '2024-06-01',
              '2024-06-01T00:00:00Z',
              '0x8DC81F0E3B2C000',
              '+638527680000000000',
              ' 638527680000000000',
              '638527680000000000 ',
              '000000000000000000001',
              '６３８５２７６８００００００００００',
            ),
            fc.bigInt({ min: MAX_TICKS + 1n, max: 2n ** 80n }).map(String),
            fc.bigInt({ min: -(2n ** 80n), max: -1n }).map(String),
            junkText,
          )
          .filter((t) => !/^-?\d{1,20}$/.test(t) || BigInt(t) < 0n || BigInt(t) > MAX_TICKS);
      case 'organizationId':
        return fc.oneof(
          hexGuid.map((g) => g.replace(/-/g, '')),
          hexGuid.map((g) => `{${g}}`),
          hexGuid.map((g) => `urn:uuid:${g}`),
          hexGuid.map((g) => g.slice(1)),
          hexGuid.map((g) => `${g}0`),
          hexGuid.map((g) => `g${g.slice(1)}`),
          hexGuid.map((g) => ` ${g}`),
          junkText,
        );
      default: {
        const integer = integerParam(dynamics365, name);
        if (integer) return integer.invalid;
        throw new Error(`no invalid values for dynamics365 parameter ${name}`);
      }
    }
  },

  range() {
    return fc.oneof(
      {
        weight: 6,
        arbitrary: fc.tuple(dynamicsTickText, dynamicsTickText).map(([a, b]) => ordered(a, b, BigInt)),
      },
      { weight: 1, arbitrary: fc.tuple(dynamicsTickText, dynamicsTickText) },
    );
  },

  filter(values) {
    const start = BigInt(values.get('startTime') ?? 'x');
    const finish = BigInt(values.get('finishTime') ?? values.get('endTime') ?? 'x');
    if (start > finish) return 'inverted';
    const type = Number(values.get('type') ?? 0);
    const status = values.get('status');
    const org = values.get('organizationId')?.toLowerCase();
    return {
      fromTicks: start,
      toTicks: finish,
      pageIndex: Number(values.get('pageIndex') ?? 1),
      pageSize: Number(values.get('pageSize') ?? 10),
      matches(job) {
        const flag = dynamics365.filters.type.valueOf(job.type);
        if (flag === undefined) return `unknown type ${String(job.type)}`;
        if (type !== 0 && (type & flag) === 0)
          return `type ${String(job.type)} (${flag}) not in mask ${type}`;
        if (status !== undefined && dynamics365.filters.status.valueOf(job.status) !== Number(status)) {
          return `status ${String(job.status)} ≠ filter ${status}`;
        }
        if (org !== undefined && String(job.organizationId).toLowerCase() !== org) {
          return `organizationId ${String(job.organizationId)} ≠ filter ${org}`;
        }
        return null;
      },
    };
  },

  page(body) {
    const problems = schemaProblems(schema('dynamics365', 'DynamicsJobsPage'), body, 'DynamicsJobsPage');
    if (!isObject(body)) return { page: null, problems: [...problems, 'body is not a JSON object'] };
    return {
      page: {
        total: Number(body.totalNumber),
        jobs: Array.isArray(body.result) ? (body.result as Json[]) : [],
      },
      problems,
    };
  },

  error(status, contentType, body) {
    const name = status === 400 ? 'ValidationProblemDetails' : 'ProblemDetails';
    const problems = schemaProblems(schema('dynamics365', name), body, name);
    if (!contentType.startsWith('application/problem+json')) problems.push(`content-type ${contentType}`);
    if (!isObject(body)) return { fields: [], problems: [...problems, 'body is not a JSON object'] };
    if (body.status !== status) problems.push(`status ${String(body.status)} ≠ HTTP ${status}`);
    const fields = isObject(body.errors) ? Object.keys(body.errors) : [];
    return { fields, problems };
  },

  orgIdsOf(body) {
    const jobs = isObject(body) && Array.isArray(body.result) ? body.result : [];
    return [
      ...new Set(jobs.map((j) => (isObject(j) ? String(j.organizationId) : '')).filter((s) => s !== '')),
    ];
  },
};

export const API_CASES: readonly ApiCase[] = [salesforceCase, dynamicsCase];

export function apiCase(api: ApiName): ApiCase {
  const found = API_CASES.find((c) => c.api === api);
  if (!found) throw new Error(`unknown API ${api}`);
  return found;
}

/** A broad, valid first-page query of an API (the last `days` days before the fixed now). */
export function broadQuery(api: ApiName, days = 365, pageSize = 50): string {
  const from = FIXED_NOW_MS - days * DAY_MS;
  if (api === 'salesforce') {
    return `${salesforceCase.path}?startTime=${isoDateOf(from)}&finishTime=${isoDateOf(FIXED_NOW_MS)}&pageSize=${pageSize}`;
  }
  return `${dynamicsCase.path}?startTime=${msToTicks(from)}&finishTime=${NOW_TICKS}&pageSize=${pageSize}`;
}
