// Flags and environment variables of `jobwatch-mock` (node:util parseArgs). A flag wins over its env var.
// Bad values throw ConfigError with one line; bin.ts prints it and exits 2.
import { parseArgs } from 'node:util';
import { type ClientConfig, parseClientFlag } from '../auth/clients.js';
import { loadClientsFile } from '../auth/clients-file.js';
import { CLOCK_QUANTUM_MS, MAX_SPEED } from '../clock.js';
import { ConfigError } from '../errors.js';
import { parseLatency } from '../faults.js';
import {
  DEFAULT_PAGE_CACHE_ENTRIES,
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_JOBS_PER_API,
  MAX_ORGS_PER_API,
  MAX_PAGE_CACHE_ENTRIES,
  REQUEST_TIMEOUT_MS,
  type ServerTimeouts,
} from '../limits.js';
import {
  type AppOptions,
  checkSpeed,
  DEFAULT_JOBS,
  DEFAULT_SEED,
  DYNAMICS_REVISION_MODES,
  type DynamicsRevisionMode,
  parseClockMode,
  parseNow,
  tokenAudiencesOf,
} from '../options.js';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

interface FlagDoc {
  flag: string;
  env: string;
  text: string;
}

/** One line per flag (also the README table). */
export const FLAGS: readonly FlagDoc[] = [
  {
    flag: '--port <n>',
    env: 'MOCK_PORT',
    text: `port to listen on, 0 for a free one (default ${DEFAULT_PORT})`,
  },
  { flag: '--host <addr>', env: 'MOCK_HOST', text: `address to bind (default ${DEFAULT_HOST})` },
  { flag: '--seed <int>', env: 'MOCK_SEED', text: `dataset seed, 0-4294967295 (default ${DEFAULT_SEED})` },
  {
    flag: '--jobs <n>',
    env: 'MOCK_JOBS',
    text: `about how many generated jobs per API to keep behind now, 0-${MAX_JOBS_PER_API} (default ${DEFAULT_JOBS})`,
  },
  {
    flag: '--orgs <n>',
    env: 'MOCK_ORGS',
    text: `organizations per API, 1-${MAX_ORGS_PER_API} (default: grows with --jobs, 25 for 10,000)`,
  },
  {
    flag: '--now <iso>',
    env: 'MOCK_NOW',
    text: 'the instant the data clock starts at, ISO instant (default: the current time)',
  },
  {
    flag: '--clock <real|frozen>',
    env: 'MOCK_CLOCK',
    text: `real: the data clock runs from --now (default); frozen: every answer is as of --now (t in whole seconds: ${CLOCK_QUANTUM_MS} ms)`,
  },
  {
    flag: '--speed <factor>',
    env: 'MOCK_SPEED',
    text: `how fast the real clock runs, up to ${MAX_SPEED} (default 1; 3600 = an hour a second)`,
  },
  {
    flag: '--client <id:secret>',
    env: 'MOCK_CLIENT',
    text: 'register a client with both scopes; repeatable (env: space-separated)',
  },
  {
    flag: '--clients <file>',
    env: 'MOCK_CLIENTS_FILE',
    text: 'JSON/YAML list of clients {clientId, clientSecret?, certificate?, scopes?}',
  },
  { flag: '--no-auth', env: 'MOCK_NO_AUTH=1', text: 'accept API requests without a bearer token' },
  {
    flag: '--latency <ms|min-max>',
    env: 'MOCK_LATENCY',
    text: 'add latency to every API response (at most 30000 ms)',
  },
  {
    flag: '--scenario <file>',
    env: 'MOCK_SCENARIO',
    text: 'JSON/YAML file of exact jobs added on top of the generated ones',
  },
  {
    flag: '--issuer <url>',
    env: 'MOCK_ISSUER',
    text: 'iss of issued access tokens (replicas must share it)',
  },
  {
    flag: '--token-secret <s>',
    env: 'MOCK_TOKEN_SECRET',
    text: 'signing key of access tokens (default: derived from the seed)',
  },
  {
    flag: '--token-audience <url>',
    env: 'MOCK_TOKEN_AUDIENCE',
    text: "extra accepted aud of client assertions, besides this server's token URLs; repeatable (env: space-separated)",
  },
  {
    flag: '--headers-timeout <ms>',
    env: 'MOCK_HEADERS_TIMEOUT',
    text: `408 when the request headers take longer (default ${HEADERS_TIMEOUT_MS})`,
  },
  {
    flag: '--request-timeout <ms>',
    env: 'MOCK_REQUEST_TIMEOUT',
    text: `408 when the whole request takes longer (default ${REQUEST_TIMEOUT_MS})`,
  },
  {
    flag: '--keep-alive-timeout <ms>',
    env: 'MOCK_KEEP_ALIVE_TIMEOUT',
    text: `close idle keep-alive connections after this (default ${KEEP_ALIVE_TIMEOUT_MS})`,
  },
  {
    flag: '--page-cache <n>',
    env: 'MOCK_PAGE_CACHE',
    text: `most cached page bodies, 0 disables the cache (default ${DEFAULT_PAGE_CACHE_ENTRIES})`,
  },
  {
    flag: '--dynamics-revision <r>',
    env: 'MOCK_DYNAMICS_REVISION',
    text: `Dynamics 365 revision served: ${DYNAMICS_REVISION_MODES.join('|')} (default auto: ticks → 2024-10, ISO → 2025-04)`,
  },
  {
    flag: '--log-level <level>',
    env: 'MOCK_LOG_LEVEL',
    text: `${LOG_LEVELS.join('|')} (default info; debug logs each request)`,
  },
  { flag: '--help', env: '', text: 'print this help and exit' },
];

