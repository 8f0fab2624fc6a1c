// The browser entry: the Node entry's exports, client secrets working as in Node, and a clear CredentialsError
// for the certificate flow (which needs node:crypto). This file imports the browser entry alone first, so that
// the Node entry's signer is not installed in its module graph until the last test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/browser.js';
import { scriptedFetch, tokenAnswer } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const certificate = {
  clientId: 'app-1',
  certificatePem: fixture('client-cert.pem'),
  privateKeyPem: fixture('client-key.pem'),
};
const tokenUrl = 'http://127.0.0.1:4010/connect/token';
const unavailable = /not available in the browser build of @jobwatch\/graph-auth/;

describe('the browser entry of graph-auth', () => {
  it('gets tokens with a client secret', async () => {
    const { fetch, requests } = scriptedFetch([() => tokenAnswer('tok-1')]);
    const provider = browser.createTokenProvider(
      { clientId: 'app-1', clientSecret: 'secret-1' },
      { tokenUrl, scope: 'salesforce.public.read.all', fetch },
    );
    expect(await provider.getToken()).toBe('tok-1');
    expect(new URLSearchParams(await requests[0]!.text()).get('client_secret')).toBe('secret-1');
  });

  it('refuses certificate credentials with a CredentialsError that says why', async () => {
    expect(() => browser.createTokenProvider(certificate, { tokenUrl, scope: 's' })).toThrow(
      browser.CredentialsError,
    );
    expect(() => browser.createTokenProvider(certificate, { tokenUrl, scope: 's' })).toThrow(unavailable);
    expect(() => browser.certificateThumbprint(certificate.certificatePem)).toThrow(unavailable);
    expect(() =>
      browser.createAssertionSigner(certificate.certificatePem, certificate.privateKeyPem),
    ).toThrow(unavailable);
    await expect(
      browser.signClientAssertion({
        clientId: 'a',
        audience: tokenUrl,
        privateKey: certificate.privateKeyPem,
      }),
    ).rejects.toThrow(unavailable);
  });

  it('exports exactly what the Node entry exports, which signs with certificates', async () => {
    const node = await import('../src/index.js');
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    // The same module graph, now with the Node entry loaded: the certificate flow works through it.
    expect(() => node.createTokenProvider(certificate, { tokenUrl, scope: 's' })).not.toThrow();
  });
});
