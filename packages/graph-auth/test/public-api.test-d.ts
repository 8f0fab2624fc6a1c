// Type tests of the public API of @jobwatch/graph-auth.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiClientOptions,
  type ClientCredentials,
  createTokenProvider,
  type GraphApiError,
  type GraphError,
  type GraphNetworkError,
  type GraphTimeoutError,
  type Region,
  regionBaseUrl,
  type TokenError,
  type TokenProvider,
} from '../src/index.js';

describe('graph-auth types', () => {
  it('knows the documented regions only', () => {
    expectTypeOf<'us'>().toExtend<Region>();
    expectTypeOf<'aos2'>().toExtend<Region>();
    expectTypeOf<'eu'>().not.toExtend<Region>();
    expectTypeOf(regionBaseUrl).parameter(0).toEqualTypeOf<Region>();
  });

  it('takes a secret or a certificate, not both', () => {
    expectTypeOf<{ clientId: string; clientSecret: string }>().toExtend<ClientCredentials>();
    expectTypeOf<{
      clientId: string;
      certificatePem: string;
      privateKeyPem: string;
    }>().toExtend<ClientCredentials>();
    expectTypeOf<{ clientId: string; certificatePem: string }>().not.toExtend<ClientCredentials>();
    expectTypeOf<{
      clientId: string;
      clientSecret: string;
      certificatePem: string;
      privateKeyPem: string;
    }>().not.toExtend<ClientCredentials>();
  });

  it('takes exactly one way to authenticate a client', () => {
    expectTypeOf<{ token: string }>().toExtend<ApiClientOptions>();
    expectTypeOf<{ tokenProvider: TokenProvider; timeoutMs: number }>().toExtend<ApiClientOptions>();
    expectTypeOf<{ token: string; tokenProvider: TokenProvider }>().not.toExtend<ApiClientOptions>();
    expectTypeOf<{ timeoutMs: number }>().not.toExtend<ApiClientOptions>();
  });

  it('returns a token provider whose getToken resolves to a string', () => {
    expectTypeOf(createTokenProvider).returns.toEqualTypeOf<TokenProvider>();
    expectTypeOf<TokenProvider['getToken']>().returns.resolves.toEqualTypeOf<string>();
  });

  it('roots every error in GraphError', () => {
    expectTypeOf<GraphApiError>().toExtend<GraphError>();
    expectTypeOf<TokenError>().toExtend<GraphError>();
    expectTypeOf<GraphNetworkError>().toExtend<GraphError>();
    expectTypeOf<GraphTimeoutError>().toExtend<GraphError>();
    expectTypeOf<GraphApiError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
  });
});
