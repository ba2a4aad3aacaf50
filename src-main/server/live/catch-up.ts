import type { CatchUpRange } from '../../queue/queue-service';

/** What a catch-up reads of the queue. */
export type CatchUpReads = {
  lastSeq(): number;
  serviceDay(): string;
  firstSeqOfDay(serviceDay: string): number | null;
  countCatchUp(range: CatchUpRange, atMost: number): number;
};

export type CatchUpPlan = { lastSeq: number; serviceDay: string } & (
  | /** Nothing to replay: live events after `lastSent` follow. */ { kind: 'none'; lastSent: number }
  | /** Too much to replay: the screen reads its snapshot again; live events after `lastSeq` follow. */ { kind: 'too-far-behind' }
  | {
      kind: 'replay';
      range: CatchUpRange;
      /** The screen missed events of an earlier day: it is told so (with this seq) before today's replay. */
      newDayAfter: number | null;
    }
);

/**
 * What a screen reconnecting with `since` is sent: today's events after it (a display: today's
 * calls) when there are at most `maxEvents` of them, else a reload. Events of earlier service
 * days are never replayed: they are not on today's screens, and a screen that missed them reloads.
 */
export function planCatchUp(queue: CatchUpReads, request: { since: number; only: CatchUpRange['only']; maxEvents: number }): CatchUpPlan {
  const lastSeq = queue.lastSeq();
  const serviceDay = queue.serviceDay();
  const { since } = request;
  if (since <= 0) return { kind: 'none', lastSent: lastSeq, lastSeq, serviceDay };
  if (since >= lastSeq) return { kind: 'none', lastSent: since, lastSeq, serviceDay };
  const first = queue.firstSeqOfDay(serviceDay);
  const beforeToday = first === null ? lastSeq : first - 1;
  const range: CatchUpRange = { after: Math.max(since, beforeToday), upTo: lastSeq, serviceDay, only: request.only };
  if (queue.countCatchUp(range, request.maxEvents + 1) > request.maxEvents) return { kind: 'too-far-behind', lastSeq, serviceDay };
  return { kind: 'replay', range, newDayAfter: since < beforeToday ? beforeToday : null, lastSeq, serviceDay };
}
