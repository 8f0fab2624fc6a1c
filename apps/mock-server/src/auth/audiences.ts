// The `aud` values a client assertion may carry (RFC 7523 §3: the audience identifies the authorization server).
// They come from configuration only, never from the request (a Host header or an absolute-form target is the
// caller's to choose):
//   - this server's own token URL at each origin it listens on (`http://<address>:<port>/connect/token`; for a
//     wildcard address every local interface, and `localhost` for loopback);
//   - the documented token URLs of the vendor's identity service, which the mock stands in for;
//   - the extra values of `--token-audience` / the `tokenAudiences` option (a proxy, a container port mapping).
// A trailing slash is tolerated on each.
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { TOKEN_URLS } from '@jobwatch/graph-auth';

function hostOf(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The hosts (as written in a URL) that reach a server bound to `address`. */
function localHosts(address: string): string[] {
  const wildcard4 = address === '0.0.0.0';
  const wildcard6 = address === '::';
  if (!wildcard4 && !wildcard6) {
    const loopback = address === '127.0.0.1' || address === '::1' || address.startsWith('::ffff:127.');
    return loopback ? [hostOf(address), 'localhost'] : [hostOf(address)];
  }
  const hosts = ['localhost'];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      // `::` listens on IPv4 too (dual stack); `0.0.0.0` on IPv4 only.
      if (entry.family === 'IPv4' || wildcard6) hosts.push(hostOf(entry.address));
    }
  }
  return hosts;
}

/** The accepted audiences for a server listening at `address` (null when not listening, e.g. under inject). */
export function acceptedAudiences(
  address: AddressInfo | string | null,
  tokenPath: string,
  configured: readonly string[],
): string[] {
  const urls = [...Object.values(TOKEN_URLS), ...configured];
  if (address !== null && typeof address === 'object') {
    for (const host of localHosts(address.address)) urls.push(`http://${host}:${address.port}${tokenPath}`);
  }
  const withSlash = urls.map((url) => url.replace(/\/+$/, ''));
  return [...new Set([...withSlash, ...withSlash.map((url) => `${url}/`)])];
}
