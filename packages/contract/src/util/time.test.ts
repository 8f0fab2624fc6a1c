import { describe, expect, it } from 'vitest';
import { endOfDayTicks, isoToTicks, msToTicks, ticksToDate, ticksToIso, ticksToMs } from './time.js';

describe('ticks', () => {
  it('match the project reference values exactly (BigInt, no float rounding)', () => {
    expect(isoToTicks('2022-08-19T00:00:00Z')).toBe(637964640000000000n);
    expect(isoToTicks('2022-08-19')).toBe(637964640000000000n);
    // The vendor's IaaS page example is midnight at UTC+8 (decision notes 0002, 0009).
    expect(isoToTicks('2024-06-01T00:00:00+08:00')).toBe(638527680000000000n);
    expect(msToTicks(Date.parse('2024-05-31T16:00:00Z'))).toBe(638527680000000000n);
    expect(ticksToMs(637964640000000000n)).toBe(Date.parse('2022-08-19T00:00:00Z'));
  });

  it('keep all 7 fraction digits', () => {
    const t = isoToTicks('2024-12-02T07:52:25.1234567Z') as bigint;
    expect(t % 10_000_000n).toBe(1234567n);
    expect(ticksToIso(t)).toBe('2024-12-02T07:52:25.1234567Z');
    expect(ticksToIso(isoToTicks('2024-12-02T07:52:25.5Z') as bigint)).toBe('2024-12-02T07:52:25.500Z');
  });

  it('reject what is not a calendar date or not ISO', () => {
    expect(isoToTicks('2024-02-30')).toBeUndefined();
    expect(isoToTicks('2024-13-01')).toBeUndefined();
    expect(isoToTicks('yesterday')).toBeUndefined();
    expect(isoToTicks('2024-02-29')).toBeDefined();
  });

  it('know the day a tick falls on and its last tick', () => {
    const t = isoToTicks('2024-12-01T13:00:00Z') as bigint;
    expect(ticksToDate(t)).toBe('2024-12-01');
    expect(endOfDayTicks(t)).toBe((isoToTicks('2024-12-02') as bigint) - 1n);
  });
});
