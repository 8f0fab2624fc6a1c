// The CLI: parse flags/env, start the mock when no base URL is given, run, print, write reports, exit code.

import { junitPathFor, writeReports } from '../report/files.js';
import { formatHeader, formatResult, formatTotals } from '../report/summary.js';
import { type ContractOptions, runContract } from '../runner/run.js';
import type { Target } from '../target/config.js';
import { tokenUrlOf } from '../target/config.js';
import { type Credentials, describeCredentials } from '../target/credentials.js';
import { DEMO_CLIENT, type MockProcess, startMock } from '../target/mock.js';
import { Redactor } from '../target/redact.js';
import { helpText, OPTIONS, parseCli, UsageError } from './args.js';

export type CliIo = { out(text: string): void; err(text: string): void };

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

const SECRET_OPTIONS = ['client-secret', 'token', 'key'] as const;

/** Secrets as typed, before parsing, so that even a usage error cannot echo one. */
function rawSecrets(argv: readonly string[], env: Record<string, string | undefined>): string[] {
  const found: string[] = [];
  SECRET_OPTIONS.forEach((name) => {
    const e = OPTIONS[name].env;
    if (e && env[e]) found.push(env[e] as string);
    argv.forEach((arg, i) => {
      if (arg === `--${name}` && argv[i + 1]) found.push(argv[i + 1] as string);
      if (arg.startsWith(`--${name}=`)) found.push(arg.slice(name.length + 3));
    });
  });
  return found;
}

/** Completes credentials for the mock: its token URL, and the demo client when none were given. */
function mockCredentials(given: Credentials | undefined, mock: MockProcess): Credentials {
  if (!given) return { kind: 'client-secret', ...DEMO_CLIENT, tokenUrl: mock.tokenUrl };
  if (given.kind === 'bearer-token' || given.tokenUrl) return given;
  return { ...given, tokenUrl: mock.tokenUrl };
}

export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = processIo,
): Promise<number> {
  const redactor = new Redactor();
  for (const s of rawSecrets(argv, env)) redactor.add(s);
  const out = (t: string) => io.out(redactor.redact(t));
  const err = (t: string) => io.err(redactor.redact(t));
  let mock: MockProcess | undefined;
  try {
    const config = parseCli(argv, env);
    for (const s of config.secrets) redactor.add(s);
    if (config.help) {
      out(helpText());
      return 0;
    }
    let target: Target;
    if (config.baseUrl) {
      target = { baseUrl: config.baseUrl, credentials: config.credentials as Credentials, kind: 'live' };
    } else {
      const t0 = Date.now();
      mock = await startMock();
      out(`started the mock (pid ${mock.pid}) in ${Date.now() - t0} ms`);
      target = {
        baseUrl: mock.baseUrl,
        credentials: mockCredentials(config.credentials, mock),
        kind: 'mock',
      };
    }
    out(
      formatHeader({
        baseUrl: target.baseUrl,
        tokenUrl: tokenUrlOf(target.credentials),
        kind: target.kind ?? 'live',
        auth: describeCredentials(target.credentials),
      }),
    );
    const options: ContractOptions = {
      target,
      apis: config.apis,
      dynamicsRevision: config.dynamicsRevision,
      budget: config.budget,
      ratePerSecond: config.rate,
      only: config.only,
      strict: config.strict,
      record: config.record,
      onResult: (r) => out(formatResult(r)),
    };
    if (config.record?.raw) {
      err(
        `warning: --record-raw writes the tenant's real organization ids, names and job ids to ${config.record.path}; do not commit or share it`,
      );
    }
    const report = await runContract(options);
    out(formatTotals(report));
    if (report.recording) {
      const r = report.recording;
      const jobs = Object.entries(r.jobs)
        .map(([api, n]) => `${api} ${n}`)
        .join(', ');
      out(
        `recorded ${jobs} job(s) to ${r.path} (${r.raw ? 'RAW values' : `pseudonymised, ${r.remappedJobIds} job id(s) remapped`}); serve it with: pnpm mock --scenario ${r.path} --now ${r.recordedAt} --jobs 0`,
      );
    }
    if (config.report || config.junit) {
      const json = config.report ?? `${config.junit?.replace(/\.xml$/i, '')}.json`;
      const written = writeReports(report, json, config.junit ?? junitPathFor(json));
      out(`reports: ${written.join(', ')}`);
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`error: ${error.message}\n\n${helpText()}`);
    } else {
      err(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (mock) err(`mock output:\n${mock.output()}`);
    }
    return 2;
  } finally {
    await mock?.stop();
  }
}
