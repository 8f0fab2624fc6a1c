// Auth: no token and malformed tokens get 401 in the documented error shape; with credentials, the token
// endpoint issues a token that works (decision 4).
import { apiDescriptions } from '../apis/index.js';
import { preview } from '../util/json.js';
import { expectErrorAnswer, fixedQuery } from './common.js';
import { documented, settled } from './provenance.js';
import type { AuthMode } from './session.js';
import type { CheckContext, CheckDefinition } from './types.js';

async function expect401(ctx: CheckContext, auth: AuthMode, what: string): Promise<void> {
  const res = await ctx.session.list(fixedQuery(ctx), auth, true);
  expectErrorAnswer(ctx, res, 401, `a request ${what}`);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT (alg "none") with plausible claims: a server that accepts it does not check signatures. */
function unsignedJwt(scope: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'contract-suite', scope, iat: now, exp: now + 600 })}.`;
}

export const noToken: CheckDefinition = {
  id: 'auth.no-token',
  title: 'a request without a token gets 401',
  rule: settled(4, 'a missing token gets 401'),
  run: (ctx) => expect401(ctx, 'none', 'without an Authorization header'),
};

export const malformedToken: CheckDefinition = {
  id: 'auth.malformed-token',
  title: 'a malformed or unsigned token gets 401',
  rule: settled(4, 'a malformed or badly signed token gets 401'),
  async run(ctx) {
    ctx.reserve(2);
    await expect401(ctx, { header: 'Bearer not-a-token' }, 'with a malformed bearer token');
    await expect401(
      ctx,
      { header: `Bearer ${unsignedJwt(ctx.api.scope)}` },
      'with an unsigned (alg "none") JWT',
    );
  },
};

export const credentials: CheckDefinition = {
  id: 'auth.credentials',
  title: 'the token endpoint issues a token for the scope, and that token works',
  rule: documented(
    "the vendor's docs on authentication: client credentials at the token URL give a Bearer token for the scope, sent as Authorization: Bearer",
  ),
  async run(ctx) {
    if (!ctx.session.tokens.canRequestTokens) {
      return ctx.skip(
        'a pre-issued bearer token was given, so there are no client credentials to test the token endpoint with',
      );
    }
    ctx.reserve(2);
    let token: Awaited<ReturnType<typeof ctx.session.tokens.requestToken>>;
    try {
      token = await ctx.session.tokens.requestToken(ctx.api.scope);
    } catch (error) {
      return ctx.abort({
        message: error instanceof Error ? error.message : String(error),
        path: '$.access_token',
        expected: `a token for scope ${ctx.api.scope}`,
        actual: 'no token',
      });
    }
    if (token.tokenType?.toLowerCase() !== 'bearer') {
      ctx.fail({
        message: 'the token response does not say token_type Bearer',
        path: '$.token_type',
        expected: 'Bearer',
        actual: preview(token.tokenType),
      });
    }
    const res = await ctx.session.list(fixedQuery(ctx), { header: `Bearer ${token.token}` });
    if (res.status !== 200) {
      ctx.fail({
        message: 'a freshly issued token does not work',
        request: res.request,
        path: 'HTTP status',
        expected: '200',
        actual: `${res.status} ${preview(res.json ?? res.text, 160)}`,
      });
    }
  },
};

export const wrongScope: CheckDefinition = {
  id: 'auth.wrong-scope',
  title: "a valid token without the API's scope gets 403",
  rule: settled(4, "a valid token that lacks the endpoint's scope gets 403"),
  async run(ctx) {
    if (!ctx.session.tokens.canRequestTokens) {
      return ctx.skip('a pre-issued bearer token was given, so no token with another scope can be requested');
    }
    // Another API's scope: a real token of this identity service that lacks this API's permission.
    const other = Object.values(apiDescriptions).find(
      (a) => a.scope.toLowerCase() !== ctx.api.scope.toLowerCase(),
    );
    if (!other) return ctx.skip('no other scope is known');
    ctx.reserve(2);
    let token: string;
    try {
      token = (await ctx.session.tokens.requestToken(other.scope)).token;
    } catch {
      return ctx.skip(
        `the client is not granted ${other.scope}, so no token without ${ctx.api.scope} can be had`,
      );
    }
    const res = await ctx.session.list(fixedQuery(ctx), { header: `Bearer ${token}` }, true);
    expectErrorAnswer(ctx, res, 403, `a token with scope ${other.scope} only`);
  },
};

export const authChecks = [noToken, malformedToken, credentials, wrongScope];
