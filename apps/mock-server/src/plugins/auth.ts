// Tokens and auth: the registered clients, the access-token service, the client-assertion verifier, and the
// token endpoint (POST /connect/token) that uses them. The API routes' bearer check is in the jobs handler.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { AssertionVerifier } from '../auth/assertion.js';
import { ClientRegistry, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../auth/clients.js';
import { TokenService } from '../auth/tokens.js';
import type { EngineApi } from '../engine.js';
import { ACCESS_TOKEN_AUDIENCE, type ResolvedOptions } from '../options.js';
import { registerTokenRoute } from '../routes/token.js';

export interface AuthServices {
  readonly clients: ClientRegistry;
  readonly tokens: TokenService;
  readonly assertions: AssertionVerifier;
  /** Extra accepted client-assertion audiences. */
  readonly audiences: readonly string[];
}

export function createAuth(options: ResolvedOptions, apis: readonly EngineApi[]): AuthServices {
  const clients = new ClientRegistry(apis.map((a) => a.profile.scope));
  if (options.demoClient) clients.register({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET });
  for (const client of options.clients) clients.register(client);
  const tokens = new TokenService({
    seed: options.seed,
    issuer: options.issuer,
    audience: ACCESS_TOKEN_AUDIENCE,
    clock: options.clock,
    ...(options.tokenSecret === undefined ? {} : { tokenSecret: options.tokenSecret }),
  });
  return {
    clients,
    tokens,
    assertions: new AssertionVerifier(options.clock),
    audiences: options.tokenAudiences,
  };
}

const auth: FastifyPluginCallback<{ auth: AuthServices }> = (app, options, done) => {
  registerTokenRoute(app, options.auth);
  done();
};

/** POST /connect/token. */
export const authPlugin = fp(auth, { name: 'jobwatch-auth' });
