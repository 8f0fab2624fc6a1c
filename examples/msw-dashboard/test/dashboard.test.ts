// The example page in headless Chromium: MSW's service worker, with the mock's handlers built in the page, answers
// the Salesforce client, and the table shows exactly the failed jobs that the same handlers serve in Node.
import { existsSync } from 'node:fs';
import { CHROMIUM, hasChromium, launchChromium } from '@jobwatch/browser-testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir } from '../scripts/build.mjs';
import { serveFolder } from '../scripts/static-server.mjs';
import { type DashboardOptions, DEFAULT_OPTIONS, dashboardSearch } from '../src/options.js';
import { COLUMNS } from '../src/render.js';
import { servedFailedJobs } from './support/served-failed-jobs.js';

// Not the page's defaults, so that the page must read them from its query string.
const options: DashboardOptions = { seed: 20_261_202, now: DEFAULT_OPTIONS.now, days: 5 };

describe.skipIf(!hasChromium)(
  `the MSW dashboard in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`,
  () => {
    let server: Awaited<ReturnType<typeof serveFolder>>;
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let page: Page;
    const external: string[] = [];

    beforeAll(async () => {
      if (!existsSync(`${distDir}/index.html`) || !existsSync(`${distDir}/mockServiceWorker.js`)) {
        throw new Error(
          'dist/ is not built: run `pnpm turbo run build --filter=@jobwatch/example-msw-dashboard...`',
        );
      }
      server = await serveFolder(distDir);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.on('request', (request) => {
        if (!request.url().startsWith(`${server.url}/`)) external.push(request.url());
      });
      await page.goto(`${server.url}/${dashboardSearch(options)}`);
      await page.locator('body:not([data-state="loading"])').waitFor({ timeout: 45_000 });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('lists exactly the failed jobs that the same handlers serve in Node', async () => {
      const status = await page.locator('#status').textContent();
      expect(await page.locator('body').getAttribute('data-state'), status ?? '').toBe('ready');
      const shown = await page
        .locator('#jobs tbody tr')
        .evaluateAll(
          (rows, columns) =>
            rows.map((row) =>
              Object.fromEntries(
                columns.map((column) => [
                  column,
                  row.querySelector(`td[data-column="${column}"]`)?.textContent ?? null,
                ]),
              ),
            ),
          [...COLUMNS],
        );
      const expected = await servedFailedJobs(options);
      expect(
        expected.length,
        'the window must hold failed jobs, or the comparison proves nothing',
      ).toBeGreaterThan(0);
      expect(shown).toEqual(expected);
      expect(status).toContain(`${expected.length} failed jobs`);
    });

    it('was answered by the service worker: the token and the jobs never reached the network', () => {
      expect(server.paths.filter((path) => /connect|sfbapi/i.test(path))).toEqual([]);
      expect(server.paths).toContain('/mockServiceWorker.js');
      expect(external).toEqual([]);
    });
  },
);

// Under CI a missing browser fails the run instead of skipping, so that a green CI means the page was tested
// (.ci/run installs Chromium or stops).
if (!hasChromium && process.env.CI) {
  it(`needs ${CHROMIUM} under CI (apt-get install chromium)`, () => {
    expect(hasChromium, `${CHROMIUM} is not installed`).toBe(true);
  });
}
