// The options of buildApp and their defaults, resolved and checked once. The CLI maps flags and env vars onto
// these; tests and embedders pass them directly.
import { checkScenario, type Scenario } from '@jobwatch/jobs-engine';
import type { ClientConfig } from './auth/clients.js';
import { CLOCK_MODES, type ClockMode, MAX_SPEED } from './clock.js';
import { ConfigError } from './errors.js';
import { type LatencyRange, normaliseLatency } from './faults.js';
import {
  CONNECTION_TIMEOUT_MS,
  DEFAULT_PAGE_CACHE_ENTRIES,
  defaultCheckInterval,
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_JOBS_PER_API,
  MAX_ORGS_PER_API,
  MAX_PAGE_CACHE_ENTRIES,
  MAX_URL_LENGTH,
  PAGE_CACHE_MAX_BYTES,
  REQUEST_TIMEOUT_MS,
  type ServerTimeouts,
} from './limits.js';

export const DEFAULT_SEED = 42;
export const DEFAULT_JOBS = 10_000;
export const DEFAULT_ISSUER = 'https://identity.jobwatch.mock';
export const ACCESS_TOKEN_AUDIENCE = 'jobwatch-mock-api';

/**
 * Which revision of the Dynamics 365 API `/dynamicsbackup/jobs` serves: one pinned revision, or `auto`, which
 * picks per request by the time values (decision 26): all digits is 2024-10 (ticks), anything else 2025-04.
 */
export const DYNAMICS_REVISION_MODES = ['auto', '2024-10', '2025-04'] as const;
export type DynamicsRevisionMode = (typeof DYNAMICS_REVISION_MODES)[number];

export interface LoggerSettings {
  /** pino level: fatal, error, warn, info, debug, trace, silent. Default info. */
  level?: string;
  /** Pretty-print (pino-pretty) instead of JSON lines. */
  pretty?: boolean;
}

export interface AppOptions {
  /** Integer seed of the datasets (0 … 4294967295). Default 42. */
  seed?: number;
  /** About how many generated jobs per API to keep behind now (the history's length follows). Default 10,000. */
  jobs?: number;
  /** Organizations per API. Default: grows with `jobs` (25 for 10,000, 250 for 1,000,000). */
  orgs?: number;
  /** The instant the data clock starts at. Default: the current time. */
  now?: Date | string;
  /** `real` (default): the data clock runs from `now` at `speed`; `frozen`: every answer is as of `now`. */
  clockMode?: ClockMode;
  /** How fast the real data clock runs: 3600 makes an hour pass every second. Default 1. */
  speed?: number;
  /** Extra clients (secret and/or certificate). */
  clients?: ClientConfig[];
  /** Register the demo client `jobwatch-demo` / `jobwatch-demo-secret` with both scopes. Default true. */
  demoClient?: boolean;
  /** Require a bearer token on the API routes. Default true. */
  auth?: boolean;
  /** Added latency on the API routes, ms or a uniform range. */
  latency?: number | LatencyRange;
  /** Exact jobs on top of the generated ones: a parsed scenario or the path of a JSON/YAML file. */
  scenario?: Scenario | string;
  /** false (default for buildApp) for no logs, true for info JSON, or settings. */
  logger?: boolean | LoggerSettings;
  /** The `iss` of access tokens. Replicas must share it to accept each other's tokens. */
  issuer?: string;
  /** Overrides the seed-derived signing key of access tokens. */
  tokenSecret?: string;
  /**
   * Extra accepted `aud` values of client assertions (absolute http(s) URLs), besides this server's token URL at
   * each address it listens on and the vendor's documented token URLs. Never taken from a request.
   */
  tokenAudiences?: string[];
  /** Server timeouts in ms (defaults in limits.ts: headers 20 s, request 30 s, keep-alive 72 s, idle 120 s). */
  timeouts?: Partial<ServerTimeouts>;
  /** Longest request target before 414. Default 8192. */
  maxUrlLength?: number;
  /** Wall clock in ms, for token lifetimes and the data clock (tests move it). Default Date.now. */
  clock?: () => number;
  /** Most cached 200 page bodies (without their per-response ids); 0 disables the cache. Default 20,000. */
  pageCache?: number;
  /** Bytes of the page cache's arena (cached bodies). Default 64 MiB. */
  pageCacheBytes?: number;
  /** The Dynamics 365 revision served: `auto` (default: by the request's time format), `2024-10` or `2025-04`. */
  dynamicsRevision?: DynamicsRevisionMode;
}

export interface ResolvedOptions {
  seed: number;
  jobs: number;
  /** undefined: the engine's default for `jobs`. */
  orgs: number | undefined;
  now: Date;
  clockMode: ClockMode;
  speed: number;
  clients: ClientConfig[];
  demoClient: boolean;
  auth: boolean;
  latency: LatencyRange | null;
  scenario: Scenario | string | undefined;
  logger: false | Required<LoggerSettings>;
  issuer: string;
  tokenSecret: string | undefined;
  tokenAudiences: string[];
  timeouts: ServerTimeouts;
  maxUrlLength: number;
  clock: () => number;
  pageCache: number;
  pageCacheBytes: number;
  dynamicsRevision: DynamicsRevisionMode;
}

