import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { auditQuery, authRoutes, createStaffRequest, csrfHeader, loginRequest, setupRequest, type StaffView } from '../../src-shared/api/auth-contract';
import {
  addStopRequest,
  callNextRequest,
  checkInRequest,
  finishRequest,
  helpRequest,
  identifyRequest,
  prioritiseRequest,
  routes,
  ticketActionRequest,
  transferRequest,
  visitSearchQuery,
  type AlertView,
  type CheckInResponse,
  type IdentifyResponse,
  type QueueEvent,
  type ServerMessage,
} from '../../src-shared/api/contract';
import type { DeviceHealth } from '../../src-shared/devices/types';
import { accessRuleFor, queueRoles, replyTicket, servesService, snapshotFor, eventFor, viewerOf, type Viewer } from '../auth/access';
import type { AuthService, Session, SessionEndReason } from '../auth/auth-service';
import { hears, liveQueueMessages } from '../auth/live-view';
import { sameSecret } from '../auth/secrets';
import { HubError } from '../errors';
import type { Hub } from '../hub';
import { registerDeviceRoutes } from './device-routes';
import {
  clearedSessionCookieHeader,
  isSameOrigin,
  isTrustedLocalCaller,
  readCookie,
  sessionCookieHeader,
  setSecurityHeaders,
} from './security';
import { parseWith } from './validate';

export const screens = ['kiosk', 'reception', 'partner', 'display', 'manager'] as const;


const ticketParams = z.object({ ticketId: z.string().min(1).max(64) });
const serviceParams = z.object({ serviceId: z.string().min(1).max(48) });
const visitParams = z.object({ visitId: z.string().min(1).max(64) });
const staffParams = z.object({ staffId: z.string().min(1).max(64) });
const alertParams = z.object({ alertId: z.string().min(1).max(64) });
const sinceQuery = z.object({ since: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) });

/** Who is asking: their session (if any is still good) and what they may see. */
export type RequestAuth = {
  session: Session | null;
  /** Why there is no session, for a clear 401: none, signed-out, idle, expired, disabled. */
  problem: SessionEndReason | 'none' | null;
  viewer: Viewer;
};

declare module 'fastify' {
  // Module augmentation can only merge into an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    auth: RequestAuth;
  }
}

export type ServerOptions = {
  hub: Hub;
  auth: AuthService;
  logger: Logger;
  /** Folder of the built screens (vite output). */
  rendererDir: string;
  /** Key and certificate (PEM) to serve HTTPS with: LAN mode. Plain HTTP without. */
  https?: { key: string; cert: string } | null;
};

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How often live connections are checked for a session that idled out or expired meanwhile. */
const sessionSweepMs = 30_000;

function unauthenticated(reason: RequestAuth['problem']): HubError {
  const message =
    reason === 'idle'
      ? 'You were signed out after a while without activity. Please sign in again.'
      : reason === 'expired'
        ? 'Your session has ended. Please sign in again.'
        : reason === 'disabled'
          ? 'This account has been disabled. Ask a manager.'
          : reason === 'signed-out'
            ? 'You have signed out. Please sign in again.'
            : 'Please sign in first.';
  return new HubError('UNAUTHENTICATED', message, { details: { reason: reason ?? 'none' } });
}

