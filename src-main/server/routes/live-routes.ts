import type { FastifyInstance, FastifyRequest } from 'fastify';
import { liveCloseCodes, type AlertView, type QueueEvent, type ServerMessage } from '../../../src-shared/api/contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { DeviceHealth } from '../../../src-shared/devices/types';
import type { Viewer } from '../../auth/access';
import type { SessionEndReason } from '../../auth/auth-service';
import { catchUpScope, hears, liveQueueMessages } from '../../auth/live-view';
import { LiveAdmission } from '../live/admission';
import { planCatchUp } from '../live/catch-up';
import { SliceScheduler } from '../live/slice-scheduler';
import { parseWith } from '../validate';
import { isSameOrigin } from '../security';
import type { SurfaceOptions } from './surface';

/** How often live connections are checked for a session that idled out or expired meanwhile. */
const sessionSweepMs = 30_000;
/** Events read and sent per step of a catch-up; steps of all connections share one slice per turn. */
const catchUpPageSize = 100;

type LiveConnection = {
  sessionHash: string | null;
  check: () => boolean;
  end: (reason: SessionEndReason) => void;
  /** Pings, or closes the connection when the last ping went unanswered. */
  heartbeat: () => void;
};

function addressOf(request: FastifyRequest): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The live channel. A screen passes ?since=<lastSeq> when it reconnects and gets what it missed of
 * today: replay and live events are both sent in seq order, nothing at or below the last sent seq
 * twice, and live events that arrive during a replay wait behind it. The replay is sent a page at a
 * time between other work; a screen further behind than `server.live.catchUpMaxEvents`, or behind
 * since an earlier day, is told to reload its snapshot instead. What each connection hears depends
 * on who it is (see auth/live-view.ts).
 *
 * Limits (`server.live`): connections per address and in all (refused at the upgrade with 429 and
 * 503), a ping every `heartbeatMs` (no pong by the next one: closed), and a connection that lets
 * more than `maxBufferedBytes` wait unsent is closed with `liveCloseCodes.tooSlow`.
 */
export async function liveRoutes(app: FastifyInstance, { hub, auth }: SurfaceOptions): Promise<void> {
  const { queue } = hub;
  const display = hub.config.hub.display;
  const limits = hub.config.hub.server.live;
  const endpoint = endpoints.live;
  const connections = new Set<LiveConnection>();
  const admission = new LiveAdmission(limits);
  const catchUps = new SliceScheduler((err) => app.log.error({ err }, 'live catch-up failed'));
  const stopListening = auth.onSessionsEnded((hashes, reason) => {
    for (const connection of connections) if (connection.sessionHash && hashes.includes(connection.sessionHash)) connection.end(reason);
  });
  // A console left open past its idle time is closed even when nothing happens in the queue.
  const sweep = setInterval(() => {
    for (const connection of connections) connection.check();
  }, sessionSweepMs);
  sweep.unref();
  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, limits.heartbeatMs);
  heartbeat.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    clearInterval(heartbeat);
    catchUps.clear();
    stopListening();
  });

  const admit = async (request: FastifyRequest) => {
    if (!request.ws) return;
    const address = addressOf(request);
    const admitted = admission.admit(address);
    if (!admitted.ok) {
      request.log.warn({ address, code: admitted.error.code, open: admission.open }, 'live connection refused');
      throw admitted.error;
    }
    // However the connection ends (or the upgrade fails), its socket closes and the slot is free.
    request.raw.socket.once('close', admitted.release);
  };

  app.get(endpoint.path, { websocket: true, config: { endpoint }, preValidation: admit }, (socket, request) => {
    const { since } = parseWith(endpoint.query, request.query, 'query');
    // A page of another origin gets the display board's view, whatever cookies its browser holds.
    const sameOrigin = isSameOrigin(request);
    const session = sameOrigin ? request.auth.session : null;
    const viewer: Viewer = sameOrigin ? request.auth.viewer : { kind: 'anonymous', loopback: false };
    const context = { display, ticketsOfVisit: (visitId: string) => queue.ticketsOfVisit(visitId) };
    const address = addressOf(request);
    let lastSent = since;
    let ended = false;
    let answeredPing = true;
    /** Live events that arrive while a catch-up is being sent: they go out after it, in order. */
    let heldBehindReplay: QueueEvent[] | null = null;

    const send = (message: ServerMessage) => {
      if (ended || socket.readyState !== socket.OPEN) return;
      socket.send(JSON.stringify(message));
      // A screen that does not read (or an attacker) must not hold the hub's memory: past the limit
      // it is closed, and a screen that is merely slow reconnects and catches up.
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        ended = true;
        request.log.warn({ reason: 'too-slow', address, bufferedBytes: socket.bufferedAmount }, 'live connection closed');
        socket.close(liveCloseCodes.tooSlow, 'too slow');
      }
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
        socket.close(liveCloseCodes.signedOut, 'signed out');
      },
      heartbeat: () => {
        if (!answeredPing) {
          ended = true;
          request.log.info({ reason: 'no-pong', address }, 'live connection closed');
          socket.terminate();
          return;
        }
        answeredPing = false;
        socket.ping();
      },
    };
    socket.on('pong', () => (answeredPing = true));
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
    // Subscribing and planning the catch-up happen in one synchronous turn, so no event falls between.
    const unsubscribe = [
      queue.subscribe((event) => {
        if (heldBehindReplay) heldBehindReplay.push(event);
        else sendQueue(event);
      }),
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
    const plan = planCatchUp(queue, { since, only: catchUpScope(viewer), maxEvents: limits.catchUpMaxEvents });
    send({ kind: 'hello', lastSeq: plan.lastSeq, serviceDay: plan.serviceDay });
    switch (plan.kind) {
      case 'none':
        lastSent = plan.lastSent;
        break;
      case 'too-far-behind':
        lastSent = plan.lastSeq;
        send({ kind: 'reload', reason: 'too-far-behind', lastSeq: plan.lastSeq });
        break;
      case 'replay': {
        if (plan.newDayAfter !== null) send({ kind: 'reload', reason: 'new-day', lastSeq: plan.newDayAfter });
        lastSent = plan.range.after;
        heldBehindReplay = [];
        let after = plan.range.after;
        const finish = () => {
          lastSent = Math.max(lastSent, plan.range.upTo);
          const held = heldBehindReplay ?? [];
          heldBehindReplay = null;
          held.forEach(sendQueue);
        };
        catchUps.add(() => {
          if (ended) return true;
          try {
            const page = queue.catchUpPage({ ...plan.range, after }, catchUpPageSize);
            page.forEach(sendQueue);
            after = page.at(-1)?.seq ?? plan.range.upTo;
            if (page.length === catchUpPageSize && after < plan.range.upTo) return false;
            finish();
          } catch (err) {
            request.log.error({ err, address }, 'live catch-up failed');
            ended = true;
            socket.close(1011, 'catch-up failed');
          }
          return true;
        });
        break;
      }
    }
    socket.on('message', () => {
      // The live channel is one-way: nothing a connection sends is acted on. Commands go over HTTP,
      // where they are validated and authorised.
    });
    socket.on('close', () => {
      ended = true;
      heldBehindReplay = null;
      connections.delete(connection);
      for (const stop of unsubscribe) stop();
    });
  });
}
