// The options of the MSW handlers: buildApp's, where they make sense without a server (no timeouts, logger, page
// cache or listening address), plus the base URL the handlers answer on.
import type { Scenario } from '@jobwatch/jobs-engine';
import { ConfigError } from '../errors.js';
import { type AppOptions, type ResolvedOptions, resolveOptions } from '../options.js';

export interface JobwatchHandlersOptions
  extends Pick<
    AppOptions,
    | 'seed'
    | 'jobs'
    | 'orgs'
    | 'now'
    | 'clockMode'
    | 'speed'
    | 'clients'
    | 'demoClient'
    | 'auth'
    | 'latency'
    | 'issuer'
    | 'tokenSecret'
    | 'tokenAudiences'
    | 'maxUrlLength'
    | 'clock'
    | 'dynamicsRevision'
  > {
  /** Exact jobs on top of the generated ones, as an object (`parseScenario` reads a file's text). */
  scenario?: Scenario;
  /**
   * The origin (and optional path prefix) the handlers answer on, such as `https://api.example.com` or
   * `http://localhost:4010`. Default: any origin.
   */
  baseUrl?: string;
}

export interface ResolvedHandlersOptions extends ResolvedOptions {
  /** The base URL without a trailing slash, or null for any origin. */
  baseUrl: string | null;
}

function baseUrlOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new ConfigError(
      `baseUrl must be an absolute http(s) URL without a query, such as https://api.example.com; got "${String(value).slice(0, 200)}"`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function resolveHandlersOptions(options: JobwatchHandlersOptions = {}): ResolvedHandlersOptions {
  if (typeof options.scenario === 'string') {
    throw new ConfigError(
      'scenario must be a scenario object: the handlers read no files (parse the text with parseScenario)',
    );
  }
  const { baseUrl, ...appOptions } = options;
  return { ...resolveOptions(appOptions), baseUrl: baseUrlOf(baseUrl) };
}