export function helpText(): string {
  const width = Math.max(...FLAGS.map((f) => f.flag.length)) + 2;
  const envWidth = Math.max(...FLAGS.map((f) => f.env.length)) + 2;
  const lines = FLAGS.map((f) => `  ${f.flag.padEnd(width)}${f.env.padEnd(envWidth)}${f.text}`);
  return [
    'Usage: jobwatch-mock [flags]   (from the repository root: pnpm mock -- [flags])',
    '',
    'Mock of the Cloud Backup job APIs (Salesforce and Dynamics 365), with OAuth client credentials.',
    '',
    `  ${'flag'.padEnd(width)}${'env var'.padEnd(envWidth)}description`,
    ...lines,
    '',
  ].join('\n');
}

export interface CliConfig {
  help: boolean;
  port: number;
  host: string;
  logLevel: string;
  app: AppOptions;
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text))
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function truthy(text: string | undefined): boolean {
  return text !== undefined && /^(1|true|yes|on)$/i.test(text.trim());
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliConfig {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        orgs: { type: 'string' },
        now: { type: 'string' },
        clock: { type: 'string' },
        speed: { type: 'string' },
        client: { type: 'string', multiple: true },
        clients: { type: 'string' },
        'no-auth': { type: 'boolean' },
        latency: { type: 'string' },
        scenario: { type: 'string' },
        issuer: { type: 'string' },
        'token-secret': { type: 'string' },
        'token-audience': { type: 'string', multiple: true },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        'keep-alive-timeout': { type: 'string' },
        'log-level': { type: 'string' },
        'page-cache': { type: 'string' },
        'dynamics-revision': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    // parseArgs messages are one line already ("Unknown option '--x'…"); keep the first line only.
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const pick = (flag: string | undefined, envName: string): string | undefined => flag ?? env[envName];

  const app: AppOptions = {};
  const seed = pick(values.seed, 'MOCK_SEED');
  if (seed !== undefined) app.seed = integer('--seed', seed, 0, 0xffffffff);
  const jobs = pick(values.jobs, 'MOCK_JOBS');
  if (jobs !== undefined) app.jobs = integer('--jobs', jobs, 0, MAX_JOBS_PER_API);
  const orgs = pick(values.orgs, 'MOCK_ORGS');
  if (orgs !== undefined) app.orgs = integer('--orgs', orgs, 1, MAX_ORGS_PER_API);
  const now = pick(values.now, 'MOCK_NOW');
  if (now !== undefined) {
    try {
      app.now = parseNow(now);
    } catch (error) {
      throw new ConfigError(`--${(error as Error).message}, got "${now}"`);
    }
  }
  const clock = pick(values.clock, 'MOCK_CLOCK');
  if (clock !== undefined) {
    try {
      app.clockMode = parseClockMode(clock);
    } catch (error) {
      throw new ConfigError(`--${(error as Error).message}`);
    }
  }
  const speed = pick(values.speed, 'MOCK_SPEED');
  if (speed !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(speed)) {
      throw new ConfigError(`--speed must be a number above 0 and at most ${MAX_SPEED}, got "${speed}"`);
    }
    try {
      app.speed = checkSpeed(Number(speed));
    } catch (error) {
      throw new ConfigError(`--${(error as Error).message}, got "${speed}"`);
    }
  }
  const clients: ClientConfig[] = [];
  const clientFlags = values.client ?? env.MOCK_CLIENT?.split(/\s+/).filter((c) => c !== '') ?? [];
  for (const flag of clientFlags) clients.push(parseClientFlag(flag));
  const clientsFile = pick(values.clients, 'MOCK_CLIENTS_FILE');
  if (clientsFile !== undefined) clients.push(...loadClientsFile(clientsFile));
  if (clients.length > 0) app.clients = clients;
  if (values['no-auth'] === true || truthy(env.MOCK_NO_AUTH)) app.auth = false;
  const latency = pick(values.latency, 'MOCK_LATENCY');
  if (latency !== undefined) app.latency = parseLatency(latency);
  const scenario = pick(values.scenario, 'MOCK_SCENARIO');
  if (scenario !== undefined) app.scenario = scenario;
  const issuer = pick(values.issuer, 'MOCK_ISSUER');
  if (issuer !== undefined) {
    if (issuer.trim() === '') throw new ConfigError('--issuer must not be empty');
    app.issuer = issuer;
  }
  const tokenSecret = pick(values['token-secret'], 'MOCK_TOKEN_SECRET');
  if (tokenSecret !== undefined) {
    if (tokenSecret.length < 16) throw new ConfigError('--token-secret must be at least 16 characters');
    app.tokenSecret = tokenSecret;
  }
  const audiences =
    values['token-audience'] ?? env.MOCK_TOKEN_AUDIENCE?.split(/\s+/).filter((a) => a !== '') ?? [];
  if (audiences.length > 0) app.tokenAudiences = tokenAudiencesOf(audiences);
  const timeouts: Partial<ServerTimeouts> = {};
  const timeoutFlags = [
    ['headers-timeout', 'MOCK_HEADERS_TIMEOUT', 'headersMs'],
    ['request-timeout', 'MOCK_REQUEST_TIMEOUT', 'requestMs'],
    ['keep-alive-timeout', 'MOCK_KEEP_ALIVE_TIMEOUT', 'keepAliveMs'],
  ] as const;
  for (const [flag, envName, key] of timeoutFlags) {
    const text = pick(values[flag], envName);
    if (text !== undefined) timeouts[key] = integer(`--${flag}`, text, 1, 3_600_000);
  }
  if (Object.keys(timeouts).length > 0) app.timeouts = timeouts;
  const pageCache = pick(values['page-cache'], 'MOCK_PAGE_CACHE');
  if (pageCache !== undefined) app.pageCache = integer('--page-cache', pageCache, 0, MAX_PAGE_CACHE_ENTRIES);
  const dynamicsRevision = pick(values['dynamics-revision'], 'MOCK_DYNAMICS_REVISION');
  if (dynamicsRevision !== undefined) {
    if (!(DYNAMICS_REVISION_MODES as readonly string[]).includes(dynamicsRevision)) {
      throw new ConfigError(
        `--dynamics-revision must be one of ${DYNAMICS_REVISION_MODES.join(', ')}, got "${dynamicsRevision}"`,
      );
    }
    app.dynamicsRevision = dynamicsRevision as DynamicsRevisionMode;
  }
  const logLevel = pick(values['log-level'], 'MOCK_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const host = pick(values.host, 'MOCK_HOST') ?? DEFAULT_HOST;
  if (host.trim() === '') throw new ConfigError('--host must not be empty');
  const portText = pick(values.port, 'MOCK_PORT');
  const port = portText === undefined ? DEFAULT_PORT : integer('--port', portText, 0, 65535);

  return { help: values.help === true, port, host, logLevel, app };
}
