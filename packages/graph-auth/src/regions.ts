// The data centres of the AvePoint Graph API (the vendor's overview, "Endpoints Upon Data Center", and its current
// docs' FedRAMP and Google Cloud data centres; decision 0009). The list is closed so that a typo in a region is a
// compile error rather than a DNS failure at 3 a.m.

/** Every documented data centre (`dc`) with the region it serves. */
export const REGIONS = {
  au: 'APAC, Australia',
  sg: 'APAC, Singapore',
  ca: 'Canada Central, Toronto',
  ne: 'EMEA, Ireland',
  we: 'EMEA, Netherlands',
  fr: 'France Central, Paris',
  de: 'Germany West Central, Frankfurt',
  qa: 'Qatar Central, Doha',
  jp: 'Japan West, Osaka',
  kr: 'Korea Central, Seoul',
  ch: 'Switzerland North, Zurich',
  uk: 'UK South, London',
  us: 'US, East',
  uae: 'UAE, Dubai',
  za: 'South Africa North, Johannesburg',
  gov: 'AOS US Government',
  aos2: 'AOS2',
  fedramp: 'FedRAMP',
  'gcp-au': 'Google Cloud, Australia',
  'gcp-jp': 'Google Cloud, Japan',
  'gcp-us': 'Google Cloud, US',
  'gcp-we': 'Google Cloud, Netherlands',
  'gcp-kr': 'Google Cloud, Korea',
} as const;

/** A documented data centre code, such as `us`, `uk` or `de`. */
export type Region = keyof typeof REGIONS;

/** Where a client sends its API calls: a documented region, or any base URL (the mock, a proxy). */
export type ApiTarget = { region: Region; baseUrl?: never } | { baseUrl: string; region?: never };

/** True when `value` is one of the documented data centre codes. */
export function isRegion(value: string): value is Region {
  return Object.hasOwn(REGIONS, value);
}

/** The data centres whose host is not `graph-{dc}.avepointonlineservices.com`. */
const OWN_HOSTS: Partial<Record<Region, string>> = { fedramp: 'https://graphusgovapi.online15.net' };

/**
 * The base URL of a data centre: `https://graph-{dc}.avepointonlineservices.com` (the Google Cloud ones too:
 * `graph-gcp-au`…), and FedRAMP's own `https://graphusgovapi.online15.net`.
 */
export function regionBaseUrl(region: Region): string {
  if (!isRegion(region)) {
    throw new RangeError(
      `Unknown region '${String(region)}'. Known regions: ${Object.keys(REGIONS).join(', ')}`,
    );
  }
  return OWN_HOSTS[region] ?? `https://graph-${region}.avepointonlineservices.com`;
}

/**
 * The base URL for a target, without a trailing slash (the generated client appends paths that start with `/`).
 * A custom base URL must be an absolute http(s) URL.
 */
export function resolveBaseUrl(target: ApiTarget): string {
  if (target.region !== undefined) return regionBaseUrl(target.region);
  let url: URL;
  try {
    url = new URL(target.baseUrl);
  } catch {
    throw new RangeError(`Invalid base URL '${target.baseUrl}': expected an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`Invalid base URL '${target.baseUrl}': expected http or https`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * True when `url` points at this machine (`localhost`, `127.0.0.0/8`, `[::1]`): a local mock, never a real
 * service. Clients and the CLI default the token URL and the demo client only for such a URL.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
