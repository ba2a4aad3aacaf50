import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  addStopRequest,
  callNextRequest,
  checkInRequest,
  finishRequest,
  identifyRequest,
  routes,
  ticketActionRequest,
  transferRequest,
  type AlertView,
  type CheckInResponse,
  type IdentifyResponse,
  type ServerMessage,
} from '../../src-shared/api/contract';
import type { DeviceHealth } from '../../src-shared/devices/types';
import { HubError } from '../errors';
import type { Hub } from '../hub';
import { registerDeviceRoutes } from './device-routes';
import { parseWith } from './validate';

export const screens = ['kiosk', 'reception', 'partner', 'display', 'manager'] as const;

const parse = parseWith;

const ticketParams = z.object({ ticketId: z.string().min(1).max(64) });
const serviceParams = z.object({ serviceId: z.string().min(1).max(48) });
const visitParams = z.object({ visitId: z.string().min(1).max(64) });
const sinceQuery = z.object({ since: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) });

export type ServerOptions = {
  hub: Hub;
  logger: Logger;
  /** Folder of the built screens (vite output). */
  rendererDir: string;
};

/** The hub's HTTP and WebSocket face: every route validated against the shared contract. */
export async function buildServer({ hub, logger, rendererDir }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: 256 * 1024, logController: new LogController({ disableRequestLogging: true }) });

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

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  const { queue } = hub;

  app.get(routes.health, async () => ({ ok: true, hubId: hub.config.hub.id, lastSeq: queue.lastSeq(), outboxBacklog: hub.outbox.backlog() }));
  app.get(routes.hub, async () => hub.describe());

  app.post(routes.identify, async (request): Promise<IdentifyResponse> => hub.identify(parse(identifyRequest, request.body, 'body')));

  app.post(routes.checkIns, async (request, reply): Promise<CheckInResponse> => {
    const command = parse(checkInRequest, request.body, 'body');
    const result = await hub.checkIn(command);
    reply.status(result.replayed ? 200 : 201);
    return result;
  });

  app.get(routes.queue, async () => queue.snapshot());
  app.get(routes.events, async (request) => {
    const { since, limit } = parse(sinceQuery, request.query, 'query');
    return { events: queue.eventsSince(since, limit), lastSeq: queue.lastSeq() };
  });
  registerDeviceRoutes(app, hub);
  app.get('/api/alerts', async () => ({ alerts: hub.alerts.list() }));

  app.post(routes.callNext(':serviceId'), async (request) => {
    const { serviceId } = parse(serviceParams, request.params, 'params');
    const body = parse(callNextRequest, request.body, 'body');
    return { ticket: queue.callNext(serviceId, body.desk, body.staffId ?? null) };
  });

  const ticketRoute = (
    action: string,
    handle: (ticketId: string, request: FastifyRequest) => unknown,
  ) =>
    app.post(`/api/tickets/:ticketId/${action}`, async (request) => {
      const { ticketId } = parse(ticketParams, request.params, 'params');
      return handle(ticketId, request);
    });

  ticketRoute('recall', (id, r) => {
    const b = parse(ticketActionRequest, r.body, 'body');
    return { ticket: queue.recall(id, b.desk ?? null, b.staffId ?? null) };
  });
  ticketRoute('no-show', (id, r) => ({ ticket: queue.noShow(id, parse(ticketActionRequest, r.body, 'body').staffId ?? null) }));
  ticketRoute('start', (id, r) => {
    const b = parse(ticketActionRequest, r.body, 'body');
    return { ticket: queue.start(id, b.desk ?? null, b.staffId ?? null) };
  });
  ticketRoute('finish', (id, r) => {
    const b = parse(finishRequest, r.body, 'body');
    return { ticket: queue.finish(id, { kind: b.outcome, referredTo: b.referredTo, note: b.note }, b.staffId ?? null) };
  });
  ticketRoute('transfer', (id, r) => {
    const b = parse(transferRequest, r.body, 'body');
    const { from, to } = queue.transfer(id, b.toServiceId, b.staffId ?? null);
    return { ticket: from, newTicket: to };
  });
  ticketRoute('cancel', (id, r) => ({ ticket: queue.cancel(id, parse(ticketActionRequest, r.body, 'body').staffId ?? null) }));

  app.post(routes.addStop(':visitId'), async (request) => {
    const { visitId } = parse(visitParams, request.params, 'params');
    const body = parse(addStopRequest, request.body, 'body');
    return { ticket: queue.addStop(visitId, body.serviceId, body.staffId ?? null) };
  });

  // Live events. A screen passes ?since=<lastSeq> when it reconnects and gets exactly what it missed:
  // replay and live events are both sent in seq order, and nothing at or below the last sent seq twice.
  app.get(routes.live, { websocket: true }, (socket, request) => {
    const { since } = parse(sinceQuery.pick({ since: true }), request.query, 'query');
    let lastSent = since;
    const send = (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const sendQueue = (event: Parameters<Parameters<typeof queue.subscribe>[0]>[0]) => {
      if (event.seq <= lastSent) return;
      lastSent = event.seq;
      send({ kind: 'queue', event });
    };
    // Subscribing and reading the backlog happen in one synchronous turn, so no event falls between.
    const unsubscribeQueue = queue.subscribe(sendQueue);
    const unsubscribeDevices = hub.devices.onHealth((health: DeviceHealth) => send({ kind: 'device', health }));
    const unsubscribeAlerts = hub.alerts.subscribe((alert: AlertView) => send({ kind: 'alert', alert }));
    const unsubscribeReader = hub.onReader((message) => send(message));
    send({ kind: 'hello', lastSeq: queue.lastSeq(), serviceDay: queue.serviceDay() });
    if (since > 0) {
      for (let page = queue.eventsSince(lastSent); page.length > 0; page = queue.eventsSince(lastSent)) page.forEach(sendQueue);
    } else {
      lastSent = queue.lastSeq();
    }
    socket.on('message', () => {
      // The live channel is one-way; commands go over HTTP where they are validated and authorised.
    });
    socket.on('close', () => {
      unsubscribeQueue();
      unsubscribeDevices();
      unsubscribeAlerts();
      unsubscribeReader();
    });
  });

  // The screens: one React app, a route per face.
  const built = existsSync(join(rendererDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: rendererDir, prefix: '/', wildcard: false, index: false });
  }
  const sendScreen = (reply: FastifyReply) => {
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The Front Door screens have not been built. Run "npm run build:web" (npm start does it for you) and reload.');
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/', (_request, reply) => reply.redirect('/kiosk'));
  for (const screen of screens) app.get(`/${screen}`, (_request, reply) => sendScreen(reply));

  return app;
}
