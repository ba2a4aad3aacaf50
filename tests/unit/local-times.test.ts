import { describe, expect, it } from 'vitest';
import { localClock, localTimes } from '../../src-shared/time';

/** localTimes (formatting once per UTC hour, for exports) against formatting each instant. */
describe('local times of many instants', () => {
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
  // Every 7 minutes across both of 2026's clock changes in London, New York's and Lord Howe's.
  const spans = [
    ['2026-03-28T20:00:00Z', '2026-03-29T04:00:00Z'],
    ['2026-10-24T20:00:00Z', '2026-10-25T04:00:00Z'],
    ['2026-03-08T04:00:00Z', '2026-03-08T10:00:00Z'],
    ['2026-04-04T12:00:00Z', '2026-04-05T18:00:00Z'],
    ['2026-10-03T12:00:00Z', '2026-10-04T18:00:00Z'],
  ];
  for (const zone of zones) {
    it(`agree with formatting each instant in ${zone}`, () => {
      const clock = localTimes(zone);
      for (const [from, to] of spans) {
        for (let at = Date.parse(from!); at <= Date.parse(to!); at += 7 * 60_000 + 13_000) {
          const iso = new Date(at).toISOString();
          expect(clock(iso), `${zone} ${iso}`).toBe(localClock(new Date(at), zone).hhmm);
        }
      }
    });
  }
});
