import { describe, expect, it } from 'vitest';
import { fromTicks, MAX_TICKS, ticksToIso, toTicks, UNIX_EPOCH_TICKS } from '../src/index.js';

describe('ticks', () => {
  it('converts the documented examples exactly', () => {
    // decisions 0002, 0009: 637964640000000000 is 2022-08-19T00:00:00Z; the vendor's IaaS page's 638527680000000000
    // is 2024-05-31T16:00Z.
    expect(toTicks(new Date('2022-08-19T00:00:00Z'))).toBe(637964640000000000n);
    expect(toTicks('2022-08-19')).toBe(637964640000000000n);
    expect(ticksToIso(638527680000000000n)).toBe('2024-05-31T16:00:00.0000000Z');
    expect(ticksToIso(638645575921780695n)).toBe('2024-10-15T02:53:12.1780695Z');
  });

  it('keeps all 7 fraction digits through ISO and back', () => {
    for (const ticks of [638645575921780695n, 638645575921780001n, UNIX_EPOCH_TICKS, 1n, 0n, MAX_TICKS]) {
      expect(toTicks(ticksToIso(ticks))).toBe(ticks);
    }
    expect(ticksToIso(0n)).toBe('0001-01-01T00:00:00.0000000Z');
    expect(ticksToIso(MAX_TICKS)).toBe('9999-12-31T23:59:59.9999999Z');
  });

  // Expected values computed independently of the implementation (Python's datetime: days and seconds since
  // 0001-01-01, × 10^7), and .NET's own constants: DateTime.UnixEpoch.Ticks, DateTime.MaxValue.Ticks.
  it.each([
    ['0001-01-01T00:00:00.000Z', 0n],
    ['1969-12-31T23:59:59.999Z', 621_355_967_999_990_000n],
    ['1970-01-01T00:00:00.000Z', 621_355_968_000_000_000n],
    ['2000-01-01T00:00:00.000Z', 630_822_816_000_000_000n],
    ['2024-05-31T16:08:37.171Z', 638_527_685_171_710_000n],
    ['9999-12-31T23:59:59.999Z', 3_155_378_975_999_990_000n],
  ])('gives .NET ticks for %s both ways', (iso, ticks) => {
    expect(toTicks(new Date(iso))).toBe(ticks);
    expect(fromTicks(ticks).toISOString()).toBe(iso);
  });

  it('drops sub-millisecond ticks by flooring, also before 1970', () => {
    expect(fromTicks(638_527_685_171_719_999n).toISOString()).toBe('2024-05-31T16:08:37.171Z');
    expect(fromTicks(621_355_967_999_999_999n).toISOString()).toBe('1969-12-31T23:59:59.999Z');
    expect(ticksToIso(621_355_967_999_999_999n)).toBe('1969-12-31T23:59:59.9999999Z');
    expect(UNIX_EPOCH_TICKS).toBe(621_355_968_000_000_000n);
    expect(MAX_TICKS).toBe(3_155_378_975_999_999_999n);
  });

  it('reads offsets, UTC without an offset, and ticks given as digits or bigint', () => {
    expect(toTicks('2024-06-01T08:00:00+08:00')).toBe(toTicks('2024-06-01T00:00:00Z'));
    expect(toTicks('2024-06-01T00:00:00')).toBe(toTicks('2024-06-01T00:00:00Z'));
    expect(toTicks('2024-06-01T00:00:00.1234567Z') - toTicks('2024-06-01')).toBe(1_234_567n);
    expect(toTicks('638527680000000000')).toBe(638527680000000000n);
    expect(toTicks(9007199254740993n)).toBe(9007199254740993n);
  });

  it('rejects what is not a time', () => {
    expect(() => toTicks('2024-02-30')).toThrow(/calendar/);
    expect(() => toTicks('2024-01-01T24:00:00Z')).toThrow(RangeError);
    expect(() => toTicks('yesterday')).toThrow(/ISO 8601/);
    expect(() => toTicks('2024-01-01T00:00:00.12345678Z')).toThrow(RangeError);
    expect(() => toTicks(new Date(Number.NaN))).toThrow(/Invalid Date/);
    expect(() => toTicks(-1n)).toThrow(/out of range/);
    expect(() => ticksToIso(MAX_TICKS + 1n)).toThrow(/out of range/);
  });
});
