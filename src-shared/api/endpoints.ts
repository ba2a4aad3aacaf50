import { z } from 'zod';
import {
  auditPage,
  auditQuery,
  createStaffRequest,
  loginRequest,
  resetSecretRequest,
  sessionReply,
  setupRequest,
  setupStatusReply,
  staffListReply,
  staffReply,
  type StaffRole,
} from './auth-contract';
import {
  addStopReply,
  addStopRequest,
  alertAcknowledgedReply,
  alertView,
  callNextRequest,
  callTicketRequest,
  serviceStaffReply,
  checkInRequest,
  checkInResponse,
  deviceHealthView,
  finishRequest,
  helpRequest,
  helpRequestReply,
  hubView,
  identifyRequest,
  identifyResponse,
  prioritiseRequest,
  queueEvent,
  queueSnapshot,
  reprintReply,
  serverMessage,
  simulateDeviceRequest,
  ticketActionRequest,
  ticketReply,
  transferReply,
  transferRequest,
  visitSearchQuery,
  visitSearchResult,
} from './contract';
import {
  erasureReply,
  erasureRequest,
  findSubjectsReply,
  privacyStatusReply,
  retentionReport,
  retentionRequest,
  subjectAccessReply,
  subjectAccessRequest,
  subjectQuery,
} from './privacy-contract';
import {
  createPairingCodeRequest,
  enrolKioskReply,
  enrolKioskRequest,
  kioskListReply,
  kioskReply,
  kioskStatusReply,
  pairingCodeReply,
} from './kiosk-contract';
import {
  dashboardQuery,
  dashboardReply,
  deletedReply,
  demographicsReply,
  demographicsRequest,
  fileReply,
  footfallExportQuery,
  funderReturnExportQuery,
  funderReturnQuery,
  funderReturnReply,
  hubEventInput,
  hubEventListQuery,
  hubEventListReply,
  hubEventReply,
  hubEventUpdate,
  journeyReply,
  journeyRequest,
  runningEventsReply,
  visitEventReply,
  visitEventRequest,
  visitExportQuery,
} from '../reports/contract';
import { quarantineRetryReply, syncStatusView } from '../sync/status';

/**
 * Every HTTP endpoint of the hub, once: method, path, the schemas of its params, query, body and
 * reply, who may call it and its rate class. The server registers its routes from this table and
 * checks both the request and the reply against it; the screens call `call(endpoint, input)` typed
 * by it; the README's API table is tested against it. No route path is written anywhere else.
 */

// ---- who may call ------------------------------------------------------------------------

/**
 * - `public`: anyone, signed in or not (the display's routes, sign-in).
 * - `roles`: a signed-in member of staff with one of these roles. `loopback` also lets in an
 *   anonymous caller on the hub's own machine (127.0.0.1 or ::1 — a demo, the tests), never one
 *   from the network.
 * - `kiosk`: the kiosk routes: an anonymous caller on the hub's own machine or holding the
 *   credential of a kiosk a manager enrolled, or a signed-in member of staff with one of `roles`.
 *   Anyone else is refused, whatever they know.
 * - `csrf: false`: a state-changing route that needs no CSRF token because it makes the session
 *   (sign-in, setup, kiosk enrolment) rather than acting through one.
 */
export type Access =
  | { public: true; csrf?: false }
  | { roles: readonly StaffRole[]; loopback?: true }
  | { kiosk: true; roles: readonly StaffRole[] };

/** The whole queue, every ticket action: reception, and the managers and admins above them. */
export const queueRoles: readonly StaffRole[] = ['reception', 'manager', 'admin'];
/** Also partners, for their own services' tickets (checked per ticket in the handler). */
export const serviceRoles: readonly StaffRole[] = ['reception', 'partner', 'manager', 'admin'];
export const managerRoles: readonly StaffRole[] = ['manager', 'admin'];
/** Data protection: retention run by hand, subject access and erasure. */
export const adminRoles: readonly StaffRole[] = ['admin'];
export const anyStaff: readonly StaffRole[] = serviceRoles;

const open = { public: true } as const;
const makesSession = { public: true, csrf: false } as const;
/** The kiosk on the hub's machine, an enrolled kiosk, or reception (and above) trying it. */
const kioskOrQueueStaff = { kiosk: true, roles: queueRoles } as const;

