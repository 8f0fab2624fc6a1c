// The registered OAuth clients: the demo client, `--client id:secret` flags and the clients file
// (`--clients <file>`, JSON or YAML). Secrets are kept only as SHA-256 digests, so that a heap dump or a
// stray log of a client object shows no secret.
import { createHash, createPublicKey, type KeyObject, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEMO_CLIENT } from '@jobwatch/api-descriptions';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';

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
  readonly secretDigest: Buffer | null;
  readonly publicKey: KeyObject | null;
  /** Canonical scope names (as the specs write them). */
  readonly scopes: readonly string[];
  /** The same scopes, lower-cased (tokens compare scopes case-insensitively). */
  readonly scopesLower: ReadonlySet<string>;
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Compares a presented secret with a client's in constant time (over the digests). */
export function secretMatches(client: RegisteredClient, presented: string): boolean {
  return client.secretDigest !== null && timingSafeEqual(client.secretDigest, digest(presented));
}

/** Reads a PEM certificate or public key; throws ConfigError naming the client. */
export function publicKeyFromPem(pem: string, clientId: string): KeyObject {
  let key: KeyObject;
  try {
    key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch {
    throw new ConfigError(`client ${clientId}: certificate is not a PEM X.509 certificate or public key`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`client ${clientId}: certificate must hold an RSA key (assertions are RS256)`);
  }
  return key;
}

export class ClientRegistry {
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly canonicalScope = new Map<string, string>();

  constructor(readonly knownScopes: readonly string[]) {
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
      secretDigest: config.clientSecret === undefined ? null : digest(config.clientSecret),
      publicKey: config.certificate === undefined ? null : publicKeyFromPem(config.certificate, clientId),
      scopes: [...new Set(scopes)],
      scopesLower: new Set(scopes.map((scope) => scope.toLowerCase())),
    });
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

/**
 * Reads a clients file: a JSON or YAML list of `{ clientId, clientSecret?, certificate?, certificateFile?, scopes? }`.
 * `certificateFile` is a path to a PEM file, relative to the clients file.
 */
export function loadClientsFile(path: string): ClientConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`--clients: cannot read ${path}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `--clients: ${path} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!Array.isArray(data)) throw new ConfigError(`--clients: ${path} must hold a list of clients`);
  return data.map((entry: unknown, index) => {
    const where = `--clients: ${path}: entry ${index}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new ConfigError(`${where} is not an object`);
    const e = entry as Record<string, unknown>;
    const allowed = new Set(['clientId', 'clientSecret', 'certificate', 'certificateFile', 'scopes']);
    for (const key of Object.keys(e))
      if (!allowed.has(key)) throw new ConfigError(`${where}: unknown field ${key}`);
    if (typeof e.clientId !== 'string' || e.clientId === '')
      throw new ConfigError(`${where}: clientId must be a non-empty string`);
    if (e.clientSecret !== undefined && typeof e.clientSecret !== 'string')
      throw new ConfigError(`${where}: clientSecret must be a string`);
    if (e.certificate !== undefined && typeof e.certificate !== 'string')
      throw new ConfigError(`${where}: certificate must be a PEM string`);
    if (
      e.scopes !== undefined &&
      (!Array.isArray(e.scopes) || !e.scopes.every((s) => typeof s === 'string'))
    ) {
      throw new ConfigError(`${where}: scopes must be a list of strings`);
    }
    let certificate = e.certificate as string | undefined;
    if (e.certificateFile !== undefined) {
      if (typeof e.certificateFile !== 'string')
        throw new ConfigError(`${where}: certificateFile must be a path`);
      const certPath = resolve(dirname(path), e.certificateFile);
      try {
        certificate = readFileSync(certPath, 'utf8');
      } catch {
        throw new ConfigError(`${where}: cannot read certificateFile ${certPath}`);
      }
    }
    const config: ClientConfig = { clientId: e.clientId };
    if (e.clientSecret !== undefined) config.clientSecret = e.clientSecret as string;
    if (certificate !== undefined) config.certificate = certificate;
    if (e.scopes !== undefined) config.scopes = e.scopes as string[];
    return config;
  });
}
