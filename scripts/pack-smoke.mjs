// Packaging smoke test (a CI step): the packages as a user outside this repository gets them.
//
// Packs every publishable package (scripts/pack-all.mjs), installs all the tarballs in one `npm install` into a
// scratch npm project in a temporary folder outside the workspace (only the tarballs and registry dependencies),
// and there: checks each tarball's manifest (no `workspace:` left, LICENSE and repository as in the root); type-
// checks the README's example (README.md, "Using the packages in your project") with `tsc --noEmit`, strict,
// `module` `node16` and `bundler`; starts the mock from the installed bin (`npx jobwatch-mock --port 0`); runs the
// compiled example and the README's CommonJS example against it; `require()`s and `import()`s every entry point
// of every package from CommonJS and ESM; runs `npx jobs` and `npx jobwatch-contract` against it. A second scratch
// project installs only the Salesforce client and graph-auth, to prove that a subset installs on its own.
//
//   node scripts/pack-smoke.mjs            (after `pnpm build`; the CI runs it after `pnpm test`)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { packAll, root } from './pack-all.mjs';

// The same versions the workspace builds with, so the example is checked by the compiler the project uses.
// The tools, and the optional peers a user of an entry point installs beside it (msw for
// @jobwatch/mock-server/msw), at the version the workspace tests with.
const mockManifest = JSON.parse(readFileSync(join(root, 'apps/mock-server/package.json'), 'utf8'));
const OPTIONAL_PEERS = Object.keys(mockManifest.peerDependenciesMeta ?? {}).map(
  (name) => `${name}@${mockManifest.devDependencies[name]}`,
);
const TOOLS = ['typescript@5.9.3', '@types/node@20.19.43', 'vitest@4.1.12', ...OPTIONAL_PEERS];
const README = join(root, 'README.md');

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n${String(error?.stack ?? error).replace(/^/gm, '     ')}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs a command in `cwd`; returns stdout; throws with stdout and stderr when it fails. */
function run(cwd, command, args, env = {}) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/** The code block that follows `<!-- packaging smoke test: <file> -->` in the README. */
function readmeBlock(file) {
  const text = readFileSync(README, 'utf8');
  const marker = `<!-- packaging smoke test: ${file} -->`;
  const at = text.indexOf(marker);
  assert(at >= 0, `README.md has no "${marker}"`);
  const block = /```\w*\n([\s\S]*?)```/.exec(text.slice(at + marker.length));
  assert(block, `README.md has no code block after "${marker}"`);
  return block[1];
}

