import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectValid } from '../test/support/spec-schemas.js';
import { formatRequestId, newConnectionId, newResponseMeta, newTraceId, timestampNow } from './meta.js';

describe('response meta', () => {
  it('has the documented shapes', () => {
    for (let i = 0; i < 50; i++) {
      const meta = newResponseMeta(i);
      expect(meta.requestId).toMatch(/^0[0-9A-V]{12}:[0-9A-F]{8}$/);
      expectValid('salesforce', 'RequestIdValue', meta.requestId);
      expectValid('salesforce', 'TimestampValue', meta.timestamp);
      expectValid('salesforce', 'TraceIdValue', meta.traceId);
    }
  });

  it('numbers requests on one connection id', () => {
    expect(formatRequestId(2, '0HNEVHLNSPSEJ')).toBe('0HNEVHLNSPSEJ:00000002');
    expect(formatRequestId(0xabcdef12, '0HNEVHLNSPSEJ')).toBe('0HNEVHLNSPSEJ:ABCDEF12');
    expect(newConnectionId()).not.toBe(newConnectionId());
    const a = newResponseMeta(1);
    const b = newResponseMeta(2);
    expect(a.requestId.slice(0, 13)).toBe(b.requestId.slice(0, 13));
    expect(a.traceId).not.toBe(b.traceId);
  });
});

describe('timestampNow', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The timestamp as first written: a Date per call, microseconds padded. */
  function reference(): string {
    const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    const iso = new Date(Math.floor(micros / 1000)).toISOString();
    return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
  }

  it('formats exactly like a fresh Date per call, across second and day boundaries', () => {
    // Instants (performance.now offsets) chosen around boundaries, so that the reused prefix must be renewed.
    const toNextDay = 86_400_000 - (((performance.timeOrigin % 86_400_000) + 86_400_000) % 86_400_000);
    const offsets = [0, 0.001, 0.999, 999.9994, 1000, 1000.0006, 1000.5, 1999.999, toNextDay - 0.0004];
    offsets.push(toNextDay, toNextDay + 0.0007, 5000.123456, 5000.123457, 12, 12.5);
    const now = vi.spyOn(performance, 'now');
    for (const offset of offsets) {
      now.mockReturnValue(offset);
      expect(timestampNow()).toBe(reference());
    }
  });

  it('gives fresh trace ids of the documented shape', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = newTraceId();
      expect(id).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      ids.add(id);
    }
    expect(ids.size).toBe(500);
  });
});

describe('randomness from Web Crypto', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('writes the bytes getRandomValues gives as Buffer hex would, and draws connection ids from them', async () => {
    const fills: Uint8Array[] = [];
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array: ArrayBufferView) => {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 157 + fills.length * 31 + 7) & 255;
      fills.push(bytes.slice());
      return array;
    });
    vi.resetModules();
    const meta = await import('./meta.js');
    const traceId = meta.newTraceId();
    const connectionId = meta.newConnectionId();
    expect(fills.length).toBeGreaterThan(0);
    // Node's own hex of everything drawn: the trace id's 48 digits must be a byte-aligned slice of it.
    const drawnHex = fills.map((bytes) => Buffer.from(bytes).toString('hex')).join('');
    const digits = traceId.slice(3, 35) + traceId.slice(36, 52);
    const at = drawnHex.indexOf(digits);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at % 2).toBe(0);
    // Connection ids map each drawn byte's low 5 bits to the base32 alphabet.
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
    const drawn = fills.flatMap((bytes) => [...bytes]);
    const expected = (start: number) =>
      `0${drawn
        .slice(start + 1, start + 13)
        .map((byte) => alphabet[byte & 31])
        .join('')}`;
    expect(drawn.some((_, start) => expected(start) === connectionId)).toBe(true);
  });
});
