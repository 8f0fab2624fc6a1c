import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import {
  formatCompactTime,
  formatIsoMillis,
  formatIsoSeconds,
  isDotNetInstant,
  parseDuration,
  parseIsoInstant,
  parseRelativeTime,
} from './time.js';

describe('time helpers', () => {
  it.each([
    ['2024-01-01', { ms: Date.UTC(2024, 0, 1), subMsTicks: 0, dateOnly: true }],
    ['2024-01-01T08:30Z', { ms: Date.UTC(2024, 0, 1, 8, 30), subMsTicks: 0, dateOnly: false }],
    [
      '2024-01-01T08:30:00.1234567+01:30',
      { ms: Date.UTC(2024, 0, 1, 7, 0, 0, 123), subMsTicks: 4567, dateOnly: false },
    ],
    ['2000-02-29T00:00:00Z', { ms: Date.UTC(2000, 1, 29), subMsTicks: 0, dateOnly: false }],
    ['1900-02-29', null],
    ['2024-1-01', null],
    ['2024-01-01T08:30:00.12345678Z', null],
    ['2024-01-01 08:30:00Z', null],
  ])('parseIsoInstant(%s)', (text, expected) => {
    expect(parseIsoInstant(text)).toEqual(expected);
  });

  it.each([
    ['0001-01-01', true],
    ['9999-12-31T23:59:59.9999999Z', true],
    ['0000-01-01', false],
    ['0000-12-31T23:59:59Z', false],
    ['0001-01-01T00:30:00+01:00', false],
    ['9999-12-31T23:59:59-01:00', false],
  ])('isDotNetInstant(%s) is %s (a DateTime holds the years 0001 to 9999, UTC)', (text, expected) => {
    expect(isDotNetInstant(parseIsoInstant(text)!)).toBe(expected);
  });

  it('formats the time part of job ids', () => {
    const ms = Date.UTC(2022, 7, 19, 3, 12, 43, 822);
    expect(formatCompactTime(ms, 17)).toBe('20220819031243822');
    expect(formatCompactTime(ms, 14)).toBe('20220819031243');
  });

  it('writes the response forms as toISOString does, from year 0 to 9999 and outside', () => {
    const random = seededRandom(3);
    const edges = [
      0,
      -1,
      Date.UTC(0, 0, 1),
      Date.UTC(0, 0, 1) - 1,
      Date.UTC(1600, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 1, 28, 12),
      Date.UTC(2000, 1, 29),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1,
      1.5,
      -86_400_000.25,
    ];
    const span = Date.UTC(10_100, 0, 1) - Date.UTC(-100, 0, 1);
    const samples = Array.from({ length: 20_000 }, () => Math.floor(Date.UTC(-100, 0, 1) + random() * span));
    for (const ms of [...edges, ...samples]) {
      const iso = new Date(ms).toISOString();
      expect(formatIsoMillis(ms)).toBe(iso);
      expect(formatIsoSeconds(ms)).toBe(`${iso.slice(0, 19)}Z`);
      const compact = iso.replace(/[-:.TZ]/g, '');
      if (/^\d{4}-/.test(iso)) {
        expect(formatCompactTime(ms, 17)).toBe(compact);
        expect(formatCompactTime(ms, 14)).toBe(compact.slice(0, 14));
      }
    }
  });

  it.each([
    ['now', 1_000_000],
    ['-1d', 1_000_000 - 86_400_000],
    ['-2h30m', 1_000_000 - 9_000_000],
    ['now - 90s', 1_000_000 - 90_000],
    ['+1.5h', 1_000_000 + 5_400_000],
    ['-1x', null],
    ['1d', null],
    ['-', null],
  ])('parseRelativeTime(%s)', (text, expected) => {
    expect(parseRelativeTime(text, 1_000_000)).toBe(expected);
  });

  it('parses durations', () => {
    expect(parseDuration('1w2d3h4m5s6ms')).toBe(((((7 + 2) * 24 + 3) * 60 + 4) * 60 + 5) * 1000 + 6);
    expect(parseDuration('')).toBeNull();
  });
});
