// Tokens and auth: the registered clients, the access-token service, the client-assertion verifier, and the
// token endpoint (POST /connect/token) that uses them. The API routes' bearer check is in the jobs handler.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { AssertionVerifier } from '../auth/assertion.js';
import { acceptedAudiences } from '../auth/audiences.js';
import { ClientRegistry, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../auth/clients.js';
import { TokenService } from '../auth/tokens.js';
import type { EngineApi } from '../engine.js';
import { ACCESS_TOKEN_AUDIENCE, type ResolvedOptions } from '../options.js';
import { registerTokenRoute, TOKEN_PATH } from '../routes/token.js';

export interface AuthServices {
  readonly clients: ClientRegistry;
  readonly tokens: TokenService;
  readonly assertions: AssertionVerifier;
  /** Extra accepted client-assertion audiences (`--token-audience`). */
  readonly extraAudiences: readonly string[];
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
    clientScopes: (clientId) => clients.get(clientId)?.scopesLower,
    ...(options.tokenSecret === undefined ? {} : { tokenSecret: options.tokenSecret }),
  });
  return {
    clients,
    tokens,
    assertions: new AssertionVerifier({ clock: options.clock }),
    extraAudiences: options.tokenAudiences,
  };
}

const auth: FastifyPluginCallback<{ auth: AuthServices }> = (app, { auth }, done) => {
  // The listening address is known once the server listens; it does not change after that.
  let listening: readonly string[] | null = null;
  const audiences = () => {
    if (listening !== null) return listening;
    const address = app.server.listening ? app.server.address() : null;
    const accepted = acceptedAudiences(address, TOKEN_PATH, auth.extraAudiences);
    if (address !== null) listening = accepted;
    return accepted;
  };
  registerTokenRoute(app, { ...auth, audiences });
  done();
};

/** POST /connect/token. */
export const authPlugin = fp(auth, { name: 'jobwatch-auth' });
