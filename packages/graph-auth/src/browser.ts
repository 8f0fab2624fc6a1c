// The browser entry of @jobwatch/graph-auth (the `browser` export condition): the same exports as the Node entry
// (index.ts), with no Node built-in. Client secrets and token providers work as in Node; the certificate flow
// needs node:crypto, so its functions (and certificate credentials given to createTokenProvider) throw a
// CredentialsError that says so.
import type * as node from './assertion.js';
import { certificatesUnavailable } from './certificate-signer.js';

export const certificateThumbprint: typeof node.certificateThumbprint = () => {
  throw certificatesUnavailable();
};
export const createAssertionSigner: typeof node.createAssertionSigner = () => {
  throw certificatesUnavailable();
};
export const signClientAssertion: typeof node.signClientAssertion = () =>
  Promise.reject(certificatesUnavailable());

export type { ClientAssertionInput } from './assertion.js';
export * from './common.js';
