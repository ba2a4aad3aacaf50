import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DayEndTimer } from '../../src-main/hub/day-end-timer';
import type { QueueNotice } from '../../src-main/queue/queue-service';
import { nextServiceDayStart, serviceDayOf } from '../../src-shared/time';

const london = 'Europe/London';

describe('nextServiceDayStart', () => {
  it('is local midnight in winter, in summer, and on both change days in Europe/London', () => {
    expect(nextServiceDayStart(new Date('2026-01-14T23:40:00Z'), london).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(nextServiceDayStart(new Date('2026-07-01T12:00:00Z'), london).toISOString()).toBe('2026-07-01T23:00:00.000Z');
    // 29 March 2026: 23 hours long; 25 October 2026: 25 hours long.
    expect(nextServiceDayStart(new Date('2026-03-29T00:00:00Z'), london).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(nextServiceDayStart(new Date('2026-10-24T23:00:00Z'), london).toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });

  it('always lands on the first instant of the next day, wherever it starts', () => {
    for (let hour = 0; hour < 24 * 400; hour += 7) {
      const at = new Date(Date.UTC(2026, 0, 1) + hour * 3_600_000 + 1234);
      const next = nextServiceDayStart(at, london);
      expect(serviceDayOf(next, london)).not.toBe(serviceDayOf(at, london));
      expect(serviceDayOf(new Date(next.getTime() - 1), london)).toBe(serviceDayOf(at, london));
    }
  });
});

describe('DayEndTimer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at local midnight, closes the day before, tells the screens and re-arms for the next one', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-28T22:00:00Z'));
    const notices: QueueNotice[] = [];
    const closedBefore: string[] = [];
    const queue = {
      serviceDay: () => serviceDayOf(new Date(), london),
      closeDaysBefore: (day: string) => {
        closedBefore.push(day);
        return { tickets: 0, visits: 0 };
      },
      notify: (notice: QueueNotice) => notices.push(notice),
    };
    const timer = new DayEndTimer({ queue, timeZone: london, now: () => new Date(), logger: pino({ level: 'silent' }) });
    timer.start();
    expect(timer.nextRunAt()?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(notices).toEqual([]);

    vi.advanceTimersByTime(2 * 3_600_000 - 1);
    expect(closedBefore).toEqual(['2026-03-28']);
    vi.advanceTimersByTime(1);
    expect(closedBefore).toEqual(['2026-03-28', '2026-03-29']);
    expect(notices).toEqual([{ kind: 'day-changed', serviceDay: '2026-03-29' }]);
    expect(timer.nextRunAt()?.toISOString()).toBe('2026-03-29T23:00:00.000Z');

    vi.advanceTimersByTime(23 * 3_600_000);
    expect(notices.at(-1)).toEqual({ kind: 'day-changed', serviceDay: '2026-03-30' });
    timer.stop();
    expect(timer.nextRunAt()).toBeNull();
    vi.advanceTimersByTime(48 * 3_600_000);
    expect(closedBefore).toHaveLength(3);
  });
});
