// Public entry of @jobwatch/graph-auth: regions, token endpoints, the token provider, the retry policy, the
// authorized transport and the error classes shared by the Salesforce and Dynamics 365 clients.
export {
  ASSERTION_LIFETIME_SECONDS,
  type AssertionSigner,
  type ClientAssertionClaims,
  type ClientAssertionHeader,
  type ClientAssertionInput,
  certificateThumbprint,
  createAssertionSigner,
  signClientAssertion,
} from './assertion.js';
export { type Clock, systemClock } from './clock.js';
export { type Environment, environmentForRegion, resolveTokenUrl, TOKEN_URLS } from './environments.js';
export {
  CredentialsError,
  codeForStatus,
  GraphApiError,
  type GraphApiErrorInit,
  GraphError,
  GraphNetworkError,
  GraphTimeoutError,
  PagingError,
  TokenError,
} from './errors.js';
export {
  DEFAULT_TIMEOUT_MS,
  type HttpPolicy,
  type HttpPolicyOptions,
  resolvePolicy,
  sendWithPolicy,
} from './http.js';
export {
  checkPageSize,
  DEFAULT_PAGE_SIZE,
  fetchNextPage,
  flattenPages,
  type NextLinkState,
  type PageWindow,
  type PagingOptions,
  resolveNextLink,
  toPageWireQuery,
} from './paging.js';
export { redact } from './redact.js';
export {
  type ApiTarget,
  isLoopbackUrl,
  isRegion,
  REGIONS,
  type Region,
  regionBaseUrl,
  resolveBaseUrl,
} from './regions.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
  resolveRetry,
} from './retry.js';
export {
  type CertificateCredentials,
  type ClientCredentials,
  createTokenProvider,
  type SecretCredentials,
  staticTokenProvider,
  type TokenProvider,
  type TokenProviderOptions,
} from './token-provider.js';
export {
  type ApiClientOptions,
  type ApiProfile,
  type ApiTransport,
  type AuthOption,
  type AuthorizedFetchOptions,
  type CredentialsOption,
  createApiTransport,
  createAuthorizedFetch,
  type ErrorAnswer,
  type ErrorParser,
} from './transport.js';
