// Errors: a missing required parameter, each kind of malformed value and an inverted range each get a 400 in
// the API's documented error shape, naming the parameter. The cases come from the API description.
import type { ErrorCase } from '../apis/types.js';
import { preview } from '../util/json.js';
import { expectErrorAnswer, fixedQuery } from './common.js';
import { type Provenance, settled } from './provenance.js';
import type { CheckContext, CheckDefinition } from './types.js';

async function checkCase(ctx: CheckContext, c: ErrorCase): Promise<void> {
  const q = fixedQuery(ctx);
  c.apply(q);
  const res = await ctx.session.list(q, 'token', true);
  const what = c.description;
  if (!expectErrorAnswer(ctx, res, 400, what, c.rule)) return;
  const named = ctx.api.errors.namedParameters(res.json);
  const wanted = c.names.map((n) => n.toLowerCase());
  if (!named?.some((n) => wanted.includes(n.toLowerCase()))) {
    ctx.fail({
      rule: ctx.api.errors.rule,
      message: `${what}: the error does not name the parameter`,
      request: res.request,
      path: ctx.api.errors.namesAt,
      expected: c.names.length > 1 ? `one of ${c.names.join(', ')}` : (c.names[0] ?? ''),
      actual: named ? preview(named) : `no such field: ${preview(res.json, 160)}`,
    });
  }
}

function errorCheck(id: string, kind: ErrorCase['kind'], title: string, rule: Provenance): CheckDefinition {
  return {
    id,
    title,
    rule,
    async run(ctx) {
      const cases = ctx.api.errors.cases.filter((c) => c.kind === kind);
      ctx.reserve(cases.length);
      for (const c of cases) await checkCase(ctx, c);
      ctx.note(`${cases.length} cases: ${cases.map((c) => c.description).join('; ')}`);
    },
  };
}

export const errorChecks = [
  errorCheck(
    'errors.missing-param',
    'missing',
    'a missing required parameter gets a 400 naming it',
    settled([1, 13, 25], 'startTime and finishTime are required; a 400 names the parameter'),
  ),
  errorCheck(
    'errors.malformed-value',
    'malformed',
    'each kind of malformed value gets a 400 naming the parameter',
    // Each case names its own rule; this is the rule of a case that names none.
    settled(1, 'a parameter that is repeated, or whose value is malformed, is a 400'),
  ),
  errorCheck(
    'errors.inverted-range',
    'inverted',
    'a time range with startTime after finishTime gets a 400',
    settled(3, 'a range with startTime after finishTime is a 400'),
  ),
];
