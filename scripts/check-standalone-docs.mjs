// Fails when a file of the repository points at something a clone does not have: the project's companion notes
// outside the repository (the facts and readings files, the architecture sketch, a `shared/` folder beside the
// repository) or a numbered issue of the tracker. The repository states those facts and readings itself, in
// decisions/, with their sources named in words. Part of `pnpm lint` (`lint:refs`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = 'scripts/check-standalone-docs.mjs';

// Assembled from parts so that this file does not match itself.
const patterns = [
  [
    new RegExp(`\\b${'FACTS'}(\\.md)?\\b`),
    'the facts file outside the repository (state the fact in decisions/0009)',
  ],
  [
    new RegExp(`\\b${'DECISIONS'}(\\.md)?\\b`),
    'the readings file outside the repository (cite the decision note)',
  ],
  [new RegExp(`${'ARCHITECTURE'}\\.md`), 'the architecture sketch outside the repository'],
  [new RegExp(`(\\.\\./|/work/)${'shared'}/|${'shared'}/api-docs`), 'a folder outside the repository'],
  [new RegExp(`\\b${'issue'}s? #?\\d+`, 'i'), 'a numbered tracker issue (say what it asked for instead)'],
];

const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter(
    (file) => file !== '' && file !== self && file !== 'pnpm-lock.yaml' && !/\.(pem|png|ico)$/.test(file),
  );

const problems = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(`${root}/${file}`, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  text.split('\n').forEach((line, i) => {
    for (const [pattern, what] of patterns) {
      if (pattern.test(line))
        problems.push(`${file}:${i + 1}: points at ${what}: ${line.trim().slice(0, 120)}`);
    }
  });
}
if (files.length < 100) {
  console.error(`check-standalone-docs: only ${files.length} files found; is this the repository root?`);
  process.exit(1);
}
if (problems.length > 0) {
  console.error(`check-standalone-docs: ${problems.length} reference(s) to things a clone does not have:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`check-standalone-docs: ${files.length} files, no reference outside the repository`);