/**
 * How fast a caller may use an endpoint: `read` for cheap public reads, `kiosk` for what a
 * resident's journey asks and writes, `sign-in` for guessing-prone routes, `staff` for signed-in
 * work, `live` for the WebSocket handshake. Limits per class are in the hub configuration
 * (`server.rateLimits`), counted per address, or per kiosk where an enrolled kiosk calls.
 */
export const rateClasses = ['read', 'kiosk', 'sign-in', 'staff', 'live'] as const;
export type RateClass = (typeof rateClasses)[number];

// ---- the shape of one endpoint -------------------------------------------------------------

export type HttpMethod = 'GET' | 'POST';

export type EndpointSpec = {
  method: HttpMethod;
  /** Fastify-style path; `:name` segments are filled from `params`. */
  path: `/api/${string}`;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success reply (for a WebSocket: each message it sends). */
  reply: z.ZodType;
  access: Access;
  rate: RateClass;
  /** One line for the README's API table. */
  summary: string;
  /** A WebSocket endpoint: GET upgrades, messages follow `reply`. */
  websocket?: true;
  /**
   * A file download (CSV, XLSX): streamed bytes with a content type and a file name, so `reply`
   * describes nothing; access and the query are checked from this table like any other route.
   */
  download?: true;
};

function endpoint<const E extends EndpointSpec>(spec: E): E {
  return spec;
}

type Part<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends z.ZodType }
  ? undefined extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : { [P in K]?: never };

