// Schema conformance of every response the run saw, against the strict schemas compiled from the spec:
// fields the spec lacks, missing required fields, wrong types and formats, each with its JSON path.
import { generalise, preview } from '../util/json.js';
import { needWindow } from './common.js';
import { settled } from './provenance.js';
import type { CheckDefinition } from './types.js';

export const schema: CheckDefinition = {
  id: 'schema.responses',
  title: 'every response body matches the spec schema for its status (no extra, missing or mistyped fields)',
  // The specs are written from the vendor's field tables and the readings; a keyword that rests on an own
  // choice is named by the API description (schemaRules) and tagged with it.
  rule: settled(
    [10, 13, 15, 21, 23, 25],
    "the spec's response schemas: the vendor's field tables as the readings settle them",
  ),
  async run(ctx) {
    if (!ctx.session.log.some((l) => l.res.status === 200)) await needWindow(ctx);
    let judged = 0;
    for (const { res } of ctx.session.log) {
      const { documented } = ctx.session.schemas.documented(res.status);
      if (!documented) {
        ctx.fail({
          message: `HTTP ${res.status} is not a status the spec documents for this operation`,
          request: res.request,
          path: 'HTTP status',
          expected: 'a documented status',
          actual: String(res.status),
          groupKey: `status-${res.status}`,
        });
        continue;
      }
      if (res.json === undefined) {
        ctx.fail({
          message: `a ${res.status} body is not JSON`,
          request: res.request,
          path: '$',
          expected: 'a JSON body',
          actual: preview(res.text),
          groupKey: `not-json-${res.status}`,
        });
        continue;
      }
      judged += 1;
      for (const issue of ctx.session.schemas.validate(res.status, res.contentType, res.json)) {
        const own = ctx.api.schemaRules.find(
          (r) =>
            issue.keywordLocation.endsWith(`/components/schemas/${r.schema}/${r.keyword}`) &&
            (r.property === undefined || r.property === issue.property),
        );
        ctx.fail({
          rule: own?.rule,
          message: `${issue.problem} (HTTP ${res.status}, ${issue.schema})`,
          request: res.request,
          path: issue.path,
          expected: issue.expected,
          actual: issue.actual,
          groupKey: `${res.status}|${issue.problem}|${generalise(issue.path)}`,
        });
      }
    }
    ctx.note(`${judged} response bodies validated`);
  },
};

export const schemaChecks = [schema];
