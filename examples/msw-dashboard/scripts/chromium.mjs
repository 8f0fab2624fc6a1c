// Debian's Chromium (no browser download), driven by playwright-core, as the mock server's /docs test drives it:
// headless, with a fresh profile directory per launch so that no service worker or cache of an earlier run can
// answer for this one.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** @returns {Promise<{ context: import('playwright-core').BrowserContext; close(): Promise<void> }>} */
export async function launchChromium() {
  const profileDir = mkdtempSync(join(tmpdir(), 'jobwatch-msw-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