/** What a caller passes: the params, query and body the endpoint takes, typed by its schemas. */
export type EndpointInput<E extends EndpointSpec> = Part<E, 'params'> & Part<E, 'query'> & Part<E, 'body'>;
/** What the endpoint answers on success. */
export type EndpointReply<E extends EndpointSpec> = z.output<E['reply']>;
/** What the server's handler receives, already validated. */
export type EndpointRequest<E extends EndpointSpec> = {
  params: E extends { params: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;
  query: E extends { query: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;
  body: E extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;
};

// ---- pieces --------------------------------------------------------------------------------

const ticketParams = z.object({ ticketId: z.string().min(1).max(64) });
const serviceParams = z.object({ serviceId: z.string().min(1).max(48) });
const visitParams = z.object({ visitId: z.string().min(1).max(64) });
const staffParams = z.object({ staffId: z.string().min(1).max(64) });
const alertParams = z.object({ alertId: z.string().min(1).max(64) });
const eventParams = z.object({ eventId: z.string().min(1).max(64) });
export const sinceQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
const liveQuery = sinceQuery.pick({ since: true });
const emptyBody = z.object({}).default({});

export const healthReply = z.object({ ok: z.literal(true), hubId: z.string(), lastSeq: z.number().int(), outboxBacklog: z.number().int() });
export const eventsReply = z.object({ events: z.array(queueEvent), lastSeq: z.number().int() });
export const alertsReply = z.object({ alerts: z.array(alertView) });
export const devicesReply = z.object({ devices: z.array(deviceHealthView) });
export const signedOutReply = z.object({ ok: z.literal(true) });
export const signedOutEverywhereReply = z.object({ ok: z.literal(true), ended: z.number().int() });

// ---- the table -----------------------------------------------------------------------------

export const endpoints = {
  // The kiosk and the display board, without accounts.
  health: endpoint({ method: 'GET', path: '/api/health', reply: healthReply, access: open, rate: 'read', summary: 'the hub is up: its id, last queue sequence and upload backlog' }),
  hub: endpoint({ method: 'GET', path: '/api/hub', reply: hubView, access: open, rate: 'read', summary: "the hub's public description (services, how-heard options, triage)" }),
  identify: endpoint({
    method: 'POST',
    path: '/api/identify',
    body: identifyRequest,
    reply: identifyResponse,
    access: kioskOrQueueStaff,
    rate: 'kiosk',
    summary: 'a raw card or QR read → normalised token, known or not',
  }),
  /** A kiosk check-in; one with identification "staff" also needs reception (checked in the handler). */
  checkIn: endpoint({
    method: 'POST',
    path: '/api/check-ins',
    body: checkInRequest,
    reply: checkInResponse,
    access: kioskOrQueueStaff,
    rate: 'kiosk',
    summary: 'check in (idempotent per `requestId`): visit, answers, tickets, print',
  }),
  /** Anonymous callers get per-service counts and waits only; partners their services' tickets. */
  queue: endpoint({ method: 'GET', path: '/api/queue', reply: queueSnapshot, access: open, rate: 'read', summary: "today's queue per service, with estimated waits and `lastSeq`" }),
  /** The live channel: what each connection hears depends on who it is (see live-view). */
  live: endpoint({
    method: 'GET',
    path: '/api/live',
    query: liveQuery,
    reply: serverMessage,
    access: open,
    rate: 'live',
    websocket: true,
    summary: 'WebSocket: live queue events (catching up from `since`), device health, alerts — each connection hears what its role may',
  }),
  /** "Get a member of staff" on the kiosk: a trusted kiosk (or staff trying it). */
  helpRequest: endpoint({
    method: 'POST',
    path: '/api/help-requests',
    body: helpRequest,
    reply: helpRequestReply,
    access: kioskOrQueueStaff,
    rate: 'kiosk',
    summary: '"Get a member of staff" from the kiosk: an alert for reception',
  }),

  // Kiosk enrolment.
  /** Whether this browser is a trusted kiosk: the kiosk page asks before anything else. */
  kioskStatus: endpoint({
    method: 'GET',
    path: '/api/kiosks/current',
    reply: kioskStatusReply,
    access: open,
    rate: 'read',
    summary: 'is this browser a trusted kiosk (the hub\'s own machine or an enrolled kiosk)',
  }),
  enrolKiosk: endpoint({
    method: 'POST',
    path: '/api/kiosks/enrol',
    body: enrolKioskRequest,
    reply: enrolKioskReply,
    access: makesSession,
    rate: 'sign-in',
    summary: 'a kiosk exchanges a pairing code for its long-lived credential (the `fd_kiosk` cookie)',
  }),
  pairingCode: endpoint({
    method: 'POST',
    path: '/api/kiosks/pairing-codes',
    body: createPairingCodeRequest,
    reply: pairingCodeReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'make a one-time pairing code for a new kiosk (valid 10 minutes, shown once)',
  }),
  kiosks: endpoint({ method: 'GET', path: '/api/kiosks', reply: kioskListReply, access: { roles: managerRoles }, rate: 'staff', summary: 'enrolled kiosks: name, enrolled at, last seen, revoked' }),
  revokeKiosk: endpoint({
    method: 'POST',
    path: '/api/kiosks/:kioskId/revoke',
    params: z.object({ kioskId: z.string().min(1).max(64) }),
    body: emptyBody,
    reply: kioskReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'revoke an enrolled kiosk (refused at once, its live connection closed)',
  }),

  // Accounts.
  setupStatus: endpoint({ method: 'GET', path: '/api/auth/setup', reply: setupStatusReply, access: open, rate: 'read', summary: 'first run: is setup needed' }),
  setup: endpoint({
    method: 'POST',
    path: '/api/auth/setup',
    body: setupRequest,
    reply: sessionReply,
    access: makesSession,
    rate: 'sign-in',
    summary: 'first run: create the first administrator with the setup token',
  }),
  login: endpoint({ method: 'POST', path: '/api/auth/login', body: loginRequest, reply: sessionReply, access: makesSession, rate: 'sign-in', summary: 'sign in (password or PIN)' }),
  /** Answers 401 without a session, so a screen can ask whether it is signed in. */
  me: endpoint({ method: 'GET', path: '/api/auth/me', reply: sessionReply, access: open, rate: 'read', summary: 'the current session and its CSRF token' }),
  logout: endpoint({ method: 'POST', path: '/api/auth/logout', body: emptyBody, reply: signedOutReply, access: { roles: anyStaff }, rate: 'staff', summary: 'sign out this session' }),
  logoutEverywhere: endpoint({
    method: 'POST',
    path: '/api/auth/logout-everywhere',
    body: emptyBody,
    reply: signedOutEverywhereReply,
    access: { roles: anyStaff },
    rate: 'staff',
    summary: 'sign out every session of this person',
  }),
  staffList: endpoint({ method: 'GET', path: '/api/staff', reply: staffListReply, access: { roles: managerRoles }, rate: 'staff', summary: 'staff accounts (managers, admins)' }),
  createStaff: endpoint({
    method: 'POST',
    path: '/api/staff',
    body: createStaffRequest,
    reply: staffReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'create a staff account (managers: reception and partner; admins: any)',
  }),
  disableStaff: endpoint({
    method: 'POST',
    path: '/api/staff/:staffId/disable',
    params: staffParams,
    body: emptyBody,
    reply: staffReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'disable an account (its sessions end at once)',
  }),
  enableStaff: endpoint({
    method: 'POST',
    path: '/api/staff/:staffId/enable',
    params: staffParams,
    body: emptyBody,
    reply: staffReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'enable a disabled account',
  }),
  unlockStaff: endpoint({
    method: 'POST',
    path: '/api/staff/:staffId/unlock',
    params: staffParams,
    body: emptyBody,
    reply: staffReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'end the sign-in waits of an account (managers: reception and partner; admins: any)',
  }),
  resetStaffSecret: endpoint({
    method: 'POST',
    path: '/api/staff/:staffId/reset-secret',
    params: staffParams,
    body: resetSecretRequest,
    reply: staffReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: "set a colleague's new password or PIN (their sessions end; managers: reception and partner; admins: any)",
  }),
  audit: endpoint({
    method: 'GET',
    path: '/api/audit',
    query: auditQuery,
    reply: auditPage,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'the audit log by date range, action and person, paged (managers, admins)',
  }),

  // The queue.
  events: endpoint({ method: 'GET', path: '/api/events', query: sinceQuery, reply: eventsReply, access: { roles: serviceRoles }, rate: 'staff', summary: 'queue events after sequence `since`' }),
  callNext: endpoint({
    method: 'POST',
    path: '/api/services/:serviceId/call-next',
    params: serviceParams,
    body: callNextRequest,
    reply: ticketReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'call the next visitor to a desk (`QUEUE_EMPTY` when nobody can be called)',
  }),
  serviceStaff: endpoint({
    method: 'GET',
    path: '/api/services/:serviceId/staff',
    params: serviceParams,
    reply: serviceStaffReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'reception and the partners who work a service: whom a visitor can be sent on to by name',
  }),
  callTicket: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/call',
    params: ticketParams,
    body: callTicketRequest,
    reply: ticketReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'call a chosen waiting visitor to a desk out of turn, with the reason (kept in the audit log)',
  }),
  recall: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/recall',
    params: ticketParams,
    body: ticketActionRequest,
    reply: ticketReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'call a called visitor again',
  }),
  noShow: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/no-show',
    params: ticketParams,
    body: ticketActionRequest,
    reply: ticketReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'mark a called visitor who did not come (after the grace time)',
  }),
  start: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/start',
    params: ticketParams,
    body: ticketActionRequest,
    reply: ticketReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'start seeing a visitor',
  }),
  finish: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/finish',
    params: ticketParams,
    body: finishRequest,
    reply: ticketReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'finish with an outcome',
  }),
  transfer: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/transfer',
    params: ticketParams,
    body: transferRequest,
    reply: transferReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'send a visitor on to another service, keeping their place in arrival order (a partner: as for stops)',
  }),
  addStop: endpoint({
    method: 'POST',
    path: '/api/visits/:visitId/stops',
    params: visitParams,
    body: addStopRequest,
    reply: addStopReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: 'add a service stop to a visit (a partner: only services theirs may refer to; 202, the same whether or not the visitor already waits there)',
  }),
  cancel: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/cancel',
    params: ticketParams,
    body: ticketActionRequest,
    reply: ticketReply,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'cancel a ticket',
  }),
  undoNoShow: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/undo-no-show',
    params: ticketParams,
    body: emptyBody,
    reply: ticketReply,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'put a mistaken no-show back at its old place (within 15 minutes)',
  }),
  prioritise: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/prioritise',
    params: ticketParams,
    body: prioritiseRequest,
    reply: ticketReply,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'move a ticket up the queue',
  }),
  reprint: endpoint({
    method: 'POST',
    path: '/api/tickets/:ticketId/reprint',
    params: ticketParams,
    body: emptyBody,
    reply: reprintReply,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'print the ticket slip again',
  }),
  visitSearch: endpoint({
    method: 'GET',
    path: '/api/visits/search',
    query: visitSearchQuery,
    reply: visitSearchResult,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: "today's visits by ticket number (`m1`, `M001`) or start of a name",
  }),
  alerts: endpoint({ method: 'GET', path: '/api/alerts', reply: alertsReply, access: { roles: queueRoles }, rate: 'staff', summary: 'open alerts' }),
  acknowledgeAlert: endpoint({
    method: 'POST',
    path: '/api/alerts/:alertId/acknowledge',
    params: alertParams,
    body: emptyBody,
    reply: alertAcknowledgedReply,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'acknowledge an alert (flag alerts stay until acknowledged, also after a restart)',
  }),

  // The upload to the programme's collector.
  syncStatus: endpoint({
    method: 'GET',
    path: '/api/sync',
    reply: syncStatusView,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'the upload to the collector: state, backlog, oldest unsent, last success, last error, quarantined events',
  }),
  syncRetry: endpoint({
    method: 'POST',
    path: '/api/sync/quarantine/:eventId/retry',
    params: eventParams,
    body: emptyBody,
    reply: quarantineRetryReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'send a quarantined event again with the next batch',
  }),

  // Data protection (administrators). Card numbers and names travel in bodies, never in addresses.
  privacyStatus: endpoint({
    method: 'GET',
    path: '/api/privacy',
    reply: privacyStatusReply,
    access: { roles: adminRoles },
    rate: 'staff',
    summary: 'retention periods, the last retention run, and the privacy notice versions visits agreed to',
  }),
  runRetention: endpoint({
    method: 'POST',
    path: '/api/privacy/retention',
    body: retentionRequest,
    reply: retentionReport,
    access: { roles: adminRoles },
    rate: 'staff',
    summary: 'run the retention job now, or a dry run of it: what it removes (counts only; `ALREADY_RUNNING` while one runs)',
  }),
  findSubjects: endpoint({
    method: 'POST',
    path: '/api/privacy/subjects/find',
    body: subjectQuery,
    reply: findSubjectsReply,
    access: { roles: adminRoles },
    rate: 'staff',
    summary: 'subject access: find a resident by card, QR code, or name and visit day (audit-logged)',
  }),
  exportSubject: endpoint({
    method: 'POST',
    path: '/api/privacy/subjects/export',
    body: subjectAccessRequest,
    reply: subjectAccessReply,
    access: { roles: adminRoles },
    rate: 'staff',
    summary: 'subject access: everything held about a resident, as JSON and a readable page (audit-logged with who asked and why)',
  }),
  eraseSubject: endpoint({
    method: 'POST',
    path: '/api/privacy/subjects/erase',
    body: erasureRequest,
    reply: erasureReply,
    access: { roles: adminRoles },
    rate: 'staff',
    summary: "erase a resident's personal data (objection or erasure, with the reason), keeping anonymous counts; an outbox event tells the collector",
  }),

  // Reports, exports and funder returns: managers and admins.
  reportDashboard: endpoint({
    method: 'GET',
    path: '/api/reports/dashboard',
    query: dashboardQuery,
    reply: dashboardReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'every dashboard figure for a range of days (`from`, `to`), with programme targets',
  }),
  funderReturn: endpoint({
    method: 'GET',
    path: '/api/reports/funder-return',
    query: funderReturnQuery,
    reply: funderReturnReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'a funder return laid out from configuration, for a range (`returnId`, `from`, `to`)',
  }),
  exportVisits: endpoint({
    method: 'GET',
    path: '/api/exports/visits',
    query: visitExportQuery,
    reply: fileReply,
    access: { roles: managerRoles },
    rate: 'staff',
    download: true,
    summary: 'file: one row per visit and service stop, pseudonymous (`from`, `to`, `format` csv|xlsx, `purpose`); audit-logged',
  }),
  exportFootfall: endpoint({
    method: 'GET',
    path: '/api/exports/footfall',
    query: footfallExportQuery,
    reply: fileReply,
    access: { roles: managerRoles },
    rate: 'staff',
    download: true,
    summary: 'file: the dashboard figures, small numbers suppressed (`from`, `to`, `format`); audit-logged',
  }),
  exportFunderReturn: endpoint({
    method: 'GET',
    path: '/api/exports/funder-return',
    query: funderReturnExportQuery,
    reply: fileReply,
    access: { roles: managerRoles },
    rate: 'staff',
    download: true,
    summary: 'file: a funder return as XLSX, suppressed (`returnId`, `from`, `to`); audit-logged',
  }),

  // Events, the journey and the equality questions.
  hubEvents: endpoint({
    method: 'GET',
    path: '/api/hub-events',
    query: hubEventListQuery,
    reply: hubEventListReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: "the hub's programme of events with attendances (optionally by start date `from`, `to`)",
  }),
  createHubEvent: endpoint({
    method: 'POST',
    path: '/api/hub-events',
    body: hubEventInput,
    reply: hubEventReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'add an event (name, kind, start, end, partner, capacity)',
  }),
  updateHubEvent: endpoint({
    method: 'POST',
    path: '/api/hub-events/:eventId',
    params: eventParams,
    body: hubEventUpdate,
    reply: hubEventReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'change or cancel an event',
  }),
  deleteHubEvent: endpoint({
    method: 'POST',
    path: '/api/hub-events/:eventId/delete',
    params: eventParams,
    body: emptyBody,
    reply: deletedReply,
    access: { roles: managerRoles },
    rate: 'staff',
    summary: 'delete an event nobody came for (one with attendances is cancelled instead)',
  }),
  runningEvents: endpoint({
    method: 'GET',
    path: '/api/hub-events/running',
    reply: runningEventsReply,
    access: open,
    rate: 'read',
    summary: 'events running now, by name only: the kiosk\'s "I\'m here for …"',
  }),
  visitEvent: endpoint({
    method: 'POST',
    path: '/api/visits/:visitId/event',
    params: visitParams,
    body: visitEventRequest,
    reply: visitEventReply,
    access: { roles: queueRoles },
    rate: 'staff',
    summary: 'attribute a visit to an event of its day, or clear it (reception; the kiosk sends the event with its check-in)',
  }),
  recordJourney: endpoint({
    method: 'POST',
    path: '/api/visits/:visitId/journey',
    params: visitParams,
    body: journeyRequest,
    reply: journeyReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: "record a journey fact for a visit and service: signposted, referred, registered or an evidenced outcome (partners: their services' visitors)",
  }),
  recordDemographics: endpoint({
    method: 'POST',
    path: '/api/visits/:visitId/demographics',
    params: visitParams,
    body: demographicsRequest,
    reply: demographicsReply,
    access: { roles: serviceRoles },
    rate: 'staff',
    summary: "record the optional equality answers a visitor agreed to give (partners: their services' visitors)",
  }),

  // Devices: reception and above, or a trusted kiosk; the simulators only on the hub's own machine.
  devices: endpoint({ method: 'GET', path: '/api/devices', reply: devicesReply, access: kioskOrQueueStaff, rate: 'read', summary: 'device health' }),
  simulateDevice: endpoint({
    method: 'POST',
    path: '/api/devices/simulate',
    body: simulateDeviceRequest,
    reply: devicesReply,
    access: { roles: queueRoles, loopback: true },
    rate: 'staff',
    summary: 'drive the simulated card reader, QR scanner or printer (demo and test hubs)',
  }),
} as const satisfies Record<string, EndpointSpec>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/** `METHOD /path`: how an endpoint is named in logs, the README and the role tests. */
export function endpointKey(e: Pick<EndpointSpec, 'method' | 'path'>): string {
  return `${e.method} ${e.path}`;
}

/** The path with its `:name` segments filled (each value URI-encoded). */
export function pathOf(e: Pick<EndpointSpec, 'path'>, params: Record<string, string> | undefined): string {
  return e.path.replace(/:([A-Za-z]+)/g, (_whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${e.path} needs the parameter "${name}".`);
    return encodeURIComponent(value);
  });
}

/** The README's API table, made from this one: a test keeps the README equal to it. */
export function apiTableMarkdown(): string {
  const who = (access: Access) =>
    'public' in access
      ? 'anyone'
      : 'kiosk' in access
        ? `${access.roles.join(', ')}, or a kiosk (the hub's own machine or an enrolled kiosk)`
        : `${access.roles.join(', ')}${access.loopback ? ", or the hub's own machine" : ''}`;
  const rows = Object.values(endpoints as Record<string, EndpointSpec>).map(
    (e) => `| \`${e.websocket ? 'WS' : e.method} ${e.path}\` | ${e.summary} | ${who(e.access)} |`,
  );
  return ['| endpoint | what | who |', '|---|---|---|', ...rows].join('\n');
}
