// The command line of `jobs`, parsed with node:util parseArgs (strict: unknown flags are errors).
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** Every flag `jobs` knows; each command ignores those it does not use. */
export const OPTIONS = {
  api: { type: 'string' },
  since: { type: 'string' },
  now: { type: 'string' },
  status: { type: 'string' },
  org: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  interval: { type: 'string' },
  'page-size': { type: 'string' },
  'base-url': { type: 'string' },
  region: { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  token: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'dynamics-revision': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed flags. */
export type Flags = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

/** The commands. */
export const COMMANDS = ['list', 'summary', 'watch'] as const;
export type Command = (typeof COMMANDS)[number];

/** Parses argv into a command and its flags. Throws UsageError (or parseArgs' own error) on a bad command line. */
export function parseCommandLine(argv: readonly string[]): { command: Command | 'help'; flags: Flags } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [command, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return { command: 'help', flags: values };
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command '${command}'; expected one of ${COMMANDS.join(', ')}`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (values.json && values.csv) throw new UsageError('give --json or --csv, not both');
  return { command: command as Command, flags: values };
}

/** The help text, also the README's reference. */
export const HELP = `Usage: jobs <command> [flags]
       (installed as \`jobwatch\` and \`jobs\`; in a shell \`jobs\` is a builtin, so run \`jobwatch\`)

Backup jobs of Cloud Backup for Salesforce and for Dynamics 365, for the person on call.

Commands:
  list      list jobs: jobs list --api salesforce --since 7d --status failed --org <id>
  summary   per organization and per status: counts, failure rate, data backed up (both APIs)
  watch     poll and print each new failed job once; Ctrl-C stops it

Filters and output:
  --api <salesforce|dynamics365>   one API (default: both; with --org, the API of that id)
  --since <duration>               window back from now: 30s, 15m, 12h, 7d, 2w
                                   (default: list 7d, summary 30d, watch 24h)
  --now <iso>                      end the window at this instant instead of the current time
                                   (also JOBS_NOW), e.g. against a mock started with --now
  --status <name>                  in-progress, finished, finished-with-exception, failed,
                                   paused, stopped, skipped (the last three: Salesforce only)
  --org <id>                       one organization: a Salesforce id (00D..., 15 or 18
                                   characters) or a Dynamics 365 GUID
  --json | --csv                   machine-readable output (default: a table)
  --interval <duration>            watch: time between polls (default 60s)
  --page-size <n>                  jobs per request, 1-1000 (default 1000)

Connection (flag, or environment variable):
  --base-url <url>        JOBS_BASE_URL        API base URL (default http://127.0.0.1:4010, the mock)
  --region <dc>           JOBS_REGION          data centre: us, uk, de, au, ... (instead of --base-url)
  --token-url <url>       JOBS_TOKEN_URL       token endpoint (default: <base-url>/connect/token for a
                                               local base URL, else the region's identity service)
  --client-id <id>        JOBS_CLIENT_ID       app id (default for a local base URL: jobwatch-demo)
  --client-secret <s>     JOBS_CLIENT_SECRET   app secret (default for a local base URL: the demo secret)
  --cert <file>           JOBS_CERT            PEM certificate, with --key, instead of a secret
  --key <file>            JOBS_KEY             PEM private key of the certificate
  --token <token>         JOBS_TOKEN           a bearer token obtained elsewhere
  --timeout-ms <n>        JOBS_TIMEOUT_MS      per-request timeout (default 30000)
  --dynamics-revision <r> JOBS_DYNAMICS_REVISION  Dynamics 365 API revision: 2025-04 (what the live service
                                               answers: ISO times), 2024-10 (the first page: ticks), or
                                               auto (default: one probe request decides, then it is kept)

Exit codes: 0 ok, 1 failure, 2 bad usage, 3 unreachable, 4 authentication failed, 5 forbidden.
`;
