// What both entries export (index.ts for Node, browser.ts for browsers): everything of the package but the
// node:crypto certificate functions, none of which needs a Node built-in.
export {
  ASSERTION_LIFETIME_SECONDS,
  type AssertionSigner,
  type ClientAssertionClaims,
  type ClientAssertionHeader,
} from './assertion-types.js';
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
