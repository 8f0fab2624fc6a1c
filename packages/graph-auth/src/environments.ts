// Token endpoints per cloud environment (FACTS.md, "Authentication"). The government cloud and AOS2 have their
// own identity services; every other region uses the commercial one.
import type { Region } from './regions.js';

/** The token URL of each documented environment. */
export const TOKEN_URLS = {
  commercial: 'https://identity.avepointonlineservices.com/connect/token',
  gov: 'https://identity-gov.avepointonlineservices.com/connect/token',
  aos2: 'https://identity-aos2.avepointonlineservices.com/connect/token',
} as const;

/** A documented identity environment. */
export type Environment = keyof typeof TOKEN_URLS;

/** The identity environment that serves a region: `gov` and `aos2` have their own, all others are commercial. */
export function environmentForRegion(region: Region): Environment {
  return region === 'gov' || region === 'aos2' ? region : 'commercial';
}

/**
 * Picks the token URL: an explicit `tokenUrl` wins (the mock, a proxy), then an explicit environment, then the
 * environment of the region, then commercial.
 */
export function resolveTokenUrl(options: {
  tokenUrl?: string;
  environment?: Environment;
  region?: Region;
}): string {
  if (options.tokenUrl !== undefined) return options.tokenUrl;
  if (options.environment !== undefined) {
    const url = TOKEN_URLS[options.environment];
    if (url === undefined) throw new RangeError(`Unknown environment '${String(options.environment)}'`);
    return url;
  }
  return TOKEN_URLS[options.region === undefined ? 'commercial' : environmentForRegion(options.region)];
}
