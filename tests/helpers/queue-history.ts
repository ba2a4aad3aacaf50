import type { Hub } from '../../src-main/hub';
import { checkInRequest } from '../../src-shared/api/contract';
import { checkInBody } from './queue-hub';

/**
 * A long queue history written in-process, in one transaction, so a test or a benchmark has
 * thousands of events in a second or two: `visits` walk-in check-ins for money advice (one
 * `created` event each); for the first `calls` of them, a call at Desk 1 (one `called` each); then
 * `recalls` recalls of the last one called (one `recalled` each).
 * Call it before screens connect: listeners hear the events before the transaction commits.
 */
export function fillQueueHistory(hub: Hub, options: { visits: number; calls?: number; recalls?: number; name?: string }): { firstSeq: number; lastSeq: number } {
  const firstSeq = hub.queue.lastSeq() + 1;
  hub.db.transaction(() => {
    for (let i = 0; i < options.visits; i += 1) hub.queue.checkIn(checkInRequest.parse(checkInBody({ help: ['money'], name: options.name ?? `V${i}` })));
    let called: string | null = null;
    for (let i = 0; i < (options.calls ?? 0); i += 1) called = hub.queue.callNext('money', 'Desk 1').id;
    // Recalls are the cheapest events to write: many of them make a long history fast.
    for (let i = 0; i < (options.recalls ?? 0); i += 1) {
      if (!called) called = hub.queue.callNext('money', 'Desk 1').id;
      hub.queue.recall(called, 'Desk 1');
    }
  })();
  return { firstSeq, lastSeq: hub.queue.lastSeq() };
}
