import { describe, expect, it } from 'vitest';
import { formatOpening, nextOpeningAfter } from '../../src-shared/opening-hours';

const hub = {
  timeZone: 'Europe/London',
  openingHours: {
    mon: [{ open: '09:00', close: '16:30' }],
    tue: [{ open: '09:00', close: '16:30' }],
    wed: [{ open: '09:00', close: '16:30' }],
    thu: [{ open: '09:00', close: '16:30' }],
    fri: [{ open: '09:00', close: '16:30' }],
    sat: [{ open: '10:00', close: '13:00' }],
    sun: [],
  },
};

describe('when the hub next opens', () => {
  it('is null while it is open', () => {
    expect(nextOpeningAfter(hub, new Date('2026-12-02T10:00:00Z'))).toBeNull();
  });

  it('is tomorrow morning late in the evening, and later today early in the morning', () => {
    // Wednesday 21:49 in London (GMT in December) → Thursday 09:00.
    expect(nextOpeningAfter(hub, new Date('2026-12-02T21:49:00Z'))?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(nextOpeningAfter(hub, new Date('2026-12-02T07:15:00Z'))?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it('skips a closed Sunday, and keeps local time across the clocks going forward', () => {
    // Saturday 14:00 → Monday 09:00.
    expect(nextOpeningAfter(hub, new Date('2026-12-05T14:00:00Z'))?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    // Clocks go forward on Sunday 29 March 2026: Saturday 14:00 GMT → Monday 09:00 BST (08:00 UTC).
    expect(nextOpeningAfter(hub, new Date('2026-03-28T14:00:00Z'))?.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('is null for a hub with no hours at all', () => {
    expect(nextOpeningAfter({ ...hub, openingHours: { ...hub.openingHours, mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } }, new Date('2026-12-02T21:49:00Z'))).toBeNull();
  });

  it('is said in the resident’s language', () => {
    const at = new Date('2026-12-03T09:00:00Z');
    const now = new Date('2026-12-02T21:49:00Z');
    expect(formatOpening(at, 'Europe/London', 'en', now)).toBe('Thursday 09:00');
    expect(formatOpening(at, 'Europe/London', 'pl', now)).toBe('czwartek, 09:00');
    expect(formatOpening(new Date('2026-12-02T09:00:00Z'), 'Europe/London', 'en', new Date('2026-12-02T07:15:00Z'))).toBe('09:00');
  });
});