/** The current time: with the real clock at speed 1, replicas started at different times answer alike. */
export function defaultNow(clock: () => number = Date.now): Date {
  return new Date(clock());
}

export function parseClockMode(value: string): ClockMode {
  if (!(CLOCK_MODES as readonly string[]).includes(value)) {
    throw new ConfigError(`clock must be one of ${CLOCK_MODES.join(', ')}, got "${value}"`);
  }
  return value as ClockMode;
}

export function checkSpeed(value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value > MAX_SPEED) {
    throw new ConfigError(`speed must be a number above 0 and at most ${MAX_SPEED}`);
  }
  return value;
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function parseNow(value: Date | string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  // An ISO instant with a zone: a bare date or local time would make replicas in other zones disagree.
  if (
    typeof value === 'string' &&
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw new ConfigError(
      `now must be an ISO 8601 instant with Z or an offset, such as 2025-01-01T00:00:00Z`,
    );
  }
  if (Number.isNaN(date.getTime())) throw new ConfigError('now is not a valid instant');
  // The service is .NET: a DateTime holds years 0001 to 9999 only (and Dynamics ticks count from 0001-01-01).
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999)
    throw new ConfigError('now must be an instant in the years 0001 to 9999 (UTC)');
  return date;
}

/** Checks `--token-audience` values: absolute http(s) URLs. */
export function tokenAudiencesOf(values: readonly string[]): string[] {
  return values.map((value) => {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ConfigError(`token audience must be an absolute http(s) URL, got "${value.slice(0, 200)}"`);
    }
    return value;
  });
}

const MAX_TIMEOUT_MS = 3_600_000;

function timeoutsOf(given: Partial<ServerTimeouts> = {}): ServerTimeouts {
  const ms = (name: keyof ServerTimeouts, fallback: number) =>
    integerIn(`timeouts.${name}`, given[name] ?? fallback, 1, MAX_TIMEOUT_MS);
  const requestMs = ms('requestMs', REQUEST_TIMEOUT_MS);
  const headersMs = ms('headersMs', Math.min(HEADERS_TIMEOUT_MS, requestMs));
  if (headersMs > requestMs) throw new ConfigError('timeouts.headersMs must not exceed timeouts.requestMs');
  return {
    headersMs,
    requestMs,
    keepAliveMs: ms('keepAliveMs', KEEP_ALIVE_TIMEOUT_MS),
    idleMs: ms('idleMs', CONNECTION_TIMEOUT_MS),
    checkIntervalMs: ms('checkIntervalMs', defaultCheckInterval(headersMs, requestMs)),
  };
}

/** A scenario file's path as given, or a scenario object whose outline the engine checks (a ConfigError if not). */
function scenarioOption(value: Scenario | string | undefined): Scenario | string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  try {
    return checkScenario(value);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export function resolveOptions(options: AppOptions = {}): ResolvedOptions {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? false;
  return {
    seed: integerIn('seed', options.seed ?? DEFAULT_SEED, 0, 0xffffffff),
    jobs: integerIn('jobs', options.jobs ?? DEFAULT_JOBS, 0, MAX_JOBS_PER_API),
    orgs: options.orgs === undefined ? undefined : integerIn('orgs', options.orgs, 1, MAX_ORGS_PER_API),
    now: options.now === undefined ? defaultNow(clock) : parseNow(options.now),
    clockMode: parseClockMode(options.clockMode ?? 'real'),
    speed: checkSpeed(options.speed ?? 1),
    clients: options.clients ?? [],
    demoClient: options.demoClient ?? true,
    auth: options.auth ?? true,
    latency: normaliseLatency(options.latency),
    scenario: scenarioOption(options.scenario),
    logger:
      logger === false
        ? false
        : {
            level: (logger === true ? undefined : logger.level) ?? 'info',
            pretty: logger !== true && logger.pretty === true,
          },
    issuer: options.issuer ?? DEFAULT_ISSUER,
    tokenSecret: options.tokenSecret,
    tokenAudiences: tokenAudiencesOf(options.tokenAudiences ?? []),
    timeouts: timeoutsOf(options.timeouts),
    maxUrlLength: integerIn('maxUrlLength', options.maxUrlLength ?? MAX_URL_LENGTH, 256, 1_000_000),
    clock,
    pageCache: integerIn(
      'pageCache',
      options.pageCache ?? DEFAULT_PAGE_CACHE_ENTRIES,
      0,
      MAX_PAGE_CACHE_ENTRIES,
    ),
    pageCacheBytes: integerIn(
      'pageCacheBytes',
      options.pageCacheBytes ?? PAGE_CACHE_MAX_BYTES,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    dynamicsRevision: dynamicsRevisionMode(options.dynamicsRevision ?? 'auto'),
  };
}

export function dynamicsRevisionMode(value: string): DynamicsRevisionMode {
  if (!(DYNAMICS_REVISION_MODES as readonly string[]).includes(value)) {
    throw new ConfigError(
      `dynamicsRevision must be one of ${DYNAMICS_REVISION_MODES.join(', ')}, not ${JSON.stringify(value)}`,
    );
  }
  return value as DynamicsRevisionMode;
}
