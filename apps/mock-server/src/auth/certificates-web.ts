// Certificates where only Web Crypto exists (the MSW handlers, in a browser or in Node): imported with jose at the
// client's first assertion, once. A PEM that jose cannot import as an RS256 key fails every assertion of that
// client with `invalid_client`, saying so.
import { type CryptoKey, importSPKI, importX509 } from 'jose';
import { OAuthError } from '../errors.js';
import type { CertificateImporter } from './certificates.js';

export const webCertificates: CertificateImporter = (pem, clientId) => {
  let key: Promise<CryptoKey> | undefined;
  return () => {
    key ??= (pem.includes('BEGIN CERTIFICATE') ? importX509(pem, 'RS256') : importSPKI(pem, 'RS256')).catch(
      () => {
        throw new OAuthError(
          'invalid_client',
          `The certificate registered for client ${clientId.slice(0, 80)} is not a PEM X.509 certificate or RSA public key.`,
        );
      },
    );
    return key;
  };
};
