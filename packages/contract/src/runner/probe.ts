// `--dynamics-revision auto`: one request decides which Dynamics 365 revision a target serves. It asks for one
// job of the last 30 days in the 2025-04 form (ISO 8601 times, type=0) and reads the answer's shape:
// - a `{ totalCount, jobs, nextLink }` page is 2025-04;
// - a `{ totalNumber, result }` page, or a 400 that names a time parameter (the ticks of 2024-10 refuse ISO), is
//   2024-10;
// - anything else is neither, and the note says what came back.

import { msToTicks, TICKS_PER_DAY } from '@jobwatch/api-descriptions/ticks';
import type { ApiSession } from '../checks/session.js';
import type { FindingInput } from '../checks/types.js';
import { getAt, isRecord, preview } from '../util/json.js';

export type ProbeResult = {
  revision: '2024-10' | '2025-04' | null;
  /** What the probe saw and concluded, for the summary and the report. */
  note: string;
  /** The request and answer, for a finding when the target serves neither revision. */
  finding: Omit<FindingInput, 'message'>;
};

const DAY_TICKS = TICKS_PER_DAY;

/** Probes with the session of the 2025-04 description (its query form and its error reading). */
export async function probeDynamicsRevision(session2025: ApiSession): Promise<ProbeResult> {
  const end = msToTicks(Date.now());
  const query = session2025.query(
    { start: end - 30n * DAY_TICKS, end },
    { [session2025.api.params.pageSize]: 1 },
  );
  // Its own token: the run's token cache fills in check order, as a client's would (the auth checks rely on it).
  const { token } = await session2025.tokens.requestToken(session2025.api.scope);
  const res = await session2025.list(query, { header: `Bearer ${token}` }, true);
  const body = res.json;
  const finding = {
    request: res.request,
    path: 'HTTP status and body',
    expected:
      'a 2025-04 page { totalCount, jobs, nextLink }, a 2024-10 page { totalNumber, result }, or a 400 refusing ISO times',
    actual: `${res.status} ${preview(body ?? res.text, 200)}`,
  };
  const is2025 = isRecord(body) && typeof body.totalCount === 'number' && Array.isArray(body.jobs);
  const is2024 = isRecord(body) && typeof body.totalNumber === 'number' && Array.isArray(body.result);
  if (res.status === 200 && is2025 && typeof getAt(body, ['nextLink']) === 'string') {
    return {
      revision: '2025-04',
      note: 'probe: an ISO request got a 2025-04 page (totalCount, jobs, nextLink)',
      finding,
    };
  }
  if (res.status === 200 && is2024) {
    return {
      revision: '2024-10',
      note: 'probe: an ISO request got a 2024-10 page (totalNumber, result)',
      finding,
    };
  }
  const named = res.status === 400 ? (session2025.api.errors.namedParameters(body) ?? []) : [];
  const times = [session2025.api.params.startTime, session2025.api.params.finishTime].map((n) =>
    n.toLowerCase(),
  );
  if (named.some((n) => times.includes(n.toLowerCase()))) {
    return {
      revision: '2024-10',
      note: `probe: an ISO request got a 400 naming ${named.join(', ')} (ISO times refused, as revision 2024-10 does)`,
      finding,
    };
  }
  return {
    revision: null,
    note: `probe: an ISO request got HTTP ${res.status}, in neither revision's shape`,
    finding,
  };
}
