// The token URLs of a listening server: `http://<address>:<port>/connect/token` for the address it listens on (for
// a wildcard address every local interface, and `localhost` for loopback). Node only (node:os).
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

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

/** This server's token URLs (none when not listening, e.g. under inject). */
export function localTokenUrls(address: AddressInfo | string | null, tokenPath: string): string[] {
  if (address === null || typeof address !== 'object') return [];
  return localHosts(address.address).map((host) => `http://${host}:${address.port}${tokenPath}`);
}
