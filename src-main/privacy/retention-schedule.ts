import type { Logger } from 'pino';
import type { RetentionReport } from '../../src-shared/api/privacy-contract';
import { localClock, serviceDayOf } from '../../src-shared/time';
import type { Clock } from '../queue/queue-context';
import type { RetentionJob } from './retention';

/** The daily run starts at or after this local time (the hub is closed; the kiosk idles). */
export const dailyRunFrom = '02:00';
const checkEveryMs = 60 * 60_000;
/** The first check after the hub starts: not during start-up, and not before a short session of tests ends. */
const firstCheckMs = 10 * 60_000;

/**
 * Runs the retention job once a day: checked hourly (and ten minutes after the hub starts), it runs
 * when no run has been made for today's service day and it is past 02:00 local time — so a hub that
 * is switched off at night runs it soon after it is switched on.
 */
export class RetentionSchedule {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly options: { job: RetentionJob; timeZone: string; now: Clock; logger: Logger },
  ) {}

  start(): void {
    this.stop();
    this.stopped = false;
    this.arm(firstCheckMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs the job when today's run is due; resolves with its report, or null when it was not due. */
  async runIfDue(): Promise<RetentionReport | null> {
    const { job, timeZone, now } = this.options;
    const at = now();
    const today = serviceDayOf(at, timeZone);
    const last = job.lastRun();
    if (job.isRunning || (last && last.asOf >= today) || localClock(at, timeZone).hhmm < dailyRunFrom) return null;
    return job.run({ dryRun: false, staffId: null, via: 'schedule' });
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runIfDue().then(
        () => this.arm(checkEveryMs),
        (error: unknown) => {
          this.options.logger.error({ err: error }, 'the daily retention run failed; trying again within the hour');
          this.arm(checkEveryMs);
        },
      );
    }, delayMs);
    this.timer.unref();
  }
}
