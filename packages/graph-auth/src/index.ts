// Public entry of @jobwatch/graph-auth: regions, token endpoints, the token provider, the retry policy, the
// authorized transport and the error classes shared by the Salesforce and Dynamics 365 clients. This is the Node
// entry: it installs the node:crypto certificate signer. Browsers get browser.ts (no certificates, no Node).
import { createAssertionSigner } from './assertion.js';
import { installCertificateSigner } from './certificate-signer.js';

installCertificateSigner(createAssertionSigner);

export {
  type ClientAssertionInput,
  certificateThumbprint,
  createAssertionSigner,
  signClientAssertion,
} from './assertion.js';
export * from './common.js';