/** Starts the installed mock bin on a free port; resolves with its base URL and a stop function. */
function startMock(cwd) {
  const child = spawn('npx', ['--no-install', 'jobwatch-mock', '--port', '0', '--log-level', 'warn'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock not ready after 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      const ready = /^ready (http:\/\/\S+)$/m.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({
          baseUrl: ready[1],
          stop: () =>
            new Promise((done) => {
              child.once('close', done);
              process.kill(-child.pid, 'SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) =>
      reject(new Error(`mock exited with ${code} before it was ready:\n${output}`)),
    );
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'jobwatch-pack-smoke-'));
let mock;
try {
  const tarballs = packAll(join(scratch, 'tarballs'));
  console.log(`packed ${tarballs.length} packages into ${join(scratch, 'tarballs')}`);
  const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8');
  const repository = JSON.parse(readFileSync(join(root, 'specs/package.json'), 'utf8')).repository.url;

  await check(
    'every tarball: LICENSE as the root one, repository, no workspace: spec, no tests, maps name shipped sources',
    () => {
      assert(tarballs.length >= 8, `expected at least 8 publishable packages, found ${tarballs.length}`);
      for (const { name, dir, tarball } of tarballs) {
        const read = (file) => run(scratch, 'tar', ['-xzOf', tarball, `package/${file}`]);
        assert(read('LICENSE') === rootLicense, `${name}: LICENSE differs from the root LICENSE`);
        const manifest = JSON.parse(read('package.json'));
        assert(
          manifest.repository?.url === repository && manifest.repository?.directory === dir,
          `${name}: repository is ${JSON.stringify(manifest.repository)}`,
        );
        const specs = JSON.stringify([
          manifest.dependencies,
          manifest.peerDependencies,
          manifest.optionalDependencies,
        ]);
        assert(!specs.includes('workspace:'), `${name}: a workspace: specifier is left in ${specs}`);
        const files = run(scratch, 'tar', ['-tzf', tarball]).split('\n').filter(Boolean);
        const stray = files.filter((f) => /\.test\.|\/bench\/|\/test\//.test(f));
        assert(stray.length === 0, `${name}: publishes tests or benchmarks: ${stray.join(', ')}`);
        // Honest maps: every source a shipped .map names is in the tarball too.
        const shipped = new Set(files);
        const maps = files.filter((f) => f.endsWith('.map'));
        assert(maps.length > 0, `${name}: no source maps found`);
        for (const map of maps) {
          for (const source of JSON.parse(read(map.slice('package/'.length))).sources) {
            const path = posix.normalize(posix.join(posix.dirname(map), source));
            assert(shipped.has(path), `${name}: ${map} names ${source}, which is not published`);
          }
        }
      }
    },
  );

  // The scratch project: ESM by default (`"type": "module"`), the tarballs and the tools in one npm install.
  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2)}\n`,
  );
  const npmInstall = (dir, specs) =>
    run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs]);
  await check('all tarballs install in one npm install, from outside the workspace', () => {
    npmInstall(app, [...tarballs.map((t) => t.tarball), ...TOOLS]);
    for (const { name } of tarballs) {
      const installed = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8'));
      assert(installed.name === name, `${name} is not installed`);
    }
  });

  writeFileSync(join(app, 'example.ts'), readmeBlock('example.ts'));
  const tsconfig = (module, moduleResolution, extra = {}) => ({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module,
      moduleResolution,
      types: ['node'],
      skipLibCheck: false,
      ...extra,
    },
    files: ['example.ts'],
  });
  for (const [module, resolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ]) {
    await check(
      `the README example type-checks: tsc --noEmit, strict, module ${module}, moduleResolution ${resolution}`,
      () => {
        const file = `tsconfig.${resolution}.json`;
        writeFileSync(join(app, file), JSON.stringify(tsconfig(module, resolution, { noEmit: true })));
        run(app, 'npx', ['--no-install', 'tsc', '-p', file]);
      },
    );
  }

  mock = await startMock(app);
  console.log(`mock from npx jobwatch-mock: ${mock.baseUrl}`);
  const env = { JOBWATCH_MOCK_URL: mock.baseUrl };

  await check('the README example runs against the installed mock', () => {
    writeFileSync(
      join(app, 'tsconfig.emit.json'),
      JSON.stringify(tsconfig('node16', 'node16', { outDir: 'out' })),
    );
    run(app, 'npx', ['--no-install', 'tsc', '-p', 'tsconfig.emit.json']);
    const out = run(app, process.execPath, ['out/example.js'], env);
    const salesforce = /^Salesforce: (\d+) jobs in the last 7 days$/m.exec(out);
    const dynamics = /^Dynamics 365: (\d+) jobs in the last 7 days$/m.exec(out);
    assert(salesforce && Number(salesforce[1]) > 0, `no Salesforce jobs in the output:\n${out}`);
    assert(dynamics && Number(dynamics[1]) > 0, `no Dynamics jobs in the output:\n${out}`);
    const job = JSON.parse(out.trimEnd().split('\n').at(-1));
    assert(
      typeof job.backupSize === 'string' && /^\d+$/.test(job.backupSize),
      `backupSize: ${job.backupSize}`,
    );
  });

  await check("the README's CommonJS example runs with require()", () => {
    writeFileSync(join(app, 'example.cjs'), readmeBlock('example.cjs'));
    const out = run(app, process.execPath, ['example.cjs'], env);
    const total = /^Salesforce: (\d+) jobs in the last 7 days$/m.exec(out);
    assert(total && Number(total[1]) > 0, `unexpected output:\n${out}`);
  });

  // Every entry point of every package, from CommonJS (require) and from ESM (import).
  const entries = tarballs.flatMap(({ name, manifest }) =>
    Object.keys(manifest.exports)
      .filter((sub) => !sub.includes('*'))
      .map((sub) => (sub === '.' ? name : `${name}/${sub.slice(2)}`)),
  );
  const probe = (load) => `
const entries = ${JSON.stringify(entries)};
const empty = [];
for (const entry of entries) {
  const mod = ${load};
  if (Object.keys(mod).length === 0) empty.push(entry);
}
if (empty.length) throw new Error('no exports: ' + empty.join(', '));
console.log(entries.length + ' entry points');
`;
  await check('require() loads every entry point of every package from a CommonJS file', () => {
    assert(entries.length >= 10, `only ${entries.length} entry points`);
    writeFileSync(join(app, 'require-all.cjs'), probe('require(entry)'));
    const out = run(app, process.execPath, ['require-all.cjs']);
    assert(out.includes(`${entries.length} entry points`), out);
  });
  await check('import() loads every entry point of every package from an ES module', () => {
    writeFileSync(join(app, 'import-all.mjs'), `await (async () => {${probe('await import(entry)')}})();`);
    const out = run(app, process.execPath, ['import-all.mjs']);
    assert(out.includes(`${entries.length} entry points`), out);
  });

  await check('the @jobwatch/specs YAML files are exported', () => {
    const out = run(app, process.execPath, [
      '-e',
      "const p = require.resolve('@jobwatch/specs/salesforce-backup.yaml'); console.log(require('node:fs').readFileSync(p, 'utf8').slice(0, 200))",
    ]);
    assert(/openapi: 3\.1/.test(out), out);
  });

  const listsBothApis = (out) => {
    const rows = JSON.parse(out);
    assert(Array.isArray(rows) && rows.length > 0, 'no rows');
    assert(new Set(rows.map((r) => r.api)).size === 2, 'not both APIs');
  };
  await check('npx jobwatch lists the jobs of the installed mock (the CLI bin)', () => {
    listsBothApis(
      run(app, 'npx', ['--no-install', 'jobwatch', 'list', '--since', '7d', '--json'], {
        JOBS_BASE_URL: mock.baseUrl,
      }),
    );
  });

  await check('a global install of the CLI with its @jobwatch dependencies puts jobwatch on the PATH', () => {
    const prefix = join(scratch, 'global');
    // The CLI with the closure of its runtime @jobwatch dependencies, read from the manifests (a hand list goes
    // stale as soon as a package gains a dependency).
    const byName = new Map(tarballs.map((t) => [t.name, t]));
    const closure = new Set();
    const visit = (name) => {
      if (closure.has(name)) return;
      const pkg = byName.get(name);
      assert(pkg, `${name} is a runtime dependency but no tarball was packed for it`);
      closure.add(name);
      const manifest = JSON.parse(readFileSync(join(root, pkg.dir, 'package.json'), 'utf8'));
      for (const dep of Object.keys(manifest.dependencies ?? {}))
        if (dep.startsWith('@jobwatch/')) visit(dep);
    };
    visit('@jobwatch/jobs-cli');
    const cli = [...closure].map((name) => byName.get(name).tarball);
    const readmeCommand = readFileSync(README, 'utf8').match(
      /npm install -g \.\.\/jobwatch-tarballs\/jobwatch-\{([^}]+)\}/,
    );
    assert(readmeCommand, "the README's global install command is missing");
    assert(
      [...readmeCommand[1].split(',')].sort().join() ===
        [...closure]
          .map((n) => n.slice('@jobwatch/'.length))
          .sort()
          .join(),
      `the README's global install names ${readmeCommand[1]}, but the CLI needs ${[...closure].join(', ')}`,
    );
    run(scratch, 'npm', [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...cli,
    ]);
    const bin = join(prefix, 'bin');
    listsBothApis(
      run(scratch, 'jobwatch', ['list', '--since', '7d', '--json'], {
        JOBS_BASE_URL: mock.baseUrl,
        PATH: `${bin}:${process.env.PATH}`,
      }),
    );
  });

  await check('npx jobwatch-contract passes against the installed mock', () => {
    const out = run(app, 'npx', [
      '--no-install',
      'jobwatch-contract',
      '--base-url',
      mock.baseUrl,
      '--token-url',
      `${mock.baseUrl}/connect/token`,
      '--client-id',
      'jobwatch-demo',
      '--client-secret',
      'jobwatch-demo-secret',
    ]);
    assert(/\bpassed\b/i.test(out), out);
  });

  await check(
    'the Salesforce client installs with only graph-auth beside it, and imports and requires',
    () => {
      const small = join(scratch, 'small');
      mkdirSync(small);
      writeFileSync(join(small, 'package.json'), '{ "name": "small", "private": true }\n');
      const pick = (name) => tarballs.find((t) => t.name === name).tarball;
      npmInstall(small, [pick('@jobwatch/salesforce-backup'), pick('@jobwatch/graph-auth')]);
      const out = run(small, process.execPath, [
        '-e',
        "const c = require('@jobwatch/salesforce-backup'); import('@jobwatch/salesforce-backup').then((m) => console.log(typeof c.createSalesforceBackupClient, m.createSalesforceBackupClient === c.createSalesforceBackupClient))",
      ]);
      assert(out.trim() === 'function true', out);
    },
  );
} finally {
  await mock?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`pack-smoke: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
