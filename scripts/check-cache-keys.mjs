// Proves that turbo's cache keys follow their inputs (a CI step, `node scripts/check-cache-keys.mjs`).
//
// In a scratch copy of the repository, each case changes one input (a shared config, a vendor page, a README, an
// environment variable, the Node version) and compares every task hash of a `turbo run … --dry=json` before and
// after. A case fails when a task that reads the input keeps its hash (the cache could replay a stale result), or
// when a task that must not depend on it changes (the cache would be thrown away on every run, as when lint read
// vitest's result files). Runs in a few seconds: dry runs execute nothing.
//
// `--other-node /path/to/node` also runs the dry run under that Node (CI passes Node 24): every hash must differ.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TASKS = ['generate', 'build', 'typecheck', 'lint', 'lint:package', 'test', 'lint:root'];

/** A scratch git repository holding the tracked and untracked-but-not-ignored files of this checkout. */
function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'jobwatch-cache-keys-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  // turbo and its dependencies come from this checkout; node_modules is ignored, so it is not an input.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=check', '-c', 'user.email=check@localhost', 'commit', '-q', '-m', 'scratch');
  return dir;
}

/** taskId → { hash, command } for every task of a dry run through the repo's turbo wrapper. */
function dryRun(dir, { env = {}, node = process.execPath } = {}) {
  return turboDryRun(dir, node, [join(dir, 'scripts/turbo.mjs')], env);
}

/** Runs `file ...leading run TASKS --dry=json` in dir and reads taskId → { hash, command } from its summary. */
function turboDryRun(dir, file, leading, env) {
  const out = execFileSync(file, [...leading, 'run', ...TASKS, '--dry=json', '--output-logs=none'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env },
  });
  const summary = JSON.parse(out.slice(out.indexOf('{')));
  return new Map(
    summary.tasks.map((task) => [
      task.taskId,
      { hash: task.hash, command: task.command, directory: task.directory },
    ]),
  );
}

const base = (() => {
  const dir = scratchCopy();
  const hashes = dryRun(dir);
  return { dir, hashes };
})();
const real = [...base.hashes].filter(([, task]) => task.command !== '<NONEXISTENT>').map(([id]) => id);
const of = (task) => real.filter((id) => id.endsWith(`#${task}`));
const pkgOf = (id) => id.slice(0, id.indexOf('#'));
if (of('test').length < 8 || of('build').length < 8 || of('generate').length < 2 || of('lint').length < 8) {
  throw new Error(`check-cache-keys: the dry run found too few tasks (${real.join(', ')})`);
}

/** Package directory (relative to the root) of each package name, from the dry run's own view. */
const dirOf = new Map([...base.hashes].map(([id, task]) => [pkgOf(id), task.directory]));

// The contract suite's test reads its README (the check table must show each check's tier) and the decision
// notes its rules cite (packages/contract/turbo.json), so those files are inputs of that test.
const CONTRACT_TEST = '@jobwatch/contract#test';
const MSW_EXAMPLE = '@jobwatch/example-msw-dashboard';
// Every README's TypeScript blocks are type-checked by packages/readme-examples (its turbo.json).
const README_EXAMPLES = '@jobwatch/readme-examples#typecheck';
const readmes = [...dirOf]
  .filter(([name, dir]) => real.includes(`${name}#lint`) && existsSync(join(base.dir, dir, 'README.md')))
  .map(([name, dir]) =>
    `${name}#test` === CONTRACT_TEST
      ? { file: `${dir}/README.md`, changes: [`${name}#lint`, CONTRACT_TEST, README_EXAMPLES] }
      : { file: `${dir}/README.md`, changes: [`${name}#lint`, README_EXAMPLES], keeps: [`${name}#test`] },
  );

const lintPackages = of('lint').map(pkgOf);
// Files that lint must never read: build output, test reports, dependencies, turbo's logs.
const ignoredByLint = lintPackages.map((name) => ({
  create: ['dist/stray.ts', 'reports/junit.xml', 'node_modules/.stray/index.ts', '.turbo/turbo-test.log'].map(
    (file) => `${dirOf.get(name)}/${file}`,
  ),
  changes: [],
  keeps: [`${name}#lint`],
}));

