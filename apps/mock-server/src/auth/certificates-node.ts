// Certificates on Node: read at registration with node:crypto, so that a bad one is a start-up error.
import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { ConfigError } from '../errors.js';
import type { CertificateImporter } from './certificates.js';

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

export const nodeCertificates: CertificateImporter = (pem, clientId) => {
  const key = Promise.resolve(publicKeyFromPem(pem, clientId));
  return () => key;
};
