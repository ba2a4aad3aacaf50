import { describe, expect, it } from 'vitest';
import { isOpenAt, serviceDayStart, localClock, serviceDayOf } from '../../src-shared/time';

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

  it('finds the first instant of a service day, across both clock changes and far from UTC', () => {
    expect(serviceDayStart('2026-07-01', 'Europe/London').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(serviceDayStart('2026-12-01', 'Europe/London').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    // The days of the clock changes themselves start at midnight GMT / BST as before the change.
    expect(serviceDayStart('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(serviceDayStart('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(serviceDayStart('2026-10-25', 'Europe/London').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(serviceDayStart('2026-10-26', 'Europe/London').toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(serviceDayStart('2026-07-01', 'Pacific/Kiritimati').toISOString()).toBe('2026-06-30T10:00:00.000Z');
    expect(serviceDayStart('2026-07-01', 'Pacific/Pago_Pago').toISOString()).toBe('2026-07-01T11:00:00.000Z');
    // A zone whose clocks skip midnight itself: the day starts at 01:00 local.
    expect(serviceDayStart('2026-03-08', 'America/Havana').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(() => serviceDayStart('not a day', 'Europe/London')).toThrow(/not a day/);
  });
});
