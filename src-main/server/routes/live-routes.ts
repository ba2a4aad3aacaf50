import type { FastifyInstance } from 'fastify';
import type { AlertView, QueueEvent, ServerMessage } from '../../../src-shared/api/contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { DeviceHealth } from '../../../src-shared/devices/types';
import type { Viewer } from '../../auth/access';
import type { SessionEndReason } from '../../auth/auth-service';
import { hears, liveQueueMessages } from '../../auth/live-view';
import { parseWith } from '../validate';
import { isSameOrigin } from '../security';
import type { SurfaceOptions } from './surface';

/** How often live connections are checked for a session that idled out or expired meanwhile. */
const sessionSweepMs = 30_000;

type LiveConnection = {
  sessionHash: string | null;
  /** The enrolled kiosk this connection is, if it is one: revoking it closes the connection. */
  kioskId: string | null;
  check: () => boolean;
  end: (reason: SessionEndReason) => void;
  revoked: () => void;
};

/** The close code of a connection whose kiosk was revoked: it hears nothing more. */
const kioskRevokedCloseCode = 4403;

/**
 * The live channel. A screen passes ?since=<lastSeq> when it reconnects and gets exactly what it
 * missed: replay and live events are both sent in seq order, and nothing at or below the last sent
 * seq twice. What each connection hears depends on who it is (see auth/live-view.ts).
 */
export async function liveRoutes(app: FastifyInstance, { hub, auth }: SurfaceOptions): Promise<void> {
  const { queue } = hub;
  const display = hub.config.hub.display;
  const endpoint = endpoints.live;
  const connections = new Set<LiveConnection>();
  const stopListening = auth.onSessionsEnded((hashes, reason) => {
    for (const connection of connections) if (connection.sessionHash && hashes.includes(connection.sessionHash)) connection.end(reason);
  });
  const stopRevocations = hub.kiosks.onRevoked((kioskId) => {
    for (const connection of connections) if (connection.kioskId === kioskId) connection.revoked();
  });
  // A console left open past its idle time is closed even when nothing happens in the queue.
  const sweep = setInterval(() => {
    for (const connection of connections) connection.check();
  }, sessionSweepMs);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    stopListening();
    stopRevocations();
  });

  app.get(endpoint.path, { websocket: true, config: { endpoint } }, (socket, request) => {
    const { since } = parseWith(endpoint.query, request.query, 'query');
    // A page of another origin gets the display board's view, whatever cookies its browser holds.
    const sameOrigin = isSameOrigin(request);
    const session = sameOrigin ? request.auth.session : null;
    const viewer: Viewer = sameOrigin ? request.auth.viewer : { kind: 'anonymous', kiosk: false };
    const context = { display, ticketsOfVisit: (visitId: string) => queue.ticketsOfVisit(visitId) };
    let lastSent = since;
    let ended = false;

    const send = (message: ServerMessage) => {
      if (!ended && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const kiosk = sameOrigin ? request.auth.kiosk : null;
    const connection: LiveConnection = {
      sessionHash: session?.idHash ?? null,
      kioskId: kiosk?.via === 'enrolled' ? kiosk.kiosk.id : null,
      revoked: () => {
        if (ended) return;
        ended = true;
        socket.close(kioskRevokedCloseCode, 'kiosk revoked');
      },
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
        // A new service day is for every screen; alert news only for those who hear alerts.
        if (notice.kind === 'day-changed' || hears(viewer, 'alert')) deliver([notice]);
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
}