/** The hub's HTTP and WebSocket face: every route validated against the shared contract and authorised. */
export async function buildServer({ hub, auth, logger, rendererDir, https }: ServerOptions): Promise<FastifyInstance> {
  const secure = Boolean(https);
  const common = { loggerInstance: logger as FastifyBaseLogger, bodyLimit: 256 * 1024, logController: new LogController({ disableRequestLogging: true }) };
  // With `https` Fastify is typed for an https.Server; the routes and hooks used here are the same.
  const app = (https ? (Fastify({ ...common, https }) as unknown) : Fastify(common)) as FastifyInstance;

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HubError) {
      if (error.code === 'INTERNAL') request.log.error({ err: error }, error.message);
      return reply.status(error.httpStatus).send(error.toBody());
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.status(status).send({ error: { code: 'BAD_REQUEST', message: (error as Error).message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({
      error: { code: 'INTERNAL', message: 'The hub could not complete this request. It has been logged; please try again or ask a member of staff.' },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]}.` } });
    }
    return sendScreen(reply);
  });

  // Every API route has an access rule, or the hub does not start: nothing is open by omission.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (!accessRuleFor(method, route.url)) throw new Error(`${method} ${route.url} has no access rule; add one to src-main/auth/access.ts.`);
    }
  });

  app.decorateRequest('auth', null as unknown as RequestAuth);
  app.addHook('onRequest', async (request, reply) => {
    const api = request.url.startsWith('/api/');
    setSecurityHeaders(reply, { https: secure, api });
    const cookie = readCookie(request.headers.cookie);
    const check = auth.check(cookie);
    const session = check.ok ? check.session : null;
    // A cookie that names no good session is cleared, so the browser stops sending it.
    if (cookie !== undefined && !session) reply.header('set-cookie', clearedSessionCookieHeader(secure));
    request.auth = {
      session,
      problem: check.ok ? null : check.reason,
      viewer: viewerOf(session?.staff ?? null, isTrustedLocalCaller(request), hub.config.hub),
    };
    const url = request.routeOptions.url;
    if (!api || !url) return;
    const rule = accessRuleFor(request.method, url);
    if (!rule) throw new HubError('FORBIDDEN', 'This route is not open to anyone.');
    const changing = stateChanging.has(request.method);
    if (changing && !isSameOrigin(request)) throw new HubError('CSRF_FAILED', 'This request came from a page of another site and was refused.');
    if ('roles' in rule) {
      if (!session) {
        const viewer = request.auth.viewer;
        if (!(rule.loopback && viewer.kind === 'anonymous' && viewer.loopback)) throw unauthenticated(request.auth.problem);
      } else if (!rule.roles.includes(session.staff.role)) {
        throw new HubError('FORBIDDEN', `A ${session.staff.role} account cannot do this.`, { details: { role: session.staff.role } });
      }
    }
    if (session && changing && !('public' in rule && rule.csrf === false)) {
      const token = request.headers[csrfHeader];
      if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) {
        throw new HubError('CSRF_FAILED', `This request needs the session's ${csrfHeader} header; reload the page and try again.`);
      }
    }
    if (session) auth.touch(session);
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  const { queue } = hub;
  const display = hub.config.hub.display;
  const address = (request: FastifyRequest) => request.socket.remoteAddress ?? 'unknown';
  /** The signed-in member of staff; the route's access rule guarantees there is one. */
  const staffOf = (request: FastifyRequest): StaffView => {
    const session = request.auth.session;
    if (!session) throw unauthenticated(request.auth.problem);
    return session.staff;
  };
  /** Partners act only on their own services' tickets. */
  const requireService = (request: FastifyRequest, serviceId: string) => {
    if (!servesService(request.auth.viewer, serviceId)) {
      throw new HubError('FORBIDDEN', 'This belongs to a service your account does not work for.', { details: { serviceId } });
    }
  };
  const ticketFor = (request: FastifyRequest, ticketId: string) => {
    const ticket = queue.ticket(ticketId);
    requireService(request, ticket.serviceId);
    return ticket;
  };
  const reply = (request: FastifyRequest, ticket: Parameters<typeof replyTicket>[1]) => replyTicket(request.auth.viewer, ticket);

  // ---- the kiosk and the display ----------------------------------------------------------

  app.get(routes.health, async () => ({ ok: true, hubId: hub.config.hub.id, lastSeq: queue.lastSeq(), outboxBacklog: hub.outbox.backlog() }));
  app.get(routes.hub, async () => hub.describe());

  app.post(routes.identify, async (request): Promise<IdentifyResponse> => hub.identify(parseWith(identifyRequest, request.body, 'body')));

  app.post(routes.checkIns, async (request, response): Promise<CheckInResponse> => {
    const command = parseWith(checkInRequest, request.body, 'body');
    let result: CheckInResponse;
    if (command.identification.method === 'staff') {
      // A check-in by hand is reception's: it carries their id into the visit's audit trail.
      const staff = staffOf(request);
      if (!queueRoles.includes(staff.role)) throw new HubError('FORBIDDEN', 'Only reception checks residents in by hand.', { field: 'identification.method' });
      result = await hub.checkInByStaff(command, staff.id);
    } else {
      result = await hub.checkIn(command);
    }
    response.status(result.replayed ? 200 : 201);
    return result;
  });

  app.get(routes.queue, async (request) => snapshotFor(request.auth.viewer, queue.snapshot()));

  app.post(routes.helpRequests, async (request, response) => {
    const body = parseWith(helpRequest, request.body, 'body');
    const alert = hub.alerts.raise({
      kind: 'talk-to-someone',
      visitId: null,
      at: auth.now().toISOString(),
      message: `Someone at the kiosk is asking for a member of staff (on the ${body.screen.replace(/[^\w :.-]/g, '')} screen, language ${body.language.replace(/[^\w-]/g, '')}).`,
      flags: [],
    });
    response.status(201);
    return { alertId: alert.id };
  });

  // ---- accounts ---------------------------------------------------------------------------

  const signedIn = (response: FastifyReply, sessionId: string) => {
    response.removeHeader('set-cookie');
    response.header('set-cookie', sessionCookieHeader(sessionId, secure));
  };

  app.get(authRoutes.setupStatus, async () => ({ needed: auth.needsSetup() }));
  app.post(authRoutes.setup, async (request, response) => {
    const result = await auth.setup(parseWith(setupRequest, request.body, 'body'), address(request));
    signedIn(response, result.sessionId);
    response.status(201);
    return auth.reply(result.session);
  });
  app.post(authRoutes.login, async (request, response) => {
    // Either shape of the union, so a mistake is reported on its field (password or pin).
    const body: unknown = request.body;
    const shape = typeof body === 'object' && body !== null && 'pin' in body ? loginRequest.options[1] : loginRequest.options[0];
    const result = await auth.signIn(parseWith(shape, body, 'body'), address(request));
    signedIn(response, result.sessionId);
    return auth.reply(result.session);
  });
  app.get(authRoutes.me, async (request) => {
    const session = request.auth.session;
    if (!session) throw unauthenticated(request.auth.problem);
    return auth.reply(session);
  });
  app.post(authRoutes.logout, async (request, response) => {
    auth.signOut(request.auth.session!);
    response.removeHeader('set-cookie');
    response.header('set-cookie', clearedSessionCookieHeader(secure));
    return { ok: true };
  });
  app.post(authRoutes.logoutEverywhere, async (request, response) => {
    const ended = auth.signOutEverywhere(request.auth.session!);
    response.removeHeader('set-cookie');
    response.header('set-cookie', clearedSessionCookieHeader(secure));
    return { ok: true, ended };
  });

  app.get(authRoutes.staff, async () => ({ staff: auth.listStaff() }));
  app.post(authRoutes.staff, async (request, response) => {
    const staff = await auth.createStaff(staffOf(request), parseWith(createStaffRequest, request.body, 'body'));
    response.status(201);
    return { staff };
  });
  app.post('/api/staff/:staffId/disable', async (request) => ({
    staff: auth.setDisabled(staffOf(request), parseWith(staffParams, request.params, 'params').staffId, true),
  }));
  app.post('/api/staff/:staffId/enable', async (request) => ({
    staff: auth.setDisabled(staffOf(request), parseWith(staffParams, request.params, 'params').staffId, false),
  }));
  app.get(authRoutes.audit, async (request) => auth.audit.query(parseWith(auditQuery, request.query, 'query')));

  // ---- the queue --------------------------------------------------------------------------

  app.get(routes.events, async (request) => {
    const { since, limit } = parseWith(sinceQuery, request.query, 'query');
    const viewer = request.auth.viewer;
    const events = queue.eventsSince(since, limit).flatMap((e) => eventFor(viewer, e, display) ?? []);
    return { events, lastSeq: queue.lastSeq() };
  });
  registerDeviceRoutes(app, hub);
  app.get(routes.alerts, async () => ({ alerts: hub.openAlerts() }));
  app.post('/api/alerts/:alertId/acknowledge', async (request) => {
    const staff = staffOf(request);
    return hub.acknowledgeAlert(parseWith(alertParams, request.params, 'params').alertId, { id: staff.id, displayName: staff.displayName });
  });

  app.post(routes.callNext(':serviceId'), async (request) => {
    const { serviceId } = parseWith(serviceParams, request.params, 'params');
    requireService(request, serviceId);
    const body = parseWith(callNextRequest, request.body, 'body');
    return { ticket: reply(request, queue.callNext(serviceId, body.desk, staffOf(request).id)) };
  });

  const ticketRoute = (action: string, handle: (ticketId: string, request: FastifyRequest, staffId: string) => unknown) =>
    app.post(`/api/tickets/:ticketId/${action}`, async (request) => {
      const { ticketId } = parseWith(ticketParams, request.params, 'params');
      ticketFor(request, ticketId);
      return handle(ticketId, request, staffOf(request).id);
    });

  ticketRoute('recall', (id, r, staffId) => ({ ticket: reply(r, queue.recall(id, parseWith(ticketActionRequest, r.body, 'body').desk ?? null, staffId)) }));
  ticketRoute('no-show', (id, r, staffId) => {
    parseWith(ticketActionRequest, r.body, 'body');
    return { ticket: reply(r, queue.noShow(id, staffId)) };
  });
  ticketRoute('start', (id, r, staffId) => ({ ticket: reply(r, queue.start(id, parseWith(ticketActionRequest, r.body, 'body').desk ?? null, staffId)) }));
  ticketRoute('finish', (id, r, staffId) => {
    const b = parseWith(finishRequest, r.body, 'body');
    return { ticket: reply(r, queue.finish(id, { kind: b.outcome, referredTo: b.referredTo, note: b.note }, staffId)) };
  });
  ticketRoute('transfer', (id, r, staffId) => {
    const b = parseWith(transferRequest, r.body, 'body');
    const { from, to } = queue.transfer(id, b.toServiceId, staffId);
    return { ticket: reply(r, from), newTicket: reply(r, to) };
  });
  ticketRoute('cancel', (id, r, staffId) => {
    parseWith(ticketActionRequest, r.body, 'body');
    return { ticket: queue.cancel(id, staffId) };
  });
  ticketRoute('undo-no-show', (id, _r, staffId) => ({ ticket: queue.undoNoShow(id, staffId) }));
  ticketRoute('prioritise', (id, r, staffId) => ({ ticket: queue.prioritise(id, parseWith(prioritiseRequest, r.body, 'body').level, staffId) }));
  ticketRoute('reprint', (id, _r, staffId) => hub.reprintTicket(id, staffId));

  app.post(routes.addStop(':visitId'), async (request) => {
    const { visitId } = parseWith(visitParams, request.params, 'params');
    const viewer = request.auth.viewer;
    // A partner adds a need to a visitor of theirs, for any service.
    if (viewer.kind === 'partner' && !queue.ticketsOfVisit(visitId).some((t) => viewer.services.has(t.serviceId))) {
      throw new HubError('FORBIDDEN', 'This visitor has no ticket for a service your account works for.', { field: 'visitId' });
    }
    const body = parseWith(addStopRequest, request.body, 'body');
    return { ticket: reply(request, queue.addStop(visitId, body.serviceId, staffOf(request).id)) };
  });

  app.get(routes.visitSearch, async (request) => {
    const { q } = parseWith(visitSearchQuery, request.query, 'query');
    const result = queue.searchVisits(q);
    auth.audit.record({
      at: auth.now().toISOString(),
      staffId: staffOf(request).id,
      action: 'visits.searched',
      subjectType: 'visit',
      detail: { results: result.visits.length },
    });
    return result;
  });

  // ---- live events ------------------------------------------------------------------------

  type LiveConnection = { sessionHash: string | null; check: () => boolean; end: (reason: SessionEndReason) => void };
  const connections = new Set<LiveConnection>();
  const stopListening = auth.onSessionsEnded((hashes, reason) => {
    for (const connection of connections) if (connection.sessionHash && hashes.includes(connection.sessionHash)) connection.end(reason);
  });
  // A console left open past its idle time is closed even when nothing happens in the queue.
  const sweep = setInterval(() => {
    for (const connection of connections) connection.check();
  }, sessionSweepMs);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    stopListening();
  });

  // A screen passes ?since=<lastSeq> when it reconnects and gets exactly what it missed: replay and
  // live events are both sent in seq order, and nothing at or below the last sent seq twice. What
  // each connection hears depends on who it is (see auth/live-view.ts).
  app.get(routes.live, { websocket: true }, (socket, request) => {
    const { since } = parseWith(sinceQuery.pick({ since: true }), request.query, 'query');
    // A page of another origin gets the display board's view, whatever cookies its browser holds.
    const sameOrigin = isSameOrigin(request);
    const session = sameOrigin ? request.auth.session : null;
    const viewer: Viewer = sameOrigin ? request.auth.viewer : { kind: 'anonymous', loopback: false };
    const context = { display, ticketsOfVisit: (visitId: string) => queue.ticketsOfVisit(visitId) };
    let lastSent = since;
    let ended = false;

    const send = (message: ServerMessage) => {
      if (!ended && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const connection: LiveConnection = {
      sessionHash: session?.idHash ?? null,
      check: () => {
        if (ended) return false;
        if (!connection.sessionHash) return true;
        const state = auth.peek(connection.sessionHash);
        if (state.ok) return true;
        connection.end(state.reason === 'none' ? 'signed-out' : state.reason);
        return false;
      },
      end: (reason) => {
        if (ended) return;
        send({ kind: 'signed-out', reason });
        ended = true;
        socket.close(4401, 'signed out');
      },
    };
    connections.add(connection);
    const deliver = (messages: ServerMessage[]) => {
      if (messages.length === 0 || !connection.check()) return;
      for (const message of messages) send(message);
    };
    const sendQueue = (event: QueueEvent) => {
      if (event.seq <= lastSent) return;
      lastSent = event.seq;
      deliver(liveQueueMessages(viewer, event, context));
    };
    // Subscribing and reading the backlog happen in one synchronous turn, so no event falls between.
    const unsubscribe = [
      queue.subscribe(sendQueue),
      hub.devices.onHealth((health: DeviceHealth) => {
        if (hears(viewer, 'device')) deliver([{ kind: 'device', health }]);
      }),
      hub.alerts.subscribe((alert: AlertView) => {
        if (hears(viewer, 'alert')) deliver([{ kind: 'alert', alert }]);
      }),
      queue.subscribeNotices((notice) => {
        if (hears(viewer, 'alert')) deliver([notice]);
      }),
      hub.onReader((message) => {
        if (hears(viewer, 'reader')) deliver([message]);
      }),
    ];
    send({ kind: 'hello', lastSeq: queue.lastSeq(), serviceDay: queue.serviceDay() });
    if (since > 0) {
      for (let page = queue.eventsSince(lastSent); page.length > 0; page = queue.eventsSince(lastSent)) page.forEach(sendQueue);
    } else {
      lastSent = queue.lastSeq();
    }
    socket.on('message', () => {
      // The live channel is one-way: nothing a connection sends is acted on. Commands go over HTTP,
      // where they are validated and authorised.
    });
    socket.on('close', () => {
      ended = true;
      connections.delete(connection);
      for (const stop of unsubscribe) stop();
    });
  });

  // ---- the screens: one React app, a route per face ----------------------------------------

  const built = existsSync(join(rendererDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: rendererDir, prefix: '/', wildcard: false, index: false });
  }
  const sendScreen = (response: FastifyReply) => {
    if (!built) {
      return response
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The Front Door screens have not been built. Run "npm run build:web" (npm start does it for you) and reload.');
    }
    return response.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/', (_request, response) => response.redirect('/kiosk'));
  for (const screen of screens) app.get(`/${screen}`, (_request, response) => sendScreen(response));

  return app;
}
