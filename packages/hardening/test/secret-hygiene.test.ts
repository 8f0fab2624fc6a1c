// Secret hygiene: a canary client secret and a canary bearer token (unique random strings) are pushed through
// every path — the mock's JSON logs at debug level, the contract suite's console output and its JSON/JUnit
// reports, and the jobs CLI's errors — and then every byte of that output is searched for them. A positive
// control (a harmless random marker that MUST show up in the logs) proves the search can find things, and every
// collected output is checked to be non-empty, so the test can fail.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadQuery } from '../src/apis.js';
import { closeSharedAgent, get, postForm } from '../src/http.js';
import { b64url } from '../src/jwt.js';
import { type MockProcess, requestToken, startMock } from '../src/mock.js';

const CONTRACT_CLI = fileURLToPath(new URL('../../contract/dist/cli.js', import.meta.url));
const JOBS_CLI = fileURLToPath(new URL('../../../apps/jobs-cli/dist/bin.js', import.meta.url));

const hex = (n: number) => randomBytes(n).toString('hex');
const CANARY_ID = `canary-${hex(4)}`;
const CANARY_SECRET = `canarysecret${hex(16)}`;
const WRONG_SECRET = `canarywrong${hex(16)}`;
const TOKEN_PAYLOAD = b64url(
  JSON.stringify({ sub: `canarytoken${hex(8)}`, scope: 'salesforce.public.read.all' }),
);
const TOKEN_SIGNATURE = b64url(randomBytes(32));
/** JWT-shaped, so that it passes clients' shape checks and reaches the server's signature check. */
const CANARY_TOKEN = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${TOKEN_PAYLOAD}.${TOKEN_SIGNATURE}`;
const PLAIN_TOKEN = `canaryplain${hex(16)}`;
const MARKER = `harmlessmarker${hex(8)}`;

/** What must never appear: the canaries, their encodings and their distinctive parts. */
function needles(issuedToken: string): Record<string, string> {
  return {
    'canary secret': CANARY_SECRET,
    'wrong canary secret': WRONG_SECRET,
    'canary token': CANARY_TOKEN,
    'canary token payload': TOKEN_PAYLOAD,
    'canary token signature': TOKEN_SIGNATURE,
    'plain canary token': PLAIN_TOKEN,
    'Basic credentials': Buffer.from(`${CANARY_ID}:${CANARY_SECRET}`).toString('base64'),
    'token issued to the canary client': issuedToken,
    'signature of the issued token': issuedToken.split('.')[2] ?? issuedToken,
  };
}

interface Output {
  source: string;
  text: string;
}
const outputs: Output[] = [];

let mock: MockProcess;
/** A second mock that receives only the canaries placed in query strings (so its logs isolate that path). */
let queryMock: MockProcess;
let issued = '';

function run(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file, ...args],
      { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code =
          error && typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : error
              ? -1
              : 0;
        resolve({ code, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

function collectDir(dir: string, source: string): void {
  for (const name of readdirSync(dir))
    outputs.push({ source: `${source}/${name}`, text: readFileSync(join(dir, name), 'utf8') });
}

beforeAll(async () => {
  const args = ['--client', `${CANARY_ID}:${CANARY_SECRET}`];
  [mock, queryMock] = await Promise.all([
    startMock({ logLevel: 'debug', args }),
    startMock({ logLevel: 'debug', args }),
  ]);
  const result = await requestToken(mock.tokenUrl, CANARY_ID, CANARY_SECRET);
  if (!result.token) throw new Error(`the canary client got no token: ${JSON.stringify(result.body)}`);
  issued = result.token;
}, 120_000);

afterAll(async () => {
  closeSharedAgent();
  await Promise.all([mock?.stop(), queryMock?.stop()]);
});

describe('traffic carrying the canaries', () => {
  it('good and bad requests with the canary secret and tokens in headers and bodies', async () => {
    const sf = broadQuery('salesforce', 30, 1);
    const d365 = broadQuery('dynamics365', 30, 1);
    const form = (secret: string) =>
      `grant_type=client_credentials&client_id=${CANARY_ID}&client_secret=${secret}`;
    const basic = (secret: string) => `Basic ${Buffer.from(`${CANARY_ID}:${secret}`).toString('base64')}`;
    const responses = await Promise.all([
      postForm(mock.tokenUrl, form(CANARY_SECRET)),
      postForm(mock.tokenUrl, form(WRONG_SECRET)),
      postForm(mock.tokenUrl, 'grant_type=client_credentials', { authorization: basic(CANARY_SECRET) }),
      postForm(mock.tokenUrl, 'grant_type=client_credentials', { authorization: basic(WRONG_SECRET) }),
      postForm(mock.tokenUrl, `${form(CANARY_SECRET)}&client_secret=${CANARY_SECRET}`), // duplicate → 400
      postForm(mock.tokenUrl, JSON.stringify({ client_secret: CANARY_SECRET }), {
        'content-type': 'application/json',
      }),
      postForm(mock.tokenUrl, `${form(CANARY_SECRET)}&pad=${'x'.repeat(20_000)}`), // 413
      get(mock.baseUrl, sf, issued),
      get(mock.baseUrl, d365, issued),
      get(mock.baseUrl, sf, CANARY_TOKEN),
      get(mock.baseUrl, d365, CANARY_TOKEN),
      get(mock.baseUrl, sf, PLAIN_TOKEN),
      get(mock.baseUrl, sf, undefined, { authorization: CANARY_TOKEN }),
      get(mock.baseUrl, sf, undefined, { authorization: basic(CANARY_SECRET) }),
      get(mock.baseUrl, `${sf}&marker=${MARKER}`, issued),
    ]);
    for (const response of responses) expect(response.status).toBeLessThan(500);
  });

  // Regression: at --log-level debug the mock once logged every request's full URL, query included, so a token or
  // secret a client puts in the query string (RFC 6750 §2.3 `access_token`, a misplaced `client_secret`) landed in
  // the logs. The mock now redacts secret-named query parameters in logged URLs.
  it('the same canaries in query strings (access_token, client_secret, client_assertion)', async () => {
    const sf = broadQuery('salesforce', 30, 1);
    const token = (await requestToken(queryMock.tokenUrl, CANARY_ID, CANARY_SECRET)).token;
    const responses = await Promise.all([
      get(queryMock.baseUrl, `${sf}&access_token=${CANARY_TOKEN}`),
      get(queryMock.baseUrl, `${sf}&access_token=${PLAIN_TOKEN}&marker=${MARKER}`, token),
      get(queryMock.baseUrl, `${broadQuery('dynamics365', 30, 1)}&client_secret=${CANARY_SECRET}`, token),
      postForm(
        `${queryMock.tokenUrl}?client_secret=${CANARY_SECRET}&client_assertion=${CANARY_TOKEN}`,
        'grant_type=client_credentials',
      ),
    ]);
    for (const response of responses) expect(response.status).toBeLessThan(500);
  });
});

describe('the contract suite with the canaries', () => {
  it('runs with the canary client secret (passes) and writes reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardening-contract-'));
    const { code, out } = await run(CONTRACT_CLI, [
      '--base-url',
      mock.baseUrl,
      '--token-url',
      mock.tokenUrl,
      '--client-id',
      CANARY_ID,
      '--client-secret',
      CANARY_SECRET,
      '--report',
      join(dir, 'report.json'),
    ]);
    outputs.push({ source: 'contract (secret) console', text: out });
    collectDir(dir, 'contract (secret) reports');
    expect(code, out).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'report.junit.xml']);
  }, 120_000);

  it('runs with a wrong canary secret from the environment (fails to authenticate)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardening-contract-'));
    const { code, out } = await run(
      CONTRACT_CLI,
      [
        '--base-url',
        mock.baseUrl,
        '--token-url',
        mock.tokenUrl,
        '--client-id',
        CANARY_ID,
        '--report',
        join(dir, 'report.json'),
      ],
      { CONTRACT_CLIENT_SECRET: WRONG_SECRET },
    );
    outputs.push({ source: 'contract (wrong secret) console', text: out });
    collectDir(dir, 'contract (wrong secret) reports');
    expect(code).not.toBe(0);
  }, 120_000);

  it('runs with the canary token (401 everywhere) and writes reports', async () => {
    for (const token of [CANARY_TOKEN, PLAIN_TOKEN]) {
      const dir = mkdtempSync(join(tmpdir(), 'hardening-contract-'));
      const { code, out } = await run(CONTRACT_CLI, [
        '--base-url',
        mock.baseUrl,
        '--token',
        token,
        '--report',
        join(dir, 'report.json'),
      ]);
      outputs.push({ source: 'contract (token) console', text: out });
      collectDir(dir, 'contract (token) reports');
      expect(code).not.toBe(0);
    }
  }, 120_000);

  it('a usage error with the canary secret on the command line', async () => {
    const { code, out } = await run(CONTRACT_CLI, ['--client-secret', CANARY_SECRET, '--api', 'nope']);
    outputs.push({ source: 'contract (usage error) console', text: out });
    expect(code).toBe(2);
  });
});

describe('the jobs CLI with the canaries', () => {
  const base = () => ['--base-url', mock.baseUrl];
  const cases: [string, () => string[], Record<string, string>][] = [
    [
      'list, the canary secret (works)',
      () => ['list', ...base(), '--client-id', CANARY_ID, '--client-secret', CANARY_SECRET],
      {},
    ],
    [
      'list, a wrong canary secret',
      () => ['list', ...base(), '--client-id', CANARY_ID, '--client-secret', WRONG_SECRET],
      {},
    ],
    [
      'summary, a wrong canary secret (env)',
      () => ['summary', ...base(), '--client-id', CANARY_ID],
      { JOBS_CLIENT_SECRET: WRONG_SECRET },
    ],
    ['list, the canary token', () => ['list', ...base(), '--token', CANARY_TOKEN], {}],
    ['list --json, the plain canary token', () => ['list', '--json', ...base(), '--token', PLAIN_TOKEN], {}],
    ['summary, the canary token (env)', () => ['summary', ...base()], { JOBS_TOKEN: CANARY_TOKEN }],
    [
      'a usage error with the secret',
      () => ['list', '--json', '--csv', ...base(), '--client-secret', CANARY_SECRET],
      {},
    ],
  ];
  it.each(cases)(
    '%s',
    async (name, args, env) => {
      const { code, out } = await run(JOBS_CLI, args(), env);
      outputs.push({ source: `jobs CLI: ${name}`, text: out });
      if (name.includes('(works)')) expect(code, out).toBe(0);
      else expect(code).not.toBe(0);
    },
    60_000,
  );
});

describe('the search', () => {
  it('every output is non-empty, and the harmless marker is found in the mock logs (the search works)', async () => {
    // Wait for the logs to be complete: the mock logs each request as it is answered, in order, so once a last
    // request's line is out, every earlier request's is too.
    const flushed = `flushmarker${hex(8)}`;
    for (const target of [mock, queryMock]) {
      expect((await get(target.baseUrl, `/healthz?${flushed}`)).status).toBe(200);
      await target.waitForOutput(new RegExp(flushed));
    }
    outputs.push({ source: 'mock logs (stdout+stderr)', text: mock.output() });
    expect(outputs.length).toBeGreaterThan(15);
    for (const { source, text } of outputs)
      expect(text.trim().length, `${source} is empty`).toBeGreaterThan(0);
    const logs = mock.output();
    expect(logs).toContain(MARKER);
    expect(logs.split('\n').filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThan(20);
    expect(queryMock.output()).toContain(MARKER);
  });

  it('finds neither canary in the contract suite’s output and reports, or the CLI’s output', () => {
    expect(search(outputs.filter((o) => o.source !== 'mock logs (stdout+stderr)'))).toEqual([]);
  });

  it('finds neither canary in the mock’s debug logs (credentials in headers and bodies; contract and CLI traffic)', () => {
    expect(search(outputs.filter((o) => o.source === 'mock logs (stdout+stderr)'))).toEqual([]);
  });

  it('finds neither canary in the mock’s debug logs when clients put them in query strings', () => {
    expect(search([{ source: 'mock logs, query-string canaries', text: queryMock.output() }])).toEqual([]);
  });
});

function search(list: Output[]): string[] {
  const found: string[] = [];
  for (const { source, text } of list) {
    for (const [what, needle] of Object.entries(needles(issued))) {
      for (const form of new Set([needle, encodeURIComponent(needle)])) {
        const at = text.indexOf(form);
        if (at >= 0)
          found.push(
            `${what} in ${source}: …${text.slice(Math.max(0, at - 80), at + 40).replace(/\s+/g, ' ')}…`,
          );
      }
    }
  }
  return found;
}
