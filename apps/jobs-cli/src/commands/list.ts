// jobs list: the matching jobs of one or both APIs, newest first.
import { jobJson, jobsCsv, jobsTable } from '../format.js';
import { createProgress } from '../progress.js';
import type { JobRow, JobSource } from '../sources.js';
import type { CommandContext } from './context.js';

/** Collects every matching job of the given sources, showing progress on a terminal. */
export async function collect(
  ctx: CommandContext,
  sources: readonly JobSource[],
  status = ctx.status,
): Promise<JobRow[]> {
  const to = new Date(ctx.now());
  const from = new Date(to.getTime() - ctx.sinceMs);
  const progress = createProgress(ctx.io.stderr);
  const rows: JobRow[] = [];
  try {
    for (const source of sources) {
      // A status the API does not have (Dynamics has no "paused") simply matches none of its jobs.
      if (status !== undefined && !source.supports(status)) continue;
      const request = {
        from,
        to,
        pageSize: ctx.pageSize,
        onPage: (done: number, total: number) => progress.update(source.label, done, total),
        ...(status ? { status } : {}),
        ...(ctx.organizationId ? { organizationId: ctx.organizationId } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      };
      for await (const row of source.rows(request)) rows.push(row);
    }
  } finally {
    progress.clear();
  }
  return rows;
}

/** Runs `jobs list`. */
export async function listCommand(ctx: CommandContext): Promise<number> {
  const rows = await collect(ctx, ctx.sources);
  // Each API is newest first already; merging two needs one sort.
  if (ctx.sources.length > 1) rows.sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime));
  const out = ctx.io.stdout;
  if (ctx.format === 'json') out.write(`${JSON.stringify(rows.map(jobJson), null, 2)}\n`);
  else if (ctx.format === 'csv') out.write(jobsCsv(rows));
  else if (rows.length === 0) out.write('No jobs match.\n');
  else out.write(jobsTable(rows));
  return 0;
}
