// Query parameter names are case-insensitive and unknown parameters are ignored (decision 1): what a client
// written against ASP.NET Core model binding relies on.
import { jsonPath, preview } from '../util/json.js';
import { ids, needWalk } from './common.js';
import { settled } from './provenance.js';
import type { CheckDefinition } from './types.js';

export const parameterNames: CheckDefinition = {
  id: 'query.parameter-names',
  title: 'parameter names are case-insensitive and unknown parameters are ignored',
  rule: settled(1, 'parameter names are case-insensitive; unknown parameters are ignored'),
  async run(ctx) {
    const walk = await needWalk(ctx, 2);
    const first = walk.pages[0];
    if (!first) return ctx.skip('no pages');
    const base = ctx.session.query(walk.window, {
      [ctx.api.params.pageIndex]: first.pageIndex,
      [ctx.api.params.pageSize]: walk.pageSize,
    });
    const upper = new URLSearchParams([...base].map(([k, v]) => [k.toUpperCase(), v]));
    const unknown = new URLSearchParams(base);
    unknown.set('jobwatchContractProbe', '1');
    ctx.reserve(2);
    for (const [what, query] of [
      ['with upper-case parameter names', upper],
      ['with an unknown parameter', unknown],
    ] as const) {
      const res = await ctx.session.list(query);
      if (res.status !== 200) {
        ctx.fail({
          message: `a query ${what} was not answered like the same query`,
          request: res.request,
          path: 'HTTP status',
          expected: '200',
          actual: `${res.status} ${preview(res.json ?? res.text, 160)}`,
        });
        continue;
      }
      const page = ctx.session.readPage(res);
      if (ids(page.jobs).join() !== ids(first.page.jobs).join()) {
        ctx.fail({
          message: `a query ${what} gave other jobs than the same query`,
          request: res.request,
          path: jsonPath(ctx.api.page.jobs),
          expected: preview(ids(first.page.jobs)),
          actual: preview(ids(page.jobs)),
        });
      }
    }
  },
};

export const queryChecks = [parameterNames];
