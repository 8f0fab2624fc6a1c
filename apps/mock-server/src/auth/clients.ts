// The registered OAuth clients: the demo client, `--client id:secret` flags and the clients file
// (`--clients <file>`, read by clients-file.ts). Secrets are kept only as keyed tags (digests.ts), so that a heap
// dump or a stray log of a client object shows no secret. Nothing here needs Node: the MSW handlers use it too.
import { DEMO_CLIENT } from '@jobwatch/api-descriptions';
import { ConfigError } from '../errors.js';
import type { CertificateImporter, CertificateKey } from './certificates.js';
import { SecretTags } from './digests.js';

export const DEMO_CLIENT_ID = DEMO_CLIENT.clientId;
export const DEMO_CLIENT_SECRET = DEMO_CLIENT.clientSecret;

/** A client as options, flags and the clients file give it. */
export interface ClientConfig {
  clientId: string;
  /** A client secret (client_secret_post or client_secret_basic). */
  clientSecret?: string;
  /** PEM X.509 certificate or PEM public key (RSA) that verifies the client's RS256 assertions. */
  certificate?: string;
  /** Scopes granted; default: every scope the server knows. Compared case-insensitively. */
  scopes?: string[];
}

export interface RegisteredClient {
  readonly clientId: string;
  /** The keyed tag of the client's secret (digests.ts), or null for a certificate-only client. */
  readonly secretTag: Uint8Array | null;
  /** The key of its assertions, or null for a secret-only client. */
  readonly publicKey: CertificateKey | null;
  /** Canonical scope names (as the specs write them). */
  readonly scopes: readonly string[];
  /** The same scopes, lower-cased (tokens compare scopes case-insensitively). */
  readonly scopesLower: ReadonlySet<string>;
}

export class ClientRegistry {
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly canonicalScope = new Map<string, string>();
  private readonly secrets = new SecretTags();

  constructor(
    readonly knownScopes: readonly string[],
    private readonly importCertificate: CertificateImporter,
  ) {
    for (const scope of knownScopes) this.canonicalScope.set(scope.toLowerCase(), scope);
  }

  /** The canonical name of a scope, matched case-insensitively, or undefined when unknown. */
  canonical(scope: string): string | undefined {
    return this.canonicalScope.get(scope.toLowerCase());
  }

  register(config: ClientConfig): void {
    const { clientId } = config;
    if (typeof clientId !== 'string' || clientId.length === 0)
      throw new ConfigError('a client needs a non-empty clientId');
    if (config.clientSecret === undefined && config.certificate === undefined) {
      throw new ConfigError(`client ${clientId}: give a clientSecret, a certificate, or both`);
    }
    if (
      config.clientSecret !== undefined &&
      (typeof config.clientSecret !== 'string' || config.clientSecret === '')
    ) {
      throw new ConfigError(`client ${clientId}: clientSecret must be a non-empty string`);
    }
    const scopes = (config.scopes ?? this.knownScopes).map((scope) => {
      const canonical = typeof scope === 'string' ? this.canonical(scope) : undefined;
      if (canonical === undefined) {
        throw new ConfigError(
          `client ${clientId}: unknown scope ${String(scope)} (known: ${this.knownScopes.join(', ')})`,
        );
      }
      return canonical;
    });
    this.clients.set(clientId, {
      clientId,
      secretTag: config.clientSecret === undefined ? null : this.secrets.tag(config.clientSecret),
      publicKey:
        config.certificate === undefined ? null : this.importCertificate(config.certificate, clientId),
      scopes: [...new Set(scopes)],
      scopesLower: new Set(scopes.map((scope) => scope.toLowerCase())),
    });
  }

  /** Whether a presented secret is the client's (compared as keyed tags: no timing tells how much matched). */
  secretMatches(client: RegisteredClient, presented: string): boolean {
    return client.secretTag !== null && this.secrets.matches(client.secretTag, presented);
  }

  get(clientId: string): RegisteredClient | undefined {
    return this.clients.get(clientId);
  }

  get ids(): string[] {
    return [...this.clients.keys()];
  }
}

/** `--client id:secret` (the secret may itself contain colons). */
export function parseClientFlag(value: string): ClientConfig {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new ConfigError('--client must be <id>:<secret> with a non-empty id and secret');
  }
  return { clientId: value.slice(0, colon), clientSecret: value.slice(colon + 1) };
}
