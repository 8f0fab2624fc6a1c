// What the process prints once it listens: where it is, how to get a token, a ready-to-paste curl, and a stable
// last line `ready <base URL>` that startMockProcess (and any script) waits for.

import type { MockInfo } from '../app.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../auth/clients.js';

export const READY_PREFIX = 'ready ';

/** The URL a client should use: a wildcard bind address is reached through loopback. */
export function baseUrlOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function bannerLines(info: MockInfo, baseUrl: string): string[] {
  const { options, apis } = info;
  const tokenUrl = `${baseUrl}${info.tokenPath}`;
  const from = isoDate(new Date(options.now.getTime() - 30 * 86_400_000));
  const to = isoDate(options.now);
  const jobsUrl = `${baseUrl}/backup/sfbapi/jobs?startTime=${from}&finishTime=${to}&pageSize=5`;
  const getToken =
    `curl -s -X POST ${tokenUrl} -d grant_type=client_credentials -d client_id=${DEMO_CLIENT_ID} ` +
    `-d client_secret=${DEMO_CLIENT_SECRET} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token'`;
  const curl = options.auth
    ? `TOKEN=$(${getToken}) && curl -H "Authorization: Bearer $TOKEN" '${jobsUrl}'`
    : `curl '${jobsUrl}'`;
  const datasets = apis
    .map(
      (a) =>
        `${a.api} ${a.dataset.size} jobs / ${a.dataset.organizations.length} orgs (revision ${a.revisions.map((p) => p.revision).join(' + ')})`,
    )
    .join(', ');
  return [
    'jobwatch mock server',
    `  base URL:     ${baseUrl}`,
    `  token URL:    ${tokenUrl}`,
    `  demo client:  client_id=${DEMO_CLIENT_ID}  client_secret=${DEMO_CLIENT_SECRET}  (scopes: ${apis.map((a) => a.profile.scope).join(' ')})`,
    `  auth:         ${options.auth ? 'on (Bearer token required)' : 'OFF (--no-auth)'}`,
    `  datasets:     ${datasets}; seed ${options.seed}, now ${options.now.toISOString()}`,
    `  dynamics:     ${options.dynamicsRevision === 'auto' ? 'auto: ticks in the query → revision 2024-10, ISO 8601 → 2025-04' : `revision ${options.dynamicsRevision} only`} (--dynamics-revision)`,
    `  docs:         ${baseUrl}/docs`,
    `  try:          ${curl}`,
    `${READY_PREFIX}${baseUrl}`,
  ];
}
