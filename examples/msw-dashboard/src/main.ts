// The page: MSW's service worker answers the Salesforce client's requests (token and jobs) from the mock's
// handlers, built in the page from a seed and a frozen instant; the client cannot tell it from the real API.
import { createJobwatchHandlers, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '@jobwatch/mock-server/msw';
import { createSalesforceBackupClient } from '@jobwatch/salesforce-backup';
import { setupWorker } from 'msw/browser';
import { listFailedJobs } from './failed-jobs.js';
import { readDashboardOptions } from './options.js';
import { renderRows, showState } from './render.js';

async function main(): Promise<void> {
  const { seed, now, days } = readDashboardOptions(location.search);
  const worker = setupWorker(...createJobwatchHandlers({ seed, now, clockMode: 'frozen' }));
  // Requests the handlers do not know (the page's own files) go to the network as usual.
  await worker.start({
    serviceWorker: { url: './mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  showState('loading', 'Listing failed jobs…');
  // The origin is loopback, so the client asks <origin>/connect/token for tokens: the worker answers that too.
  const client = createSalesforceBackupClient(
    { baseUrl: location.origin },
    { credentials: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET } },
  );
  const rows = await listFailedJobs(client, now, days);
  renderRows(document.getElementById('jobs') as HTMLTableElement, rows);
  showState(
    'ready',
    `${rows.length} failed jobs in the ${days} days before ${now.toISOString()} (seed ${seed}).`,
  );
}

main().catch((error: unknown) => {
  showState('error', `Failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(error);
});
