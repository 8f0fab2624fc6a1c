import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium. */
export const CHROMIUM: string;
/** Whether it is installed (apt-get install chromium). */
export const hasChromium: boolean;
/** The flags every launch passes. */
export const CHROMIUM_ARGS: readonly string[];
/** Launches it headless with a fresh profile; `close()` ends it and removes the profile. */
export function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }>;
