import type { HubConfig } from './config/schema';
import { isOpenAt, localClock, nextServiceDayStart } from './time';

type Hours = Pick<HubConfig, 'openingHours' | 'timeZone'>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the hub next opens after `at`: null while it is open, or when it has no opening hours in
 * the coming week. Found day by day in the hub's zone (at most eight), so a daylight-saving change
 * is corrected for rather than looked up.
 */
export function nextOpeningAfter(hub: Hours, at: Date): Date | null {
  if (isOpenAt(hub, at)) return null;
  let base = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  for (let day = 0; day < 8; day += 1) {
    const { weekday, hhmm } = localClock(base, hub.timeZone);
    const opens = hub.openingHours[weekday]
      .map((s) => s.open)
      .filter((open) => day > 0 || open > hhmm)
      .sort()[0];
    if (opens !== undefined) {
      let candidate = new Date(base.getTime() + (minutesOf(opens) - minutesOf(hhmm)) * 60_000);
      // Across a clock change the local time is an hour out: one correction puts it right.
      const actual = localClock(candidate, hub.timeZone).hhmm;
      if (actual !== opens) candidate = new Date(candidate.getTime() + (minutesOf(opens) - minutesOf(actual)) * 60_000);
      return candidate;
    }
    base = nextServiceDayStart(base, hub.timeZone);
  }
  return null;
}

/** "Monday 09:00" in the resident's language, in the hub's zone; the weekday is left out when it is today. */
export function formatOpening(at: Date, timeZone: string, language: string, now: Date = new Date()): string {
  const sameDay = localClock(at, timeZone).weekday === localClock(now, timeZone).weekday && at.getTime() - now.getTime() < 24 * 3_600_000;
  const options: Intl.DateTimeFormatOptions = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(sameDay ? {} : { weekday: 'long' }) };
  try {
    return new Intl.DateTimeFormat(language, options).format(at);
  } catch {
    return new Intl.DateTimeFormat('en-GB', options).format(at);
  }
}
