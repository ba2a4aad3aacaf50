import type { StaffView } from '../../src-shared/api/auth-contract';
import { hiddenServiceId, type QueueEvent, type QueueSnapshot, type TicketView } from '../../src-shared/api/contract';
import type { HubConfig } from '../../src-shared/config/schema';

// ---- what each viewer may see -------------------------------------------------------------

export type Viewer =
  /** Reception, managers and admins: everything. */
  | { kind: 'staff'; staff: StaffView }
  /** A partner: their services' tickets, with only their services' needs. */
  | { kind: 'partner'; staff: StaffView; services: ReadonlySet<string>; needs: ReadonlySet<string> }
  /**
   * No session. `kiosk`: the hub's own machine or an enrolled kiosk, which also hears card reads
   * and device health; the display board and anyone else on the network do not.
   */
  | { kind: 'anonymous'; kiosk: boolean };

export function viewerOf(staff: StaffView | null, kiosk: boolean, hub: HubConfig): Viewer {
  if (!staff) return { kind: 'anonymous', kiosk };
  if (staff.role !== 'partner') return { kind: 'staff', staff };
  const services = new Set(staff.services);
  const needs = new Set(hub.triage.needs.filter((n) => services.has(n.service)).map((n) => n.id));
  return { kind: 'partner', staff, services, needs };
}

/** The display board's view of a call: number, desk and service; a name only if the hub shows names. */
export function publicTicket(ticket: TicketView, display: HubConfig['display']): TicketView {
  return {
    ...ticket,
    // The visit id would link a visitor's calls across services; the ticket's own id links nothing.
    visitId: ticket.id,
    displayName: display.showName ? ticket.displayName : null,
    // The spoken call uses the visitor's language only where the display speaks.
    language: display.speak ? ticket.language : null,
    priority: 0,
    flags: [],
    needs: [],
    interpreter: false,
    accessibility: [],
    startedAt: null,
    finishedAt: null,
    withAnotherService: null,
    sentToDesk: null,
    sentToStaff: null,
  };
}

/** A partner's view of a ticket: only their needs, and not which other service the visitor is with. */
export function partnerTicket(ticket: TicketView, viewer: Extract<Viewer, { kind: 'partner' }>): TicketView {
  const other = ticket.withAnotherService;
  return {
    ...ticket,
    needs: ticket.needs.filter((n) => viewer.needs.has(n)),
    withAnotherService: other === null || viewer.services.has(other) ? other : hiddenServiceId,
  };
}

/** May this viewer act on (and see) tickets of this service? */
export function servesService(viewer: Viewer, serviceId: string): boolean {
  if (viewer.kind === 'staff') return true;
  if (viewer.kind === 'partner') return viewer.services.has(serviceId);
  return false;
}

/**
 * A ticket in the reply to an action the viewer took. A partner's transfer or added stop answers
 * with a ticket of another service: they see its number and status, never other needs.
 */
export function replyTicket(viewer: Viewer, ticket: TicketView): TicketView {
  return viewer.kind === 'partner' ? partnerTicket(ticket, viewer) : ticket;
}

export function snapshotFor(viewer: Viewer, snapshot: QueueSnapshot): QueueSnapshot {
  switch (viewer.kind) {
    case 'staff':
      return snapshot;
    case 'partner':
      return {
        ...snapshot,
        services: snapshot.services.map((s) =>
          viewer.services.has(s.serviceId) ? { ...s, tickets: s.tickets.map((t) => partnerTicket(t, viewer)) } : { ...s, tickets: [] },
        ),
      };
    case 'anonymous':
      return { ...snapshot, services: snapshot.services.map((s) => ({ ...s, tickets: [] })) };
  }
}

/** Queue events over HTTP (catch-up): staff all, partners their services', redacted. */
export function eventFor(viewer: Viewer, event: QueueEvent, display: HubConfig['display']): QueueEvent | null {
  switch (viewer.kind) {
    case 'staff':
      return event;
    case 'partner':
      return viewer.services.has(event.ticket.serviceId) ? { ...event, ticket: partnerTicket(event.ticket, viewer) } : null;
    case 'anonymous':
      return event.type === 'called' || event.type === 'recalled' ? { ...event, staffId: null, ticket: publicTicket(event.ticket, display) } : null;
  }
}
