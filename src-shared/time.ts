import { weekdays, type HubConfig, type Weekday } from './config/schema';

// Building a formatter costs far more than using one; the hub asks for the same zone all day.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local calendar parts of an instant in a time zone, without any library. */
function localParts(at: Date, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), weekday: get('weekday').toLowerCase().slice(0, 3) };
}

/** The hub's service day (YYYY-MM-DD) for an instant: ticket numbers restart when it changes. */
export function serviceDayOf(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Local HH:MM and weekday of an instant in the hub's zone. */
export function localClock(at: Date, timeZone: string): { weekday: Weekday; hhmm: string } {
  const p = localParts(at, timeZone);
  const weekday = (weekdays as readonly string[]).includes(p.weekday) ? (p.weekday as Weekday) : 'mon';
  return { weekday, hhmm: `${p.hour}:${p.minute}` };
}

/**
 * Local HH:MM of UTC instants in a zone, formatted once per UTC hour: a zone's offset changes only
 * on a whole hour or half hour, and where an hour holds a change each instant is formatted itself.
 */
export function localTimes(timeZone: string): (iso: string) => string {
  const offsets = new Map<string, number | null>();
  return (iso) => {
    const hour = iso.slice(0, 13);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const start = Date.parse(`${hour}:00:00.000Z`);
      const minutesOf = (at: number) => {
        const [h, m] = localClock(new Date(at), timeZone).hhmm.split(':').map(Number);
        return h! * 60 + m!;
      };
      const a = (minutesOf(start) - new Date(start).getUTCHours() * 60 + 1440) % 1440;
      const b = (minutesOf(start + 3_599_999) - new Date(start + 3_599_999).getUTCHours() * 60 - 59 + 1440) % 1440;
      offset = a === b ? a : null;
      offsets.set(hour, offset);
    }
    if (offset === null) return localClock(new Date(iso), timeZone).hhmm;
    const minutes = (Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16)) + offset) % 1440;
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  };
}

export function isOpenAt(hub: Pick<HubConfig, 'openingHours' | 'timeZone'>, at: Date): boolean {
  const { weekday, hhmm } = localClock(at, hub.timeZone);
  return hub.openingHours[weekday].some((s) => s.open <= hhmm && hhmm < s.close);
}

/** Whole minutes between two ISO instants (never negative). */
export function minutesBetween(fromIso: string, toIso: string): number {
  return Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
}

/**
 * The first instant after `at` that belongs to the next service day in the zone: local midnight,
 * found by bisection so daylight-saving changes (23- and 25-hour days) need no table. Bounded: a
 * day is never longer than 26 hours in any zone, and 40 halvings reach the millisecond.
 */
export function nextServiceDayStart(at: Date, timeZone: string): Date {
  const today = serviceDayOf(at, timeZone);
  let low = at.getTime();
  let high = low + 26 * 3_600_000;
  for (let i = 0; i < 40 && high - low > 1; i += 1) {
    const middle = Math.floor((low + high) / 2);
    if (serviceDayOf(new Date(middle), timeZone) === today) low = middle;
    else high = middle;
  }
  return new Date(high);
}

/**
 * The first instant of a service day (YYYY-MM-DD) in the zone: local midnight, or the first
 * instant after it where a clock change skips midnight. From noon UTC of that date, stepped back
 * until the zone's day is earlier (at most three 12-hour steps: zones are within UTC−12 … +14),
 * then the next day's start found as `nextServiceDayStart` finds it.
 */
export function serviceDayStart(day: string, timeZone: string): Date {
  let probe = Date.parse(`${day}T12:00:00.000Z`);
  if (Number.isNaN(probe)) throw new RangeError(`"${day}" is not a day (YYYY-MM-DD).`);
  for (let i = 0; i < 4 && serviceDayOf(new Date(probe), timeZone) >= day; i += 1) probe -= 12 * 3_600_000;
  let start = nextServiceDayStart(new Date(probe), timeZone);
  for (let i = 0; i < 3 && serviceDayOf(start, timeZone) < day; i += 1) start = nextServiceDayStart(start, timeZone);
  return start;
}