const cases = [
  { file: 'packages/tsconfig/base.json', changes: [...of('build'), ...of('typecheck'), ...of('test')] },
  { file: 'packages/vitest-config/index.js', changes: of('test') },
  { file: 'packages/vitest-config/index.d.ts', changes: of('typecheck') },
  // The Chromium launcher of the browser tests: the two suites that launch it, and every typecheck (its types).
  {
    file: 'packages/browser-testing/index.js',
    changes: ['@jobwatch/mock-server#test', `${MSW_EXAMPLE}#test`],
    keeps: ['@jobwatch/specs#test'],
  },
  { file: 'packages/browser-testing/index.d.ts', changes: of('typecheck') },
  {
    file: 'packages/codegen-config/index.js',
    changes: [...of('generate'), ...of('generate').map((id) => id.replace('#generate', '#build'))],
  },
  {
    file: 'packages/codegen-config/index.d.ts',
    changes: of('typecheck').filter((id) => of('generate').includes(id.replace('#typecheck', '#generate'))),
  },
  {
    file: 'specs/vendor/salesforce-backup-jobs.md',
    changes: ['@jobwatch/specs#test'],
    keeps: ['@jobwatch/specs#build', ...of('generate')],
  },
  {
    file: 'specs/vendor/dynamics365-backup-jobs.md',
    changes: ['@jobwatch/specs#test'],
    keeps: ['@jobwatch/specs#build'],
  },
  {
    file: 'specs/redocly.yaml',
    changes: ['@jobwatch/specs#lint', '@jobwatch/specs#test'],
    keeps: ['@jobwatch/specs#build', ...of('generate')],
  },
  {
    file: 'specs/salesforce-backup.yaml',
    changes: ['@jobwatch/specs#build', ...of('generate'), ...of('test')],
  },
  { file: 'apps/mock-server/vitest.e2e.config.ts', changes: ['@jobwatch/mock-server#test'] },
  // The MSW example's build and test read its scripts (examples/msw-dashboard/turbo.json); the benchmark's
  // runner is read by neither.
  {
    file: 'examples/msw-dashboard/scripts/build.mjs',
    changes: [`${MSW_EXAMPLE}#build`, `${MSW_EXAMPLE}#test`, `${MSW_EXAMPLE}#typecheck`],
  },
  {
    file: 'examples/msw-dashboard/scripts/static-server.mjs',
    changes: [`${MSW_EXAMPLE}#test`, `${MSW_EXAMPLE}#typecheck`],
    keeps: [`${MSW_EXAMPLE}#build`],
  },
  {
    file: 'examples/msw-dashboard/scripts/bench.mjs',
    changes: [`${MSW_EXAMPLE}#typecheck`, `${MSW_EXAMPLE}#lint`],
    keeps: [`${MSW_EXAMPLE}#build`, `${MSW_EXAMPLE}#test`],
  },
  { file: 'biome.json', changes: [...of('lint'), '//#lint:root'] },
  { file: 'README.md', changes: ['//#lint:root', README_EXAMPLES], keeps: of('test') },
  { file: 'decisions/README.md', changes: ['//#lint:root'], keeps: of('test') },
  { file: 'knip.jsonc', changes: ['//#lint:root'], keeps: of('test') },
  {
    file: 'decisions/0001-vendor-page-readings.md',
    changes: ['//#lint:root', CONTRACT_TEST],
    keeps: of('test').filter((id) => id !== CONTRACT_TEST),
  },
  ...readmes,
  ...ignoredByLint,
  ...['FUZZ_SEED', 'FUZZ_RUNS'].map((name) => ({
    env: { [name]: 'check-cache-keys' },
    changes: ['@jobwatch/hardening#test'],
    keeps: [...of('build'), ...of('test').filter((id) => id !== '@jobwatch/hardening#test')],
  })),
  { env: { CI: 'check-cache-keys' }, changes: of('test') },
  // The wrapper takes the version from the running Node; a different value stands in for a different Node.
  { env: { JOBWATCH_NODE_VERSION: 'v0.0.0-check' }, changes: real, viaTurbo: true },
];
const otherNode = process.argv.indexOf('--other-node');
if (otherNode > 0) cases.push({ node: process.argv[otherNode + 1], changes: real });

/** A dry run that bypasses the wrapper, for the case that sets the Node version by hand. */
function dryRunRaw(dir, env) {
  return turboDryRun(dir, join(dir, 'node_modules/.bin/turbo'), [], env);
}

const failures = [];
for (const testCase of cases) {
  const label =
    testCase.file ??
    (testCase.create ? `new ${testCase.create.join(', ')}` : undefined) ??
    (testCase.node ? `node ${testCase.node}` : `env ${JSON.stringify(testCase.env)}`);
  if (testCase.file && !existsSync(join(base.dir, testCase.file))) {
    failures.push(`${label}: the file does not exist (update scripts/check-cache-keys.mjs)`);
    continue;
  }
  if (testCase.file) appendFileSync(join(base.dir, testCase.file), '\n');
  for (const file of testCase.create ?? []) {
    mkdirSync(dirname(join(base.dir, file)), { recursive: true });
    writeFileSync(join(base.dir, file), 'export const stray = 1;\n');
  }
  try {
    const after = testCase.viaTurbo
      ? dryRunRaw(base.dir, testCase.env)
      : dryRun(base.dir, { env: testCase.env, node: testCase.node });
    const same = testCase.changes.filter((id) => after.get(id)?.hash === base.hashes.get(id)?.hash);
    const moved = (testCase.keeps ?? []).filter((id) => after.get(id)?.hash !== base.hashes.get(id)?.hash);
    if (testCase.changes.length === 0 && (testCase.keeps ?? []).length === 0)
      failures.push(`${label}: the case names no task`);
    if (same.length > 0) failures.push(`${label}: did not invalidate ${same.join(', ')}`);
    if (moved.length > 0) failures.push(`${label}: must not invalidate ${moved.join(', ')}`);
    console.log(
      `${same.length + moved.length === 0 ? 'ok  ' : 'FAIL'} ${label}: ${testCase.changes.length} task(s) invalidated, ${(testCase.keeps ?? []).length} kept`,
    );
  } finally {
    if (testCase.file) execFileSync('git', ['checkout', '-q', '--', testCase.file], { cwd: base.dir });
    for (const file of testCase.create ?? []) rmSync(join(base.dir, file));
  }
}
rmSync(base.dir, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(`check-cache-keys: ${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-cache-keys: ${cases.length} cases, every input invalidates what reads it`);
