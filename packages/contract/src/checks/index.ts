// The checks in the order they run. The envelope and schema checks come last because they judge every
// response the other checks provoked (errors and 401s included).
import type { ApiDescription } from '../apis/types.js';
import { authChecks } from './auth.js';
import { envelopeChecks } from './envelope.js';
import { errorChecks } from './errors.js';
import { filterChecks } from './filters.js';
import { jobChecks } from './jobs.js';
import { orderChecks } from './order.js';
import { pagingChecks } from './paging.js';
import { queryChecks } from './query.js';
import { schemaChecks } from './schema.js';
import type { CheckDefinition } from './types.js';

export const allChecks: readonly CheckDefinition[] = [
  ...authChecks,
  ...pagingChecks,
  ...orderChecks,
  ...filterChecks,
  ...queryChecks,
  ...jobChecks,
  ...errorChecks,
  ...envelopeChecks,
  ...schemaChecks,
];

/** The checks that apply to an API, optionally narrowed to ids (`filters.status`) or groups (`paging`). */
export function checksFor(api: ApiDescription, only?: readonly string[]): CheckDefinition[] {
  return allChecks.filter(
    (c) =>
      (c.appliesTo?.(api) ?? true) &&
      (!only?.length || only.some((o) => c.id === o || c.id.startsWith(o.endsWith('.') ? o : `${o}.`))),
  );
}
