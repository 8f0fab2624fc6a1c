// The `aud` values a client assertion may carry (RFC 7523 §3: the audience identifies the authorization server).
// They come from configuration only, never from the request (a Host header or an absolute-form target is the
// caller's to choose):
//   - this mock's own token URLs: where the server listens (local-hosts.ts), or the MSW handlers' base URL;
//   - the documented token URLs of the vendor's identity service, which the mock stands in for;
//   - the extra values of `--token-audience` / the `tokenAudiences` option (a proxy, a container port mapping).
// A trailing slash is tolerated on each. The token URLs come from graph-auth's `environments` entry, not its main
// one: the main entry loads the whole client (jose, the HTTP transport), 25 ms of every mock start-up for a constant.
import { TOKEN_URLS } from '@jobwatch/graph-auth/environments';

/** The accepted audiences, given this mock's own token URLs and the configured extra ones. */
export function acceptedAudiences(ownTokenUrls: readonly string[], configured: readonly string[]): string[] {
  const urls = [...Object.values(TOKEN_URLS), ...configured, ...ownTokenUrls];
  const withSlash = urls.map((url) => url.replace(/\/+$/, ''));
  return [...new Set([...withSlash, ...withSlash.map((url) => `${url}/`)])];
}
