import type { HubConfig } from '../../src-shared/config/schema';
import { isOpenAt, localClock } from '../../src-shared/time';

/**
 * Decisions that keep an unattended kiosk healthy for months: when to recycle the renderer,
 * when an update may be installed, and whether the machine's clock can be trusted.
 */

export type UpkeepState = {
  now: Date;
  /** Milliseconds since the last touch or key on the kiosk. */
  idleMs: number;
  /** Renderer working set in MiB. */
  rendererMemoryMiB: number;
  /** When the renderer was last recycled. */
  lastRecycledAt: Date;
};

export const upkeepLimits = {
  /** A renderer above this is recycled at the next idle moment, day or night. */
  memoryCeilingMiB: 600,
  /** Idle long enough that nobody is mid check-in. */
  idleBeforeActionMs: 5 * 60_000,
  /** Local hours in which the nightly recycle may happen. */
  nightStart: '01:00',
  nightEnd: '05:00',
};

export function shouldRecycleRenderer(hub: Pick<HubConfig, 'openingHours' | 'timeZone'>, state: UpkeepState): 'memory' | 'nightly' | null {
  if (state.idleMs < upkeepLimits.idleBeforeActionMs) return null;
  if (state.rendererMemoryMiB >= upkeepLimits.memoryCeilingMiB) return 'memory';
  if (isOpenAt(hub, state.now)) return null;
  const { hhmm } = localClock(state.now, hub.timeZone);
  const atNight = hhmm >= upkeepLimits.nightStart && hhmm < upkeepLimits.nightEnd;
  const recycledToday = state.now.getTime() - state.lastRecycledAt.getTime() < 20 * 3_600_000;
  return atNight && !recycledToday ? 'nightly' : null;
}

/** A downloaded update is installed only while the hub is closed and nobody is using the kiosk. */
export function mayInstallUpdate(hub: Pick<HubConfig, 'openingHours' | 'timeZone'>, now: Date, idleMs: number): boolean {
  return !isOpenAt(hub, now) && idleMs >= upkeepLimits.idleBeforeActionMs;
}

/**
 * A kiosk whose clock is far off would stamp visits with wrong times and restart ticket numbers
 * at the wrong moment. The hub's build date and the last time it saw itself running bound it.
 */
export function clockProblem(now: Date, lastSeenRunning: Date | null, buildDate: Date): string | null {
  if (now.getTime() < buildDate.getTime() - 86_400_000) {
    return `The system clock says ${now.toISOString()}, before this version of Front Door was built; set the date and time.`;
  }
  if (lastSeenRunning && now.getTime() < lastSeenRunning.getTime() - 5 * 60_000) {
    return `The system clock went back from ${lastSeenRunning.toISOString()} to ${now.toISOString()}; check the date, time and time zone.`;
  }
  return null;
}

/**
 * Visits are stamped in UTC and counted in the hub's zone whatever the machine says, but a kiosk
 * PC set to another zone shows staff wrong clock times elsewhere: worth a warning in the log.
 */
export function timeZoneProblem(systemTimeZone: string | undefined, hubTimeZone: string): string | null {
  if (!systemTimeZone || systemTimeZone === hubTimeZone) return null;
  return `This machine's time zone is ${systemTimeZone} but the hub's is ${hubTimeZone}; set the machine to ${hubTimeZone}.`;
}

/** The hidden way out for staff: five taps in the top-left corner within three seconds. */
export function isExitGesture(tapTimes: readonly number[]): boolean {
  if (tapTimes.length < 5) return false;
  const last5 = tapTimes.slice(-5);
  return last5[4]! - last5[0]! <= 3000;
}
