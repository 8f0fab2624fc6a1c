// The auth services of one mock (the Fastify app or a set of MSW handlers): the registered clients, the
// access-token service and the client-assertion verifier. The platform gives only how certificates are read.

import { AssertionVerifier } from './assertion.js';
import type { CertificateImporter } from './certificates.js';
import { type ClientConfig, ClientRegistry, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './clients.js';
import { TokenService } from './tokens.js';

export interface AuthServices {
  readonly clients: ClientRegistry;
  readonly tokens: TokenService;
  readonly assertions: AssertionVerifier;
  /** Extra accepted client-assertion audiences (`--token-audience`). */
  readonly extraAudiences: readonly string[];
}

/** The options auth is built from (a subset of the resolved app options). */
export interface AuthSettings {
  readonly seed: number;
  readonly issuer: string;
  readonly audience: string;
  readonly tokenSecret: string | undefined;
  readonly tokenAudiences: readonly string[];
  readonly demoClient: boolean;
  readonly clients: readonly ClientConfig[];
  readonly clock: () => number;
}

export function createAuthServices(
  settings: AuthSettings,
  scopes: readonly string[],
  importCertificate: CertificateImporter,
): AuthServices {
  const clients = new ClientRegistry(scopes, importCertificate);
  if (settings.demoClient) clients.register({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET });
  for (const client of settings.clients) clients.register(client);
  const tokens = new TokenService({
    seed: settings.seed,
    issuer: settings.issuer,
    audience: settings.audience,
    clock: settings.clock,
    clientScopes: (clientId) => clients.get(clientId)?.scopesLower,
    ...(settings.tokenSecret === undefined ? {} : { tokenSecret: settings.tokenSecret }),
  });
  return {
    clients,
    tokens,
    assertions: new AssertionVerifier({ clock: settings.clock }),
    extraAudiences: settings.tokenAudiences,
  };
}
