import { describe, expect, it } from 'vitest';
import { isOpenAt, localClock, serviceDayOf } from '../../src-shared/time';

describe('service day and opening hours in the hub time zone', () => {
  it('uses the local date, across midnight and the clock changes', () => {
    expect(serviceDayOf(new Date('2026-11-23T23:59:00Z'), 'Europe/London')).toBe('2026-11-23');
    expect(serviceDayOf(new Date('2026-11-24T00:00:00Z'), 'Europe/London')).toBe('2026-11-24');
    // British Summer Time: 23:30 UTC on 30 June is already 1 July in London.
    expect(serviceDayOf(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(serviceDayOf(new Date('2026-06-30T23:30:00Z'), 'UTC')).toBe('2026-06-30');
  });

  it('reads the local weekday and time', () => {
    expect(localClock(new Date('2026-11-23T09:15:00Z'), 'Europe/London')).toEqual({ weekday: 'mon', hhmm: '09:15' });
    expect(localClock(new Date('2026-07-05T08:15:00Z'), 'Europe/London')).toEqual({ weekday: 'sun', hhmm: '09:15' });
  });

  it('knows when the hub is open', () => {
    const hub = {
      timeZone: 'Europe/London',
      openingHours: { mon: [{ open: '09:00', close: '16:30' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(isOpenAt(hub, new Date('2026-11-23T09:00:00Z'))).toBe(true);
    expect(isOpenAt(hub, new Date('2026-11-23T16:30:00Z'))).toBe(false);
    expect(isOpenAt(hub, new Date('2026-11-24T10:00:00Z'))).toBe(false);
  });
});
