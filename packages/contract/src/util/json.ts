// Small helpers to read untyped JSON bodies and to name places in them the way reports show them.

export type JsonPath = readonly (string | number)[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a value at a path, undefined when any step is missing. */
export function getAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['data', 'jobs', 3, 'state']` → `$.data.jobs[3].state`. */
export function jsonPath(path: JsonPath): string {
  let out = '$';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (step === '*') out += '[*]';
    else if (IDENT.test(step)) out += `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** A JSON pointer (`/data/jobs/3`) as path steps; array indexes become numbers. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Replaces array indexes with `*`, so that one finding can stand for the same drift in every job. */
export function generalise(path: string): string {
  return path.replace(/\[\d+\]/g, '[*]');
}

/** A short, readable rendering of any value for a report (bounded so that a 1000-job page stays readable). */
export function preview(value: unknown, max = 200): string {
  if (value === undefined) return 'undefined (absent)';
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
