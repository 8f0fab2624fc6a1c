import { describe, expect, it } from 'vitest';
import { expectValid } from '../test/support/spec-schemas.js';
import { formatRequestId, newConnectionId, newResponseMeta } from './meta.js';

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
