// Token endpoints per cloud environment (the vendor's general docs on authentication, and its current docs for
// FedRAMP; decision 0009). The government cloud, AOS2 and FedRAMP have their own identity services; every other
// region, the Google Cloud data centres included, uses the commercial one.
import { GraphError } from './errors.js';
import { isLoopbackUrl, type Region } from './regions.js';

/** The token URL of each documented environment. */
export const TOKEN_URLS = {
  commercial: 'https://identity.avepointonlineservices.com/connect/token',
  gov: 'https://identity-gov.avepointonlineservices.com/connect/token',
  aos2: 'https://identity-aos2.avepointonlineservices.com/connect/token',
  fedramp: 'https://identity.online15.net/connect/token',
} as const;

/** A documented identity environment. */
export type Environment = keyof typeof TOKEN_URLS;

/** The identity environment that serves a region: `gov`, `aos2` and `fedramp` have their own, all others are commercial. */
export function environmentForRegion(region: Region): Environment {
  return region === 'gov' || region === 'aos2' || region === 'fedramp' ? region : 'commercial';
}

/**
 * Picks the token URL: an explicit `tokenUrl` wins (the mock, a proxy), then an explicit environment, then the
 * environment of the region. A loopback base URL (a local mock) gets its own `<baseUrl>/connect/token`, so that
 * credentials meant for a test server never go to a real identity service. Any other base URL has no default:
 * it could be a proxy in front of any cloud, and guessing would send the credentials to the wrong place, so
 * this throws a `GraphError` that says what to give.
 */
export function resolveTokenUrl(options: {
  tokenUrl?: string | undefined;
  environment?: Environment | undefined;
  region?: Region | undefined;
  /** The API base URL, as given or resolved (without a trailing slash). */
  baseUrl?: string | undefined;
}): string {
  if (options.tokenUrl !== undefined) return options.tokenUrl;
  if (options.environment !== undefined) {
    const url = TOKEN_URLS[options.environment];
    if (url === undefined) throw new RangeError(`Unknown environment '${String(options.environment)}'`);
    return url;
  }
  if (options.region !== undefined) return TOKEN_URLS[environmentForRegion(options.region)];
  if (options.baseUrl !== undefined && isLoopbackUrl(options.baseUrl)) {
    return `${options.baseUrl.replace(/\/+$/, '')}/connect/token`;
  }
  const where = options.baseUrl === undefined ? 'no region or base URL' : `the base URL ${options.baseUrl}`;
  throw new GraphError(
    `No token URL for ${where}: give credentials.tokenUrl (your identity service) or credentials.environment ` +
      `(${Object.keys(TOKEN_URLS).join(', ')}); only a region or a loopback base URL has a default`,
  );
}
