// `jobs` as a function: argv and streams in, an exit code out. bin.ts wires it to the process; tests call it too.
import { HELP, parseCommandLine } from './args.js';
import type { CommandContext, Format, Io } from './commands/context.js';
import { listCommand } from './commands/list.js';
import { summaryCommand } from './commands/summary.js';
import { watchCommand } from './commands/watch.js';
import { positiveInteger, resolveConnection } from './config.js';
import { parseDuration, parseInstant } from './duration.js';
import { describeError, EXIT, UsageError } from './errors.js';
import { createServerClock } from './server-clock.js';
import {
  API_NAMES,
  type ApiName,
  apiOfOrganizationId,
  createSources,
  DYNAMICS_REVISION_MODES,
  STATUS_NAMES,
  type StatusName,
} from './sources.js';

const DEFAULT_SINCE = { list: '7d', summary: '30d', watch: '24h' } as const;

/** Runs the `jobs` command line and resolves with its exit code; errors become one line on stderr. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let command: string | undefined;
  try {
    const parsed = parseCommandLine(argv);
    command = parsed.command;
    const { flags } = parsed;
    if (parsed.command === 'help') {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    const apis = chooseApis(flags.api, flags.org);
    const status: StatusName | undefined =
      flags.status === undefined ? undefined : oneOf(flags.status.toLowerCase(), STATUS_NAMES, '--status');
    const sinceMs = parseDuration(flags.since ?? DEFAULT_SINCE[parsed.command], '--since');
    const intervalMs = parseDuration(flags.interval ?? '60s', '--interval');
    const pageSize =
      flags['page-size'] === undefined ? 1000 : positiveInteger(flags['page-size'], '--page-size');
    if (pageSize > 1000) throw new UsageError('--page-size must be at most 1000');
    const format: Format = flags.json ? 'json' : flags.csv ? 'csv' : 'table';
    // A clock given (tests, --now, JOBS_NOW) is kept; otherwise the windows follow the server's clock.
    const givenNow = io.now ?? fixedNow(flags.now ?? io.env.JOBS_NOW);
    const serverClock = createServerClock();
    const resolved = resolveConnection(flags, io.env);
    const connection =
      givenNow !== undefined
        ? resolved
        : {
            ...resolved,
            options: {
              ...resolved.options,
              fetch: serverClock.observing(
                resolved.options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
              ),
            },
          };
    const ctx: CommandContext = {
      io,
      sources: createSources(
        connection,
        apis,
        oneOf(
          flags['dynamics-revision'] ?? (io.env.JOBS_DYNAMICS_REVISION || 'auto'),
          DYNAMICS_REVISION_MODES,
          '--dynamics-revision',
        ),
      ),
      sinceMs,
      status,
      organizationId: flags.org,
      pageSize,
      format,
      now: givenNow ?? serverClock.now,
    };
    if (parsed.command === 'list') return await listCommand(ctx);
    if (parsed.command === 'summary') return await summaryCommand(ctx);
    if (status !== undefined && status !== 'failed')
      throw new UsageError('watch follows failed jobs; drop --status');
    return await watchCommand(ctx, intervalMs);
  } catch (error) {
    // Ctrl-C: a watch ends cleanly; any other command was interrupted (130, as shells report SIGINT).
    if (io.signal?.aborted) return command === 'watch' ? EXIT.ok : 130;
    const { line, code } = describeError(error);
    io.stderr.write(`jobs: ${line}\n`);
    if (io.env.JOBS_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return code;
  }
}

/**
 * The APIs to ask: the one `--api` names; else, with `--org`, the API whose organization ids have that shape
 * (an organization lives in one API only, so asking the other would be a 400); else both.
 */
export function chooseApis(api: string | undefined, org: string | undefined): readonly ApiName[] {
  const chosen = api === undefined ? undefined : oneOf(api, API_NAMES, '--api');
  if (org === undefined) return chosen === undefined ? API_NAMES : [chosen];
  const owner = apiOfOrganizationId(org);
  if (chosen === undefined) {
    if (owner === undefined) {
      throw new UsageError(
        `--org '${org}' is neither a Salesforce organization id (00D…, 15 or 18 characters) nor a Dynamics 365 GUID`,
      );
    }
    return [owner];
  }
  if (owner !== undefined && owner !== chosen) {
    throw new UsageError(`--org '${org}' is a ${owner} organization id, but --api is ${chosen}`);
  }
  return [chosen];
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
}

/** A clock stopped at `--now` / JOBS_NOW, for reproducible windows (against a mock started with --now). */
function fixedNow(text: string | undefined): (() => number) | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = parseInstant(text, '--now');
  return () => ms;
}
