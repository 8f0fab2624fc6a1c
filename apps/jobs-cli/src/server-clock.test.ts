import { describe, expect, it } from 'vitest';
import { createServerClock, TRUSTED_SKEW_MS } from './server-clock.js';

const LOCAL = Date.parse('2026-12-02T10:00:00Z');
const answer = (date: string | null) => async () =>
  new Response('{}', { headers: date === null ? {} : { date } });

describe('createServerClock', () => {
  it.each([
    ['no answer yet', null, 0],
    ['an answer without a Date', null, 0],
    ['a Date within the trusted skew', new Date(LOCAL + TRUSTED_SKEW_MS - 2_000).toUTCString(), 0],
    ['an unreadable Date', 'yesterday-ish', 0],
    ['a server an hour ahead (a mock at --speed)', new Date(LOCAL + 3_600_000).toUTCString(), 3_600_500],
    [
      'a server a year behind (a frozen mock)',
      new Date(LOCAL - 365 * 86_400_000).toUTCString(),
      -365 * 86_400_000 + 500,
    ],
  ])('after %s, is the local clock plus %s', async (what, date, offset) => {
    const clock = createServerClock(() => LOCAL);
    if (what !== 'no answer yet') await clock.observing(answer(date))('https://example.test/');
    expect(clock.now() - LOCAL).toBe(offset);
  });

  it('follows the latest answer, back to the local clock when the server is in step again', async () => {
    const clock = createServerClock(() => LOCAL);
    await clock.observing(answer(new Date(LOCAL + 60_000).toUTCString()))('https://example.test/');
    expect(clock.now()).toBe(LOCAL + 60_500);
    await clock.observing(answer(new Date(LOCAL).toUTCString()))('https://example.test/');
    expect(clock.now()).toBe(LOCAL);
  });
});
