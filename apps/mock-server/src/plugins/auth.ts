// Tokens and auth on Fastify: the auth services (auth/services.ts, with certificates read by node:crypto) and the
// token endpoint (POST /connect/token) that uses them. The API routes' bearer check is in the jobs handler.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { acceptedAudiences } from '../auth/audiences.js';
import { nodeCertificates } from '../auth/certificates-node.js';
import { localTokenUrls } from '../auth/local-hosts.js';
import { type AuthServices, createAuthServices } from '../auth/services.js';
import type { EngineApi } from '../engine.js';
import { ACCESS_TOKEN_AUDIENCE, type ResolvedOptions } from '../options.js';
import { registerTokenRoute, TOKEN_PATH } from '../routes/token.js';

export type { AuthServices } from '../auth/services.js';

export function createAuth(options: ResolvedOptions, apis: readonly EngineApi[]): AuthServices {
  return createAuthServices(
    { ...options, audience: ACCESS_TOKEN_AUDIENCE },
    apis.map((a) => a.profile.scope),
    nodeCertificates,
  );
}

const auth: FastifyPluginCallback<{ auth: AuthServices }> = (app, { auth }, done) => {
  // The listening address is known once the server listens; it does not change after that.
  let listening: readonly string[] | null = null;
  const audiences = () => {
    if (listening !== null) return listening;
    const address = app.server.listening ? app.server.address() : null;
    const accepted = acceptedAudiences(localTokenUrls(address, TOKEN_PATH), auth.extraAudiences);
    if (address !== null) listening = accepted;
    return accepted;
  };
  registerTokenRoute(app, { ...auth, audiences });
  done();
};

/** POST /connect/token. */
export const authPlugin = fp(auth, { name: 'jobwatch-auth' });
