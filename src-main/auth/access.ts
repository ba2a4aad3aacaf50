import type { StaffRole, StaffView } from '../../src-shared/api/auth-contract';
import { hiddenServiceId, type QueueEvent, type QueueSnapshot, type TicketView } from '../../src-shared/api/contract';
import type { HubConfig } from '../../src-shared/config/schema';

/**
 * Who may use each route. Every /api route must have a rule here: the server refuses to start
 * with a route that has none, and the role tests walk this table.
 *
 * - `public`: anyone, signed in or not (the kiosk's and the display's routes).
 * - `roles`: a signed-in member of staff with one of these roles. `loopback` also lets in an
 *   anonymous caller on the hub's own machine (the kiosk, a demo), never one from the network.
 * - `csrf: false`: a state-changing route that needs no CSRF token because it makes the session
 *   (sign-in, setup) rather than acting through one.
 */
export type Access = { public: true; csrf?: false } | { roles: readonly StaffRole[]; loopback?: true };

/** The whole queue, every ticket action: reception, and the managers and admins above them. */
export const queueRoles: readonly StaffRole[] = ['reception', 'manager', 'admin'];
/** Also partners, for their own services' tickets (checked per ticket in the handler). */
export const serviceRoles: readonly StaffRole[] = ['reception', 'partner', 'manager', 'admin'];
export const managerRoles: readonly StaffRole[] = ['manager', 'admin'];
export const anyStaff: readonly StaffRole[] = serviceRoles;

const open: Access = { public: true };

export const routeAccess: Readonly<Record<string, Access>> = {
  // The kiosk and the display board, without accounts.
  'GET /api/health': open,
  'GET /api/hub': open,
  'POST /api/identify': open,
  /** A kiosk check-in; one with identification "staff" also needs reception (checked in the handler). */
  'POST /api/check-ins': open,
  /** Anonymous callers get per-service counts and waits only; partners their services' tickets. */
  'GET /api/queue': open,
  /** The live channel: what each connection hears depends on who it is (see live-view). */
  'GET /api/live': open,

  // Accounts.
  'GET /api/auth/setup': open,
  'POST /api/auth/setup': { public: true, csrf: false },
  'POST /api/auth/login': { public: true, csrf: false },
  /** Answers 401 without a session, so a screen can ask whether it is signed in. */
  'GET /api/auth/me': open,
  'POST /api/auth/logout': { roles: anyStaff },
  'POST /api/auth/logout-everywhere': { roles: anyStaff },
  'GET /api/staff': { roles: managerRoles },
  'POST /api/staff': { roles: managerRoles },
  'POST /api/staff/:staffId/disable': { roles: managerRoles },
  'POST /api/staff/:staffId/enable': { roles: managerRoles },
  'GET /api/audit': { roles: managerRoles },

  // The queue.
  'GET /api/events': { roles: serviceRoles },
  'POST /api/services/:serviceId/call-next': { roles: serviceRoles },
  'POST /api/tickets/:ticketId/recall': { roles: serviceRoles },
  'POST /api/tickets/:ticketId/no-show': { roles: serviceRoles },
  'POST /api/tickets/:ticketId/start': { roles: serviceRoles },
  'POST /api/tickets/:ticketId/finish': { roles: serviceRoles },
  'POST /api/tickets/:ticketId/transfer': { roles: serviceRoles },
  'POST /api/visits/:visitId/stops': { roles: serviceRoles },
  'POST /api/tickets/:ticketId/cancel': { roles: queueRoles },
  'POST /api/tickets/:ticketId/undo-no-show': { roles: queueRoles },
  'POST /api/tickets/:ticketId/prioritise': { roles: queueRoles },
  'POST /api/tickets/:ticketId/reprint': { roles: queueRoles },
  'GET /api/visits/search': { roles: queueRoles },
  'GET /api/alerts': { roles: queueRoles },
  'POST /api/alerts/:alertId/acknowledge': { roles: queueRoles },

  /** "Get a member of staff" on the kiosk: the kiosk on the hub's machine (or staff trying it). */
  'POST /api/help-requests': { roles: queueRoles, loopback: true },

  // Devices: staff, or the kiosk on the hub's own machine.
  'GET /api/devices': { roles: queueRoles, loopback: true },
  'POST /api/devices/simulate': { roles: anyStaff, loopback: true },
};

export function accessRuleFor(method: string, url: string): Access | undefined {
  return routeAccess[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

// ---- what each viewer may see -------------------------------------------------------------

export type Viewer =
  /** Reception, managers and admins: everything. */
  | { kind: 'staff'; staff: StaffView }
  /** A partner: their services' tickets, with only their services' needs. */
  | { kind: 'partner'; staff: StaffView; services: ReadonlySet<string>; needs: ReadonlySet<string> }
  /** No session. `loopback`: on the hub's own machine (the kiosk), which also hears card reads. */
  | { kind: 'anonymous'; loopback: boolean };

export function viewerOf(staff: StaffView | null, loopback: boolean, hub: HubConfig): Viewer {
  if (!staff) return { kind: 'anonymous', loopback };
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
