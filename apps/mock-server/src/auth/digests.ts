// The hashing that auth needs, in one place and the same on every platform (Node and browsers, for the MSW
// handlers): HMAC-SHA-256 from @noble/hashes (audited, synchronous, no Node built-ins), random bytes from the
// platform's Web Crypto (global on Node 20+ and in browsers).
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

const utf8 = new TextEncoder();

export function hmacSha256(key: string | Uint8Array, message: string): Uint8Array {
  return hmac(sha256, typeof key === 'string' ? utf8.encode(key) : key, utf8.encode(message));
}

export function randomKey(bytes = 32): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(bytes));
}

export function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * A keyed tag of a secret (HMAC under a key random per process), and the comparison of two tags. Secrets are
 * compared as tags (the "double HMAC" comparison): the attacker cannot choose the bytes of a tag without the key,
 * so the early exit of an ordinary comparison tells them nothing, and a stored tag reveals nothing of the secret.
 */
export class SecretTags {
  private readonly key = randomKey();

  tag(secret: string): Uint8Array {
    return hmacSha256(this.key, secret);
  }

  matches(tag: Uint8Array, presented: string): boolean {
    const other = this.tag(presented);
    if (other.length !== tag.length) return false;
    let difference = 0;
    for (let i = 0; i < tag.length; i++) difference |= tag[i]! ^ other[i]!;
    return difference === 0;
  }
}
