// Reference values are the vendor's and the settled readings' (decision 0002), written out, never recomputed
// with the formula under test.
import { describe, expect, it } from 'vitest';
import {
  endOfDayTicks,
  isoToTicks,
  MAX_TICKS,
  msToTicks,
  parseIsoTicks,
  startOfDayTicks,
  ticksToDate,
  ticksToIso,
  ticksToMs,
  UNIX_EPOCH_TICKS,
} from '../src/ticks.js';

describe('ticks', () => {
  it('match the documented examples exactly', () => {
    expect(isoToTicks('2022-08-19T00:00:00Z')).toBe(637964640000000000n);
    expect(isoToTicks('2022-08-19')).toBe(637964640000000000n);
    expect(isoToTicks('2024-06-01T00:00:00+08:00')).toBe(638527680000000000n);
    expect(isoToTicks('2024-06-01T00:00:00+0800')).toBe(638527680000000000n);
    expect(msToTicks(1_717_171_200_000)).toBe(638527680000000000n);
    expect(ticksToIso(638645575921780695n)).toBe('2024-10-15T02:53:12.1780695Z');
    expect(ticksToIso(638527680000000000n, 'shortest')).toBe('2024-05-31T16:00:00.000Z');
    expect(ticksToIso(0n)).toBe('0001-01-01T00:00:00.0000000Z');
    expect(ticksToIso(MAX_TICKS)).toBe('9999-12-31T23:59:59.9999999Z');
    expect(UNIX_EPOCH_TICKS).toBe(isoToTicks('1970-01-01T00:00:00Z'));
  });

  it('round to milliseconds as asked, flooring before 1970', () => {
    expect(ticksToMs(UNIX_EPOCH_TICKS)).toBe(0);
    expect(ticksToMs(UNIX_EPOCH_TICKS - 1n)).toBe(-1);
    expect(ticksToMs(UNIX_EPOCH_TICKS - 1n, 'ceil')).toBe(0);
    expect(ticksToMs(UNIX_EPOCH_TICKS + 1n, 'ceil')).toBe(1);
    expect(ticksToIso(UNIX_EPOCH_TICKS - 1n)).toBe('1969-12-31T23:59:59.9999999Z');
    expect(ticksToMs(0n)).toBe(-62135596800000);
  });

  it('keep all 7 fraction digits through ISO and back', () => {
    for (const ticks of [
      638645575921780695n,
      638645575921780001n,
      UNIX_EPOCH_TICKS - 1n,
      1n,
      0n,
      MAX_TICKS,
    ]) {
      expect(isoToTicks(ticksToIso(ticks))).toBe(ticks);
      expect(isoToTicks(ticksToIso(ticks, 'shortest'))).toBe(ticks);
    }
  });

  it('know the UTC day a tick falls on, also before 1970', () => {
    const t = isoToTicks('2024-12-01T13:00:00Z')!;
    expect(ticksToDate(t)).toBe('2024-12-01');
    expect(startOfDayTicks(t)).toBe(isoToTicks('2024-12-01'));
    expect(endOfDayTicks(t)).toBe(isoToTicks('2024-12-02')! - 1n);
    expect(ticksToDate(isoToTicks('1969-12-31T23:00:00Z')!)).toBe('1969-12-31');
  });

  it('read what an ISO reader may meet, and reject what is not a calendar instant', () => {
    expect(parseIsoTicks('2024-01-01')).toEqual({
      ticks: 638396640000000000n,
      dateOnly: true,
      fractionDigits: 0,
    });
    expect(parseIsoTicks('2024-01-01t00:00:00.123456789z')?.ticks).toBe(638396640001234567n);
    expect(isoToTicks('2024-01-01 00:00')).toBe(638396640000000000n);
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '2024-01-01T24:00',
      '2024-01-01T12:60',
      'yesterday',
      '',
    ]) {
      expect(isoToTicks(bad), bad).toBeUndefined();
    }
  });
});
