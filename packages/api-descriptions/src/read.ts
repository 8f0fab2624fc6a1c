// Reading a body by a description's paths: generic, so a test or a client never hard-codes where a page keeps
// its parts.
import type { ApiDescription, JsonPath } from './types.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a path of a JSON body; undefined when a step is missing. */
export function valueAt(body: unknown, path: JsonPath): unknown {
  let node = body;
  for (const step of path) node = isObject(node) ? node[step] : undefined;
  return node;
}

/** A 200 body's parts, where the description says they are; undefined for a part that is missing or mistyped. */
export function readPage(
  description: ApiDescription,
  body: unknown,
): { total: number | undefined; jobs: Json[] | undefined; nextLink: unknown } {
  const total = valueAt(body, description.page.total);
  const jobs = valueAt(body, description.page.jobs);
  return {
    total: typeof total === 'number' ? total : undefined,
    jobs: Array.isArray(jobs) ? (jobs as Json[]) : undefined,
    nextLink: description.page.nextLink === null ? undefined : valueAt(body, description.page.nextLink),
  };
}
