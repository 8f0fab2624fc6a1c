import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';

describe('Redactor', () => {
  it('removes registered secrets everywhere, including URL-encoded and nested', () => {
    const r = new Redactor();
    r.add('s3cr3t/value+1');
    expect(r.redact('a s3cr3t/value+1 b')).toBe('a <redacted> b');
    expect(r.redact(`q=${encodeURIComponent('s3cr3t/value+1')}`)).toBe('q=<redacted>');
    expect(r.redactValue({ x: ['s3cr3t/value+1'], y: 1 })).toEqual({ x: ['<redacted>'], y: 1 });
  });

  it('removes every line of a PEM, so a partial leak is caught too', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const r = new Redactor();
    r.add(pem);
    const line = pem.split('\n')[3] as string;
    expect(r.redact(`leak: ${line}`)).toBe('leak: <redacted>');
  });

  it('blanks secret-named query parameters and URL credentials whatever their value', () => {
    const r = new Redactor();
    expect(r.redactUrl('https://u:p@x.test/a?client_secret=abc&access_token=t&pageIndex=2')).toBe(
      'https://x.test/a?client_secret=<redacted>&access_token=<redacted>&pageIndex=2',
    );
  });
});
