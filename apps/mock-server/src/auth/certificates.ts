// How a client's registered certificate becomes the key that verifies its RS256 assertions. The platform decides:
// on Node (the server) the PEM is read at once with node:crypto, so that a bad certificate stops start-up with a
// ConfigError naming the client (certificates-node.ts); in a browser (the MSW handlers) only Web Crypto exists,
// whose key import is asynchronous, so the PEM is imported with jose at the client's first assertion
// (certificates-web.ts), and a certificate it cannot read fails that assertion as `invalid_client`.
import type { CryptoKey, KeyObject } from 'jose';

/** The verification key of a client's assertions, resolved when first needed. */
export type CertificateKey = () => Promise<CryptoKey | KeyObject>;

/** Turns a client's PEM certificate (or public key) into its key; may throw ConfigError naming the client. */
export type CertificateImporter = (pem: string, clientId: string) => CertificateKey;
