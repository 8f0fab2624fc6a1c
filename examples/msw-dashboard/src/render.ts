// Writes the rows into the page's table. The state goes on <body data-state> (loading, ready, error) so that a
// test or a person can tell a finished empty list from one still loading.
import type { FailedJobRow } from './failed-jobs.js';

/** The table's columns, in order: the test reads the cells by these names. */
export const COLUMNS = [
  'jobId',
  'organizationId',
  'type',
  'startTime',
  'finishTime',
  'failedRecords',
] as const;

export function renderRows(table: HTMLTableElement, rows: readonly FailedJobRow[]): void {
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.jobId = row.jobId;
      for (const column of COLUMNS) {
        const td = document.createElement('td');
        td.dataset.column = column;
        td.textContent = String(row[column]);
        tr.append(td);
      }
      return tr;
    }),
  );
}

export function showState(state: 'loading' | 'ready' | 'error', message: string): void {
  document.body.dataset.state = state;
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}
