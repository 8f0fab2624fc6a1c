import { describe, expect, it } from 'vitest';
import {
  environmentForRegion,
  isRegion,
  REGIONS,
  regionBaseUrl,
  resolveBaseUrl,
  resolveTokenUrl,
  TOKEN_URLS,
} from '../src/index.js';

describe('regions', () => {
  it('lists the 17 documented data centres', () => {
    expect(Object.keys(REGIONS)).toHaveLength(17);
    expect(isRegion('uae')).toBe(true);
    expect(isRegion('toString')).toBe(false);
  });

  it.each([
    ['us', 'https://graph-us.avepointonlineservices.com'],
    ['uk', 'https://graph-uk.avepointonlineservices.com'],
    ['gov', 'https://graph-gov.avepointonlineservices.com'],
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
  it('defaults to commercial and follows the government and AOS2 regions', () => {
    expect(resolveTokenUrl({})).toBe(TOKEN_URLS.commercial);
    expect(resolveTokenUrl({ region: 'de' })).toBe(
      'https://identity.avepointonlineservices.com/connect/token',
    );
    expect(resolveTokenUrl({ region: 'gov' })).toBe(
      'https://identity-gov.avepointonlineservices.com/connect/token',
    );
    expect(resolveTokenUrl({ region: 'aos2' })).toBe(
      'https://identity-aos2.avepointonlineservices.com/connect/token',
    );
    expect(environmentForRegion('us')).toBe('commercial');
  });

  it('lets an explicit environment or URL win', () => {
    expect(resolveTokenUrl({ environment: 'gov', region: 'us' })).toBe(TOKEN_URLS.gov);
    expect(resolveTokenUrl({ tokenUrl: 'http://127.0.0.1:4010/connect/token', region: 'gov' })).toBe(
      'http://127.0.0.1:4010/connect/token',
    );
  });
});
