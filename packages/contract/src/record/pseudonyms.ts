// Fake values for what identifies a tenant in a recorded scenario: organization ids (a well-formed Salesforce
// `00D…` id with its checksum, or a GUID), organization names, and job ids that embed anything tenant-specific.
// Keyed by a random secret per file: the same input always gives the same output within a file, and nothing
// links two files or leads back to the real value.
import { createHmac, randomBytes } from 'node:crypto';
import { salesforceIdChecksum } from '@jobwatch/jobs-engine';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** Neutral words for fake organization names (`alder1`, `birch1`, …). */
const WORDS = [
  'alder',
  'birch',
  'cedar',
  'elm',
  'fir',
  'hazel',
  'larch',
  'maple',
  'oak',
  'pine',
  'rowan',
  'willow',
];
/**
 * The documented job id shape: a type prefix, the start time and a counter (`AI20241015105312327583`,
 * `DCIB2022081903124382222110`). An id of this shape carries nothing about the tenant, so it is kept.
 */
const DOCUMENTED_JOB_ID = /^[A-Z]{1,8}\d{14,25}$/;
/** What the mock's scenario accepts as a job id. */
const SCENARIO_JOB_ID = /^[A-Za-z0-9._-]{1,64}$/;
const SALESFORCE_ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type OrganizationIdShape = 'salesforce' | 'guid';

export class Pseudonyms {
  private readonly key = randomBytes(32);
  private readonly orgIds = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private readonly jobIds = new Map<string, string>();
  private readonly taken = new Set<string>();
  /** Job ids that were changed because they embed a tenant value or have an undocumented shape. */
  remappedJobIds = 0;

  /** An endless stream of keyed bytes for one input (HMAC-SHA256 in counter mode). */
  private *bytes(kind: string, value: string): Generator<number> {
    for (let block = 0; ; block += 1) {
      yield* createHmac('sha256', this.key).update(`${kind}\u0000${block}\u0000${value}`).digest();
    }
  }

  private pick(stream: Generator<number>, alphabet: string): string {
    // Rejection sampling keeps every character equally likely.
    const limit = 256 - (256 % alphabet.length);
    for (;;) {
      const b = stream.next().value as number;
      if (b < limit) return alphabet[b % alphabet.length] as string;
    }
  }

  /** A fresh value from `make`, retried with another salt in the unlikely case it is already taken. */
  private unique(kind: string, value: string, make: (stream: Generator<number>) => string): string {
    for (let attempt = 0; ; attempt += 1) {
      const out = make(this.bytes(kind, `${attempt}\u0000${value}`));
      if (!this.taken.has(out)) {
        this.taken.add(out);
        return out;
      }
    }
  }

  organizationId(shape: OrganizationIdShape, id: string): string {
    if (shape === 'guid') {
      const key = id.toLowerCase();
      let fake = this.orgIds.get(key);
      if (!fake) {
        fake = this.unique('guid', key, (s) => {
          const b = Array.from({ length: 16 }, () => s.next().value as number);
          b[6] = ((b[6] as number) & 0x0f) | 0x40; // version 4
          b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
          const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
          return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        });
        this.orgIds.set(key, fake);
      }
      return id === id.toUpperCase() && GUID.test(id) ? fake.toUpperCase() : fake;
    }
    // The 15-character form is the case-sensitive key of a Salesforce id; the 18-character form adds a checksum.
    const key = SALESFORCE_ID.test(id) ? id.slice(0, 15) : id;
    let fake15 = this.orgIds.get(key);
    if (!fake15) {
      fake15 = this.unique(
        'salesforce',
        key,
        (s) => `00D${Array.from({ length: 12 }, () => this.pick(s, ALPHANUMERIC)).join('')}`,
      );
      this.orgIds.set(key, fake15);
    }
    return id.length === 15 ? fake15 : fake15 + salesforceIdChecksum(fake15);
  }

  organizationName(name: string): string {
    let fake = this.names.get(name);
    if (!fake) {
      const n = this.names.size;
      fake = `${WORDS[n % WORDS.length]}${Math.floor(n / WORDS.length) + 1}`;
      this.names.set(name, fake);
    }
    return fake;
  }

  /**
   * A job id: kept when it has the documented shape and embeds no tenant value; otherwise each embedded tenant
   * value becomes its pseudonym and the rest is remapped character by character (a letter for a letter, a digit
   * for a digit), so the id keeps its shape and length.
   */
  jobId(id: string, tenantValues: ReadonlyMap<string, string>): string {
    const known = this.jobIds.get(id);
    if (known) return known;
    let out = id;
    for (const [real, fake] of [...tenantValues].sort((a, b) => b[0].length - a[0].length)) {
      if (real.length >= 4 && out.includes(real)) out = out.split(real).join(fake);
    }
    if (out === id && DOCUMENTED_JOB_ID.test(id)) {
      this.jobIds.set(id, id);
      this.taken.add(id);
      return id;
    }
    if (out !== id && SCENARIO_JOB_ID.test(out) && !this.taken.has(out)) {
      // The tenant values were the only tenant-specific part: the rest of the id stays as it was.
      this.taken.add(out);
    } else {
      const shape = out;
      out = this.unique('job', shape, (s) =>
        [...shape]
          .slice(0, 64)
          .map((c) => {
            if (UPPER.includes(c)) return this.pick(s, UPPER);
            if (LOWER.includes(c)) return this.pick(s, LOWER);
            if (DIGITS.includes(c)) return this.pick(s, DIGITS);
            return c === '.' || c === '_' || c === '-' ? c : '-';
          })
          .join(''),
      );
    }
    this.remappedJobIds += 1;
    this.jobIds.set(id, out);
    return out;
  }
}
