// Daylight saving time against the platform's own time zone database (Intl, IANA zones): the offsets, and a
// nightly backup that keeps its local wall time in summer and in winter.
import { describe, expect, it } from 'vitest';
import { dynamics365Model } from '../models/dynamics365.js';
import { salesforceModel } from '../models/salesforce.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../time.js';
import { adHocTables } from './generate.js';
import { adHocDay, planOrg, SCHEDULED_JITTER_MS, slotStart } from './plan.js';
import { dstShiftMs, dstTable, ZONES } from './zones.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The wall clock of an IANA zone at an instant: [UTC offset in minutes, minutes after local midnight]. */
function wallClock(zone: string, ms: number): [number, number] {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const part = (parts: Intl.DateTimeFormatPart[], type: string) =>
    Number(parts.find((p) => p.type === type)!.value);
  const parts = f.formatToParts(ms);
  const local = Date.UTC(
    part(parts, 'year'),
    part(parts, 'month') - 1,
    part(parts, 'day'),
    part(parts, 'hour'),
    part(parts, 'minute'),
  );
  const offsetMin = Math.round((local - Math.floor(ms / MS_PER_MINUTE) * MS_PER_MINUTE) / MS_PER_MINUTE);
  return [offsetMin, part(parts, 'hour') * 60 + part(parts, 'minute')];
}

/** Whether an instant is within `marginMs` of a zone's transition (where "the local time of a slot" is ambiguous). */
function nearTransition(zone: string, ms: number, marginMs: number): boolean {
  return wallClock(zone, ms - marginMs)[0] !== wallClock(zone, ms + marginMs)[0];
}

const from = Date.parse('2024-01-01T00:00:00Z');
const to = Date.parse('2028-01-01T00:00:00Z');

describe('time zones', () => {
  it.each(ZONES.map((z) => [z.name, z] as const))('%s: the offset follows the zone database', (_, zone) => {
    const table = dstTable(zone);
    let summer = 0;
    for (let ms = from; ms < to; ms += 5 * MS_PER_HOUR) {
      if (nearTransition(zone.name, ms, 2 * MS_PER_HOUR)) continue;
      const shift = table === null ? 0 : dstShiftMs(table, ms);
      expect(zone.offsetMin + shift / MS_PER_MINUTE, new Date(ms).toISOString()).toBe(
        wallClock(zone.name, ms)[0],
      );
      if (shift > 0) summer++;
    }
    // The zones with a rule spend 6-8 months a year in daylight time (of about 7,000 samples); the others none.
    if (zone.dst === null) expect(summer).toBe(0);
    else expect(summer).toBeGreaterThan(3000);
  });

  it.each([salesforceModel, dynamics365Model].map((m) => [m.api, m] as const))(
    '%s: every org runs its nightly backup at the same wall time all year',
    (_, model) => {
      const zonesSeen = new Set<string>();
      let checked = 0;
      for (let o = 0; o < 60; o++) {
        const org = model.createOrganizations(11, o + 1)[o]!;
        const plan = planOrg(model, 11, o, org);
        zonesSeen.add(plan.zoneName);
        const nightly = plan.streams.find((s) => model.schedules[s.sched]?.cadence === 'nightly');
        if (nightly === undefined) continue;
        const first = Math.floor((from - nightly.phaseMs) / nightly.periodMs);
        for (let k = first; k < first + 366; k++) {
          const start = slotStart(nightly, k, model.timeResolutionMs);
          if (nearTransition(plan.zoneName, start, 3 * MS_PER_HOUR)) continue;
          const late = (wallClock(plan.zoneName, start)[1] - plan.nightlyLocalMin + 1440) % 1440;
          expect(
            late * MS_PER_MINUTE,
            `${plan.zoneName} ${new Date(start).toISOString()}`,
          ).toBeLessThanOrEqual(SCHEDULED_JITTER_MS);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(10_000);
      // Zones of each rule and without daylight time were among them.
      const rules = new Set([...zonesSeen].map((name) => ZONES.find((z) => z.name === name)!.dst));
      for (const rule of ['us', 'eu', null]) expect(rules).toContain(rule);
    },
  );

  it('keeps each ad-hoc day newest first, and its full backups in the local morning, all year', () => {
    const model = salesforceModel;
    const tables = adHocTables(model);
    expect(tables.fullBackupIdx).toBeGreaterThanOrEqual(0);
    const out: number[] = [];
    let fullBackups = 0;
    for (let o = 0; o < 40; o++) {
      const plan = planOrg(model, 5, o, model.createOrganizations(5, o + 1)[o]!);
      const stream = plan.streams.find((s) => s.typeIdx === -1)!;
      for (let day = Math.floor(from / MS_PER_DAY); day < Math.floor(from / MS_PER_DAY) + 730; day++) {
        adHocDay(model, stream, day, tables.mix, tables.types, tables.fullBackupIdx, out);
        for (let i = 0; i < out.length; i += 2) {
          if (i > 0) expect(out[i]!).toBeLessThanOrEqual(out[i - 2]!);
          if (out[i + 1] !== tables.fullBackupIdx || nearTransition(plan.zoneName, out[i]!, 3 * MS_PER_HOUR))
            continue;
          const minute = wallClock(plan.zoneName, out[i]!)[1];
          expect(minute, `${plan.zoneName} ${new Date(out[i]!).toISOString()}`).toBeGreaterThanOrEqual(
            9 * 60,
          );
          expect(minute).toBeLessThanOrEqual(13 * 60);
          fullBackups++;
        }
      }
    }
    expect(fullBackups).toBeGreaterThan(200);
  });
});
