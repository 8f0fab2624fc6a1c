// Flags and their environment equivalents → run options. A flag wins over its variable.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ApiName, apiNames } from '@jobwatch/specs';
import { DYNAMICS_REVISION_MODES, type DynamicsRevisionMode } from '../runner/run.js';
import { DEFAULT_BUDGET } from '../target/config.js';
import type { Credentials } from '../target/credentials.js';

export const OPTIONS = {
  'base-url': {
    type: 'string',
    env: 'CONTRACT_BASE_URL',
    help: 'API origin of a live target; without it the suite starts the mock',
  },
  'token-url': {
    type: 'string',
    env: 'CONTRACT_TOKEN_URL',
    help: 'OAuth token endpoint (client credentials)',
  },
  'client-id': { type: 'string', env: 'CONTRACT_CLIENT_ID', help: 'client id of the app registration' },
  'client-secret': {
    type: 'string',
    env: 'CONTRACT_CLIENT_SECRET',
    help: 'client secret (prefer the variable: flags show in ps)',
  },
  cert: {
    type: 'string',
    env: 'CONTRACT_CERT',
    help: 'certificate PEM file (or PEM text) for an RS256 client assertion; adds x5t',
  },
  key: {
    type: 'string',
    env: 'CONTRACT_KEY',
    help: 'private key PEM file (or PEM text) that signs the client assertion',
  },
  token: {
    type: 'string',
    env: 'CONTRACT_TOKEN',
    help: 'a pre-issued bearer token (instead of client credentials)',
  },
  api: { type: 'string', env: 'CONTRACT_API', help: 'salesforce | dynamics365 | all (default all)' },
  'dynamics-revision': {
    type: 'string',
    env: 'CONTRACT_DYNAMICS_REVISION',
    help: 'auto | 2024-10 | 2025-04 | all (default auto: one probe decides)',
  },
  budget: {
    type: 'string',
    env: 'CONTRACT_BUDGET',
    help: `hard limit on requests for the run (default ${DEFAULT_BUDGET})`,
  },
  rate: {
    type: 'string',
    env: 'CONTRACT_RATE',
    help: 'requests per second (default 5 remote, unthrottled on loopback; 0 = unthrottled)',
  },
  report: {
    type: 'string',
    env: 'CONTRACT_REPORT',
    help: 'write the JSON report here, and JUnit XML beside it (<name>.junit.xml)',
  },
  junit: { type: 'string', env: 'CONTRACT_JUNIT', help: 'write the JUnit XML here instead' },
  only: {
    type: 'string',
    env: 'CONTRACT_ONLY',
    help: 'comma-separated check ids or prefixes, e.g. paging,filters.status',
  },
  record: {
    type: 'string',
    env: 'CONTRACT_RECORD',
    help: 'write the jobs the run saw as a mock scenario file (YAML/JSON), pseudonymised',
  },
  'record-raw': {
    type: 'boolean',
    env: 'CONTRACT_RECORD_RAW',
    help: "with --record: keep the tenant's real organization ids, names and job ids (warns)",
  },
  strict: {
    type: 'boolean',
    env: 'CONTRACT_STRICT',
    help: "fail on differences from the project's own choices (tier assumed) instead of warning",
  },
  help: { type: 'boolean', env: undefined, help: 'show this help' },
} as const;

type Name = keyof typeof OPTIONS;

export class UsageError extends Error {}

export type CliConfig = {
  help: boolean;
  baseUrl?: string;
  /** Undefined = use the mock's demo client. */
  credentials?: Credentials;
  /** The token URL given, for when the mock is started and credentials are completed with its URL. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  apis: ApiName[];
  /** Undefined = auto. */
  dynamicsRevision?: DynamicsRevisionMode;
  budget: number;
  rate?: number;
  report?: string;
  junit?: string;
  only?: string[];
  strict: boolean;
  record?: { path: string; raw: boolean };
  /** Every secret value read, for redaction of errors. */
  secrets: string[];
};

export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(
    ([name, o]) =>
      `  --${`${name}${o.type === 'string' ? ' <value>' : ''}`.padEnd(24)} ${(o.env ?? '').padEnd(24)} ${o.help}`,
  );
  return [
    'Usage: jobwatch-contract [options]   (pnpm contract -- [options])',
    '',
    'Runs the contract checks against the mock (default) or a live target and writes a drift report.',
    'Exit code: 0 no check failed (warnings included), 1 drift found (a check failed; with --strict also a',
    "warning), 2 usage or setup error. A warning is a difference from one of the project's own choices.",
    '',
    `  ${'flag'.padEnd(26)} ${'environment'.padEnd(24)} meaning`,
    ...rows,
  ].join('\n');
}

