// The envelope and headers of every response the run saw: the request-id header, documented content types,
// and the envelope fields (Salesforce statusCode/requestId/timestamp/traceId; Dynamics problem status/traceId).

import { isoToTicks, msToTicks, TICKS_PER_DAY } from '@jobwatch/api-descriptions/ticks';
import type { EnvelopeField } from '../apis/types.js';
import type { HttpResponse } from '../target/http.js';
import { getAt, jsonPath, preview } from '../util/json.js';
import { fixedQuery } from './common.js';
import { documented, OWN_CHOICES, settled } from './provenance.js';
import type { CheckContext, CheckDefinition } from './types.js';

/** Successes answer JSON: every sample of the vendor pages is a JSON body. */
const JSON_BODIES = documented('the vendor pages: responses are JSON bodies');

/** Makes sure the log holds a success and an error, so the checks judge both even when run alone. */
async function ensureSamples(ctx: CheckContext): Promise<void> {
  if (!ctx.session.log.some((l) => l.res.status === 200)) await ctx.session.discovery();
  if (!ctx.session.log.some((l) => l.res.status >= 400)) {
    const q = fixedQuery(ctx);
    q.delete(ctx.api.params.startTime);
    await ctx.session.list(q, 'token', true);
  }
}

export const headers: CheckDefinition = {
  id: 'envelope.headers',
  title: 'every response has a request-id header and a documented content type',
  rule: settled(5, "every response carries a request-id header (the vendor's docs on status codes)"),
  async run(ctx) {
    await ensureSamples(ctx);
    for (const { res } of ctx.session.log) {
      const id = res.headers['request-id'];
      if (!id) {
        ctx.fail({
          message: `a ${res.status} response has no request-id header`,
          request: res.request,
          path: 'header request-id',
          expected: 'present, non-empty',
          actual: 'absent',
          groupKey: 'request-id',
        });
      }
      const { documented: isDocumented, mediaTypes } = ctx.session.schemas.documented(res.status);
      const expected = res.status >= 400 ? [ctx.api.errors.contentType] : mediaTypes;
      if (isDocumented && expected.length && !expected.includes(res.contentType)) {
        ctx.fail({
          rule: res.status >= 400 ? ctx.api.errors.rule : JSON_BODIES,
          message: `a ${res.status} response has a content type the spec does not document for it`,
          request: res.request,
          path: 'header content-type',
          expected: expected.join(' or '),
          actual: res.contentType || '(none)',
          groupKey: `content-type-${res.status}`,
        });
      }
    }
    ctx.note(`${ctx.session.log.length} responses judged`);
  },
};

function checkField(
  ctx: CheckContext,
  res: HttpResponse,
  field: EnvelopeField,
  seen: Map<string, HttpResponse>,
): void {
  const value = getAt(res.json, field.path);
  const path = jsonPath(field.path);
  const fail = (message: string, expected: string, rule = field.rule) =>
    ctx.fail({
      rule,
      message,
      request: res.request,
      path,
      expected,
      actual: preview(value),
      groupKey: `${field.kind}-${message}`,
    });
  if (field.kind === 'httpStatus') {
    if (value !== res.status) fail(`${path} does not match the HTTP status`, String(res.status));
    return;
  }
  if (typeof value !== 'string') {
    fail(`${path} is missing`, 'a string');
    return;
  }
  if (field.pattern && !field.pattern.test(value)) {
    fail(`${path} is not well-formed`, `matching ${field.pattern.source}`, field.patternRule);
    return;
  }
  if (field.kind === 'requestId') {
    const other = seen.get(value);
    if (other && other !== res)
      fail(`${path} repeats the id of another response`, 'a new id per request', OWN_CHOICES.requestIdUnique);
    seen.set(value, res);
    const header = ctx.api.envelope.requestIdMatchesHeader;
    if (header && res.headers['request-id'] !== undefined && res.headers['request-id'] !== value) {
      fail(`${path} differs from the request-id header`, res.headers['request-id'], header);
    }
  } else if (field.kind === 'timestamp') {
    const ticks = isoToTicks(value);
    const now = msToTicks(Date.now());
    // A day of tolerance: a live service's clock need not match this machine's.
    if (ticks === undefined || ticks < now - TICKS_PER_DAY || ticks > now + TICKS_PER_DAY) {
      fail(`${path} is not the time of the request`, 'an ISO 8601 UTC time within a day of now');
    }
  } else if (field.kind === 'traceId') {
    const [, trace = '', parent = ''] = value.split('-');
    if (/^0+$/.test(trace) || /^0+$/.test(parent))
      fail(
        `${path} has an all-zero id, which W3C trace context forbids`,
        'non-zero trace and parent ids',
        field.patternRule,
      );
  }
}

export const body: CheckDefinition = {
  id: 'envelope.body',
  title: 'the envelope fields repeat the HTTP status and are well-formed on every response',
  // Each envelope field names its own rule in the API description.
  rule: settled([13, 25], 'the envelope (Salesforce) or problem details (Dynamics) fields on every response'),
  appliesTo: (api) => api.envelope.success.length + api.envelope.error.length > 0,
  async run(ctx) {
    await ensureSamples(ctx);
    const seen = new Map<string, HttpResponse>();
    for (const { res } of ctx.session.log) {
      if (res.json === undefined) continue;
      const fields = res.status >= 400 ? ctx.api.envelope.error : ctx.api.envelope.success;
      for (const field of fields) checkField(ctx, res, field, seen);
    }
  },
};

export const envelopeChecks = [headers, body];
