import type { QueueEvent, ServerMessage, TicketView } from '../../src-shared/api/contract';
import type { HubConfig } from '../../src-shared/config/schema';
import { eventFor, partnerTicket, type Viewer } from './access';

const activeStatuses: readonly TicketView['status'][] = ['waiting', 'called', 'serving'];
/** Events that cannot change whether a visitor is with a service right now. */
const quietForOthers: readonly QueueEvent['type'][] = ['created', 'prioritised', 'reprinted'];

/**
 * What one live connection hears of a queue event.
 *
 * - reception, managers, admins: the event as it is;
 * - a partner: events of their services, redacted; for another service's event, the fresh view of
 *   their own open tickets of the same visit (so "with another partner" appears and clears), as a
 *   `ticket` message — never the other service's ticket;
 * - anyone else (the display board, the kiosk): calls and recalls only, with number, desk and
 *   service (a name only where the hub shows names).
 */
export function liveQueueMessages(
  viewer: Viewer,
  event: QueueEvent,
  context: { display: HubConfig['display']; ticketsOfVisit: (visitId: string) => TicketView[] },
): ServerMessage[] {
  const visible = eventFor(viewer, event, context.display);
  if (visible) return [{ kind: 'queue', event: visible }];
  if (viewer.kind !== 'partner' || quietForOthers.includes(event.type)) return [];
  return context
    .ticketsOfVisit(event.ticket.visitId)
    .filter((t) => viewer.services.has(t.serviceId) && activeStatuses.includes(t.status))
    .map((t) => ({ kind: 'ticket', seq: event.seq, ticket: partnerTicket(t, viewer) }));
}

/**
 * Which other live messages a connection hears. Alerts (and their acknowledgements) are for
 * reception; card reads and device health for reception, for the kiosk on the hub's own machine and
 * for enrolled kiosks — never for a display board, a partner's laptop or anyone else on the network.
 */
export function hears(viewer: Viewer, kind: 'alert' | 'device' | 'reader'): boolean {
  switch (viewer.kind) {
    case 'staff':
      return true;
    case 'partner':
      return false;
    case 'anonymous':
      return kind !== 'alert' && viewer.kiosk;
  }
}

/**
 * Which past events a connection's catch-up reads. Anyone without a session hears calls and
 * recalls only, so only those are read (and counted against the catch-up limit) for them.
 */
export function catchUpScope(viewer: Viewer): 'all' | 'calls' {
  return viewer.kind === 'anonymous' ? 'calls' : 'all';
}
