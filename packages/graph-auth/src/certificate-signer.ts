// Certificate credentials need node:crypto (X.509 parsing, the key-matches-certificate check, the SHA-1
// thumbprint), which a browser does not have; client secrets need nothing of Node. The token provider reaches the
// certificate signer through here, and only the Node entry (index.ts) installs it, so that the browser entry
// (browser.ts, the `browser` export condition) bundles with no Node built-in and says clearly what it lacks.
import type { AssertionSigner } from './assertion-types.js';
import { CredentialsError } from './errors.js';

type SignerFactory = (certificatePem: string, privateKeyPem: string) => AssertionSigner;

let factory: SignerFactory | undefined;

/** Called once by the Node entry with the node:crypto signer (assertion.ts). */
export function installCertificateSigner(create: SignerFactory): void {
  factory = create;
}

/** The error of every certificate function in a browser build. */
export function certificatesUnavailable(): CredentialsError {
  return new CredentialsError(
    'Certificate credentials are not available in the browser build of @jobwatch/graph-auth (they need ' +
      'node:crypto); use a client secret or a TokenProvider of your own there',
  );
}

/** A signer for the certificate flow; throws CredentialsError where no signer is installed (a browser). */
export function createCertificateSigner(certificatePem: string, privateKeyPem: string): AssertionSigner {
  if (!factory) throw certificatesUnavailable();
  return factory(certificatePem, privateKeyPem);
}
