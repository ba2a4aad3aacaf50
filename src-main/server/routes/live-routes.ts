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
import { callerAddressOf, isSameOrigin } from '../security';
import type { SurfaceOptions } from './surface';

/** How often live connections are checked for a session that idled out or expired meanwhile. */
const sessionSweepMs = 30_000;
/** Events read and sent per step of a catch-up; steps of all connections share one slice per turn. */
const catchUpPageSize = 100;
/** Connections one step of a live event's fan-out sends it to. */
const fanOutChunk = 200;

type LiveConnection = {
  sessionHash: string | null;
  /** The enrolled kiosk this connection is, if it is one: revoking it closes the connection. */
  kioskId: string | null;
  check: () => boolean;
  end: (reason: SessionEndReason) => void;
  revoked: () => void;
  /** Pings, or closes the connection when the last ping went unanswered. */
  heartbeat: () => void;
};

/** The close code of a connection whose kiosk was revoked: it hears nothing more. */
const kioskRevokedCloseCode = 4403;

function addressOf(request: FastifyRequest): string {
  return callerAddressOf(request).replace(/^::ffff:/, '');
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
  const slices = new SliceScheduler((err) => app.log.error({ err }, 'live slice failed'));
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
  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, limits.heartbeatMs);
  heartbeat.unref();
  const context = { display, ticketsOfVisit: (visitId: string) => queue.ticketsOfVisit(visitId) };
  // Every display hears an event alike, and so does every console: it is serialised once for all
  // of them, not once per connection (a partner's view is their own).
  const lastSerialised = new Map<'staff' | 'anonymous', { seq: number; frames: Buffer[] }>();
  const framesFor = (viewer: Viewer, event: QueueEvent): Buffer[] => {
    const shared = viewer.kind === 'partner' ? null : viewer.kind;
    const hit = shared ? lastSerialised.get(shared) : undefined;
    if (hit?.seq === event.seq) return hit.frames;
    const frames = liveQueueMessages(viewer, event, context).map((message) => Buffer.from(JSON.stringify(message)));
    if (shared) lastSerialised.set(shared, { seq: event.seq, frames });
    return frames;
  };
  // Queue events reach connections a slice at a time, in commit order, after the change's own reply:
  // a call heard by 2,000 displays does not hold up the desk that made it, nor the next desk's call.
  const queueListeners = new Set<(event: QueueEvent) => void>();
  const fanOut: { event: QueueEvent; to: ((event: QueueEvent) => void)[]; next: number }[] = [];
  const fanOutStep = (): boolean => {
    const head = fanOut[0];
    if (!head) return true;
    for (const end = Math.min(head.to.length, head.next + fanOutChunk); head.next < end; head.next += 1) {
      try {
        head.to[head.next]!(head.event);
      } catch (err) {
        app.log.error({ err, seq: head.event.seq }, 'live delivery failed');
      }
    }
    if (head.next >= head.to.length) fanOut.shift();
    return fanOut.length === 0;
  };
  const stopQueue = queue.subscribe((event) => {
    if (queueListeners.size === 0) return;
    fanOut.push({ event, to: [...queueListeners], next: 0 });
    if (fanOut.length === 1) slices.add(fanOutStep);
  });
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    clearInterval(heartbeat);
    slices.clear();
    fanOut.length = 0;
    stopQueue();
    stopListening();
    stopRevocations();
  });

  const releases = new WeakMap<FastifyRequest, () => void>();
  const admit = async (request: FastifyRequest) => {
    if (!request.ws) return;
    const address = addressOf(request);
    const admitted = admission.admit(address);
    if (!admitted.ok) {
      request.log.warn({ address, code: admitted.error.code, open: admission.open }, 'live connection refused');
      throw admitted.error;
    }
    // However the connection ends (or the upgrade fails), its socket closes and the slot is free.
    // (An injected request's socket may be a plain object: the WebSocket's own close releases it too.)
    const raw = request.raw.socket as Partial<Pick<typeof request.raw.socket, 'once'>> | undefined;
    if (typeof raw?.once === 'function') raw.once('close', admitted.release);
    releases.set(request, admitted.release);
  };

  app.get(endpoint.path, { websocket: true, config: { endpoint }, preValidation: admit }, (socket, request) => {
    const { since } = parseWith(endpoint.query, request.query, 'query');
    // A page of another origin gets the display board's view, whatever cookies its browser holds.
    const sameOrigin = isSameOrigin(request);
    const session = sameOrigin ? request.auth.session : null;
    const viewer: Viewer = sameOrigin ? request.auth.viewer : { kind: 'anonymous', kiosk: false };
    const address = addressOf(request);
    let lastSent = since;
    let ended = false;
    let answeredPing = true;
    /** Live events that arrive while a catch-up is being sent: they go out after it, in order. */
    let heldBehindReplay: QueueEvent[] | null = null;

    const send = (message: ServerMessage | Buffer) => {
      if (ended || socket.readyState !== socket.OPEN) return;
      // A Buffer is a message serialised already; it goes out as text like the others.
      socket.send(Buffer.isBuffer(message) ? message : JSON.stringify(message), { binary: false });
      // A screen that does not read (or an attacker) must not hold the hub's memory: past the limit
      // it is closed, and a screen that is merely slow reconnects and catches up.
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        ended = true;
        request.log.warn({ reason: 'too-slow', address, bufferedBytes: socket.bufferedAmount }, 'live connection closed');
        socket.close(liveCloseCodes.tooSlow, 'too slow');
      }
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
    const deliver = (messages: (ServerMessage | Buffer)[]) => {
      if (messages.length === 0 || !connection.check()) return;
      for (const message of messages) send(message);
    };
    const sendQueue = (event: QueueEvent) => {
      if (event.seq <= lastSent) return;
      lastSent = event.seq;
      deliver(framesFor(viewer, event));
    };
    // Subscribing and planning the catch-up happen in one synchronous turn, so no event falls between:
    // an event committed before is in the catch-up (or at or below lastSent), one after reaches this
    // connection through the fan-out.
    const onQueueEvent = (event: QueueEvent) => {
      if (ended) return;
      if (heldBehindReplay) heldBehindReplay.push(event);
      else sendQueue(event);
    };
    queueListeners.add(onQueueEvent);
    const unsubscribe = [
      () => queueListeners.delete(onQueueEvent),
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
        slices.add(() => {
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
      releases.get(request)?.();
      ended = true;
      heldBehindReplay = null;
      connections.delete(connection);
      for (const stop of unsubscribe) stop();
    });
  });
}
