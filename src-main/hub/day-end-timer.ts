import type { Logger } from 'pino';
import { nextServiceDayStart } from '../../src-shared/time';
import type { Clock, QueueService } from '../queue/queue-service';

export type DayEndTimerOptions = {
  queue: Pick<QueueService, 'serviceDay' | 'closeDaysBefore' | 'notify'>;
  timeZone: string;
  now: Clock;
  logger: Logger;
};

/** Never re-arm sooner than this: a clock that stands still (a test's, a VM's) must not spin the timer. */
const shortestDelayMs = 1000;

/**
 * The end of the service day in the hub's zone: a timer to the next local midnight, re-armed each
 * day. When it fires (and when the hub starts, after a night off) yesterday's open tickets are
 * closed and every live screen is told the day changed, so it reads the new day's queue.
 */
export class DayEndTimer {
  private readonly options: DayEndTimerOptions;
  private timer: NodeJS.Timeout | null = null;
  private next: Date | null = null;
  private day: string | null = null;
  private stopped = false;

  constructor(options: DayEndTimerOptions) {
    this.options = options;
  }

  /** At start-up: closes what an earlier day left open, then arms the timer. */
  start(): void {
    this.stopped = false;
    this.runNow();
  }

  /** Closes what is open from before today, tells the screens if the day changed, and re-arms. */
  runNow(): void {
    const { queue, logger } = this.options;
    try {
      const today = queue.serviceDay();
      const closed = queue.closeDaysBefore(today);
      if (closed.tickets > 0 || closed.visits > 0) logger.info({ serviceDay: today, ...closed }, 'closed what the last service day left open');
      const changed = this.day !== null && this.day !== today;
      this.day = today;
      if (changed || closed.tickets > 0 || closed.visits > 0) queue.notify({ kind: 'day-changed', serviceDay: today });
    } catch (error) {
      logger.error({ err: error }, 'closing the service day failed; trying again at the next timer');
    } finally {
      this.arm();
    }
  }

  /** When the timer fires next (the next local midnight), or null when stopped. */
  nextRunAt(): Date | null {
    return this.next;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const now = this.options.now();
    this.next = nextServiceDayStart(now, this.options.timeZone);
    const delay = Math.max(shortestDelayMs, this.next.getTime() - now.getTime());
    this.timer = setTimeout(() => this.runNow(), delay);
    this.timer.unref();
  }
}