/** A PEM given inline, or read from a file. */
function pem(value: string, what: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the ${what} file ${value}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

function positiveInt(value: string, name: string, allowZero = false): number {
  if (!/^\d+(\.\d+)?$/.test(value) || (!allowZero && Number(value) <= 0)) {
    throw new UsageError(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not "${value}"`,
    );
  }
  return Number(value);
}

/** A boolean flag, or its variable: 1/true/yes or 0/false/no (anything else is a usage error). */
function flag(value: unknown, fromEnv: string | undefined, name: string): boolean {
  if (value === true) return true;
  if (fromEnv === undefined || fromEnv === '') return false;
  if (/^(1|true|yes)$/i.test(fromEnv)) return true;
  if (/^(0|false|no)$/i.test(fromEnv)) return false;
  throw new UsageError(`${OPTIONS[name as Name].env} must be 1/true/yes or 0/false/no, not "${fromEnv}"`);
}

export function parseCli(argv: readonly string[], env: Record<string, string | undefined>): CliConfig {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type }])) as Record<
        string,
        { type: 'string' | 'boolean' }
      >,
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const get = (name: Name): string | undefined => {
    const v = parsed.values[name];
    if (typeof v === 'string' && v !== '') return v;
    const e = OPTIONS[name].env;
    const fromEnv = e ? env[e] : undefined;
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const secrets: string[] = [];
  const config: CliConfig = {
    help: parsed.values.help === true,
    strict: flag(parsed.values.strict, env.CONTRACT_STRICT, 'strict'),
    apis: [...apiNames],
    budget: DEFAULT_BUDGET,
    secrets,
  };
  const api = get('api') ?? 'all';
  if (api !== 'all') {
    if (!(apiNames as readonly string[]).includes(api))
      throw new UsageError(`--api must be salesforce, dynamics365 or all, not "${api}"`);
    config.apis = [api as ApiName];
  }
  const revision = get('dynamics-revision');
  if (revision !== undefined) {
    if (!(DYNAMICS_REVISION_MODES as readonly string[]).includes(revision)) {
      throw new UsageError(
        `--dynamics-revision must be ${DYNAMICS_REVISION_MODES.join(', ')}, not "${revision}"`,
      );
    }
    config.dynamicsRevision = revision as DynamicsRevisionMode;
  }
  const budget = get('budget');
  if (budget) config.budget = Math.floor(positiveInt(budget, 'budget'));
  const rate = get('rate');
  if (rate) config.rate = positiveInt(rate, 'rate', true);
  config.report = get('report');
  config.junit = get('junit');
  const record = get('record');
  const recordRaw = flag(parsed.values['record-raw'], env.CONTRACT_RECORD_RAW, 'record-raw');
  if (recordRaw && !record) throw new UsageError('--record-raw needs --record <file.yaml>');
  if (record) {
    if (!/\.(ya?ml|json)$/i.test(record))
      throw new UsageError(
        `--record writes a scenario file: its name ends in .yaml, .yml or .json, not "${record}"`,
      );
    config.record = { path: record, raw: recordRaw };
  }
  const only = get('only');
  if (only)
    config.only = only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  config.baseUrl = get('base-url');
  if (config.baseUrl) {
    try {
      new URL(config.baseUrl);
    } catch {
      throw new UsageError(`--base-url is not a URL: ${config.baseUrl}`);
    }
  }

  const tokenUrl = get('token-url');
  const clientId = get('client-id');
  const clientSecret = get('client-secret');
  const token = get('token');
  const certFile = get('cert');
  const keyFile = get('key');
  for (const s of [clientSecret, token]) if (s) secrets.push(s);
  config.tokenUrl = tokenUrl;
  config.clientId = clientId;
  config.clientSecret = clientSecret;

  if (token) {
    config.credentials = { kind: 'bearer-token', token };
  } else if (keyFile || certFile) {
    if (!keyFile)
      throw new UsageError('--cert needs --key (the private key that signs the client assertion)');
    if (!clientId) throw new UsageError('--key needs --client-id');
    const privateKeyPem = pem(keyFile, 'private key');
    secrets.push(privateKeyPem);
    if (!tokenUrl && config.baseUrl) throw new UsageError('certificate credentials need --token-url');
    config.credentials = {
      kind: 'certificate',
      clientId,
      privateKeyPem,
      certificatePem: certFile ? pem(certFile, 'certificate') : undefined,
      tokenUrl: tokenUrl ?? '',
    };
  } else if (clientSecret) {
    if (!clientId) throw new UsageError('--client-secret needs --client-id');
    if (!tokenUrl && config.baseUrl) throw new UsageError('client-secret credentials need --token-url');
    config.credentials = { kind: 'client-secret', clientId, clientSecret, tokenUrl: tokenUrl ?? '' };
  } else if (config.baseUrl) {
    throw new UsageError(
      'a live target needs credentials: --token, or --client-id with --client-secret or --key, and --token-url',
    );
  }
  return config;
}
