import { describe, expect, it } from 'vitest';
import {
  environmentForRegion,
  GraphError,
  isLoopbackUrl,
  isRegion,
  REGIONS,
  regionBaseUrl,
  resolveBaseUrl,
  resolveTokenUrl,
  TOKEN_URLS,
} from '../src/index.js';

describe('regions', () => {
  it('lists the 23 documented data centres: 17 of the overview, FedRAMP and 5 on Google Cloud', () => {
    expect(Object.keys(REGIONS)).toHaveLength(23);
    expect(isRegion('uae')).toBe(true);
    expect(isRegion('toString')).toBe(false);
  });

  it.each([
    ['us', 'https://graph-us.avepointonlineservices.com'],
    ['uk', 'https://graph-uk.avepointonlineservices.com'],
    ['gov', 'https://graph-gov.avepointonlineservices.com'],
    ['fedramp', 'https://graphusgovapi.online15.net'],
    ['gcp-au', 'https://graph-gcp-au.avepointonlineservices.com'],
    ['gcp-kr', 'https://graph-gcp-kr.avepointonlineservices.com'],
  ] as const)('maps %s to its base URL', (region, url) => {
    expect(regionBaseUrl(region)).toBe(url);
    expect(resolveBaseUrl({ region })).toBe(url);
  });

  it('accepts a custom base URL and drops the trailing slash', () => {
    expect(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
    expect(resolveBaseUrl({ baseUrl: 'https://proxy.example/graph/' })).toBe('https://proxy.example/graph');
  });

  it('rejects an unknown region and a base URL that is not http(s)', () => {
    expect(() => regionBaseUrl('xx' as never)).toThrow(/Unknown region 'xx'/);
    expect(() => resolveBaseUrl({ baseUrl: 'graph-us' })).toThrow(RangeError);
    expect(() => resolveBaseUrl({ baseUrl: 'ftp://x' })).toThrow(/http or https/);
  });
});

describe('token URLs', () => {
  it('follows the region: commercial, or the government and AOS2 identity services', () => {
    expect(resolveTokenUrl({ region: 'de' })).toBe(
      'https://identity.avepointonlineservices.com/connect/token',
    );
    expect(resolveTokenUrl({ region: 'gov' })).toBe(
      'https://identity-gov.avepointonlineservices.com/connect/token',
    );
    expect(resolveTokenUrl({ region: 'aos2' })).toBe(
      'https://identity-aos2.avepointonlineservices.com/connect/token',
    );
    expect(resolveTokenUrl({ region: 'fedramp' })).toBe('https://identity.online15.net/connect/token');
    expect(environmentForRegion('us')).toBe('commercial');
    expect(environmentForRegion('gcp-jp')).toBe('commercial');
  });

  it('lets an explicit environment or URL win', () => {
    expect(resolveTokenUrl({ environment: 'gov', region: 'us' })).toBe(TOKEN_URLS.gov);
    expect(resolveTokenUrl({ tokenUrl: 'http://127.0.0.1:4010/connect/token', region: 'gov' })).toBe(
      'http://127.0.0.1:4010/connect/token',
    );
  });
});

describe('token URL of a base URL', () => {
  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/connect/token'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010/connect/token'],
    ['http://localhost:39999/mock', 'http://localhost:39999/mock/connect/token'],
    ['http://127.8.9.10:80', 'http://127.8.9.10:80/connect/token'],
    ['http://[::1]:4010', 'http://[::1]:4010/connect/token'],
  ])('a loopback base URL %s gets its own token endpoint', (baseUrl, tokenUrl) => {
    expect(isLoopbackUrl(baseUrl)).toBe(true);
    expect(resolveTokenUrl({ baseUrl })).toBe(tokenUrl);
  });

  it.each([
    'https://proxy.example/graph',
    'https://graph-us.avepointonlineservices.com',
    'http://127.0.0.1.example.com',
    'http://10.0.0.5:4010',
  ])('a non-loopback base URL %s without a token URL or environment is an error, not a guess', (baseUrl) => {
    expect(isLoopbackUrl(baseUrl)).toBe(false);
    expect(() => resolveTokenUrl({ baseUrl })).toThrow(GraphError);
    expect(() => resolveTokenUrl({ baseUrl })).toThrow(
      new RegExp(
        `No token URL for the base URL ${baseUrl.replace(/[.]/g, '\\.')}: give credentials\\.tokenUrl`,
      ),
    );
  });

  it('nothing to go by is an error too', () => {
    expect(() => resolveTokenUrl({})).toThrow(/No token URL for no region or base URL/);
  });

  it('an explicit token URL or environment still wins for any base URL', () => {
    expect(resolveTokenUrl({ baseUrl: 'https://proxy.example', environment: 'aos2' })).toBe(TOKEN_URLS.aos2);
    expect(resolveTokenUrl({ baseUrl: 'http://127.0.0.1:4010', tokenUrl: 'https://id.example/t' })).toBe(
      'https://id.example/t',
    );
  });
});
