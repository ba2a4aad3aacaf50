import { useEffect, useReducer, useRef } from 'react';
import {
  type AlertView,
  type DeviceHealthView,
  type QueueEvent,
  type QueueSnapshot,
  type ServerMessage,
  type ServiceQueueView,
  type SessionEndReason,
  type TicketView,
} from '../../src-shared/api/contract';
import { serviceDayOf } from '../../src-shared/time';
import { endpoints } from '../../src-shared/api/endpoints';
import type { UnreadableMessage } from '../../src-shared/api/live-message';
import { ApiRequestError, call } from '../api/client';
import { connectLive, type LiveState } from '../api/live';

export type { DeviceHealthView, SessionEndReason };
export type ServiceEstimate = Omit<ServiceQueueView, 'serviceId' | 'tickets'>;

export type LiveQueue = {
  state: LiveState;
  /** The first snapshot has arrived. */
  ready: boolean;
  /** Why the queue could not be loaded (e.g. 401 without a session), if it could not. */
  error: ApiRequestError | null;
  serviceDay: string | null;
  /** Open tickets (waiting, called, being seen) this screen may see, by id. */
  tickets: Map<string, TicketView>;
  /** The hub's estimates per service as of the last snapshot. */
  estimates: Map<string, ServiceEstimate>;
  /** Today's most recent calls, newest first. */
  lastCalled: TicketView[];
  alerts: AlertView[];
  devices: Map<string, DeviceHealthView>;
  /**
   * The first live message this screen could not read, if one came: it may have missed a change,
   * so it must be reloaded (the screen says so) rather than go on as if up to date.
   */
  unreadable: UnreadableMessage | null;
};

export type LiveQueueOptions = {
  recentCalls?: number;
  /** Also load the open alerts and device health (reception). */
  withAlerts?: boolean;
  /** The hub's time zone: keeps yesterday's alerts and calls off today's screen. */
  timeZone?: string;
  /**
   * Ask the live channel to replay this many events from before the snapshot, for their calls: a
   * display that (re)starts shows today's last calls at once, even though it may not read tickets.
   */
  replayEvents?: number;
  /**
   * Hears each queue event that arrives over the live channel. `fresh` is false for the events a
   * display asked to see again from before its snapshot (they are history, not news).
   */
  onEvent?: (event: QueueEvent, fresh: boolean) => void;
  /** The hub ended this screen's session (it closes the live channel next). */
  onSignedOut?: (reason: SessionEndReason) => void;
};

const activeStatuses = new Set(['waiting', 'called', 'serving']);
const BUFFERED_EVENTS = 500;

type Model = LiveQueue & {
  /** Sequence number of the last queue event reflected in `tickets`. */
  appliedSeq: number;
  /** Recent events, re-applied over a snapshot that was read before they committed. */
  recent: QueueEvent[];
  recentCalls: number;
  timeZone: string | undefined;
};

type Action =
  | { type: 'snapshot'; snapshot: QueueSnapshot; alerts?: AlertView[]; devices?: DeviceHealthView[] }
  | { type: 'event'; event: QueueEvent }
  | { type: 'ticket'; seq: number; ticket: TicketView }
  | { type: 'alert'; alert: AlertView }
  | { type: 'alert-acknowledged'; alertId: string }
  | { type: 'alert-resolved'; alertId: string }
  | { type: 'device'; health: DeviceHealthView }
  | { type: 'state'; state: LiveState }
  | { type: 'error'; error: ApiRequestError }
  | { type: 'unreadable'; problem: UnreadableMessage };

function initialModel(options: { recentCalls: number; timeZone: string | undefined }): Model {
  return {
    state: 'connecting',
    ready: false,
    error: null,
    serviceDay: null,
    tickets: new Map(),
    estimates: new Map(),
    lastCalled: [],
    alerts: [],
    devices: new Map(),
    unreadable: null,
    appliedSeq: 0,
    recent: [],
    recentCalls: options.recentCalls,
    timeZone: options.timeZone,
  };
}

/**
 * A visitor called or seen by one service shows as "with another partner" in their other queues.
 * The hub works this out for the ticket an event is about (and sends partners their own tickets'
 * new view); the visit's other tickets on this screen are brought up to date here.
 */
function refreshSiblings(tickets: Map<string, TicketView>, changed: TicketView): void {
  const siblings = [...tickets.values()].filter((t) => t.visitId === changed.visitId && t.id !== changed.id);
  for (const other of siblings) {
    const busyElsewhere =
      (changed.status === 'called' || changed.status === 'serving' ? changed.serviceId : null) ??
      siblings.find((s) => s.id !== other.id && (s.status === 'called' || s.status === 'serving'))?.serviceId ??
      null;
    if (other.withAnotherService !== busyElsewhere) tickets.set(other.id, { ...other, withAnotherService: busyElsewhere });
  }
}

const byLatestCall = (a: TicketView, b: TicketView) => (b.calledAt ?? '').localeCompare(a.calledAt ?? '');

function isToday(model: Model, at: string): boolean {
  return !model.timeZone || !model.serviceDay || serviceDayOf(new Date(at), model.timeZone) === model.serviceDay;
}

/** The recent calls after this event: a call or recall goes in (newest first), a no-show or cancel comes out. */
function callsAfter(model: Model, event: QueueEvent): TicketView[] {
  const { ticket, type } = event;
  const others = model.lastCalled.filter((t) => t.id !== ticket.id);
  if ((type === 'called' || type === 'recalled') && isToday(model, event.at)) return [...others, ticket].sort(byLatestCall).slice(0, model.recentCalls);
  if (type === 'no-show' || type === 'cancelled' || type === 'no-show-undone') return others;
  return model.lastCalled.map((t) => (t.id === ticket.id && ticket.calledAt ? ticket : t));
}

function upsert(tickets: Map<string, TicketView>, ticket: TicketView): void {
  if (activeStatuses.has(ticket.status)) tickets.set(ticket.id, ticket);
  else tickets.delete(ticket.id);
}

function reduce(model: Model, action: Action): Model {
  switch (action.type) {
    case 'snapshot': {
      const { snapshot } = action;
      const tickets = new Map<string, TicketView>();
      const estimates = new Map<string, ServiceEstimate>();
      for (const service of snapshot.services) {
        estimates.set(service.serviceId, {
          waiting: service.waiting,
          estimatedWaitMinutes: service.estimatedWaitMinutes,
          averageServiceMinutes: service.averageServiceMinutes,
        });
        for (const t of service.tickets) tickets.set(t.id, t);
      }
      const sameDay = model.serviceDay === snapshot.serviceDay;
      const fromSnapshot = [...tickets.values()].filter((t) => t.calledAt !== null && (t.status === 'called' || t.status === 'serving'));
      const kept = sameDay ? model.lastCalled.filter((t) => !tickets.has(t.id)) : [];
      let next: Model = {
        ...model,
        ready: true,
        error: null,
        serviceDay: snapshot.serviceDay,
        tickets,
        estimates,
        lastCalled: [...fromSnapshot, ...kept].sort(byLatestCall).slice(0, model.recentCalls),
        appliedSeq: snapshot.lastSeq,
      };
      // A crisis or safeguarding alert stays until acknowledged, from whatever day; the rest are today's.
      if (action.alerts) next.alerts = action.alerts.filter((a) => a.kind === 'flag' || isToday(next, a.at)).sort((a, b) => b.at.localeCompare(a.at));
      if (action.devices) next.devices = new Map(action.devices.map((d) => [d.id, d]));
      // Events that committed after the snapshot was read but arrived before it: apply them again.
      for (const event of model.recent) if (event.seq > next.appliedSeq) next = reduce(next, { type: 'event', event });
      return next;
    }
    case 'event': {
      const { event } = action;
      const recent = [...model.recent, event].slice(-BUFFERED_EVENTS);
      if (!model.ready) return { ...model, recent };
      // Older than the snapshot (a replay asked for by a display): its call counts, its ticket is known.
      if (event.seq <= model.appliedSeq) return { ...model, recent, lastCalled: callsAfter(model, event) };
      const tickets = new Map(model.tickets);
      upsert(tickets, event.ticket);
      refreshSiblings(tickets, event.ticket);
      return { ...model, tickets, lastCalled: callsAfter(model, event), recent, appliedSeq: event.seq };
    }
    case 'ticket': {
      if (!model.ready || action.seq < model.appliedSeq) return model;
      const tickets = new Map(model.tickets);
      upsert(tickets, action.ticket);
      return { ...model, tickets, appliedSeq: action.seq };
    }
    case 'alert':
      // A repeat folded into an open alert comes again with its new count: it replaces the old one.
      if (model.alerts.some((a) => a.id === action.alert.id)) return { ...model, alerts: model.alerts.map((a) => (a.id === action.alert.id ? action.alert : a)) };
      return { ...model, alerts: [action.alert, ...model.alerts].slice(0, 100) };
    case 'alert-acknowledged':
    case 'alert-resolved':
      return { ...model, alerts: model.alerts.filter((a) => a.id !== action.alertId) };
    case 'device': {
      const devices = new Map(model.devices);
      devices.set(action.health.id, action.health);
      return { ...model, devices };
    }
    case 'state':
      return { ...model, state: action.state };
    case 'error':
      return { ...model, error: action.error };
    case 'unreadable':
      return model.unreadable ? model : { ...model, unreadable: action.problem };
  }
}

/**
 * The live queue: a snapshot, then every event after it over the live channel, caught up again
 * after a reconnect (api/live.ts asks for everything after the last event it saw). What a screen
 * receives is what the hub lets its session see.
 */
export function useLiveQueue(options: LiveQueueOptions = {}): LiveQueue {
  const recentCalls = options.recentCalls ?? 5;
  const withAlerts = options.withAlerts ?? false;
  const timeZone = options.timeZone;
  const replayEvents = options.replayEvents ?? 0;
  const [model, dispatch] = useReducer(reduce, { recentCalls, timeZone }, initialModel);
  const listeners = useRef({ onEvent: options.onEvent, onSignedOut: options.onSignedOut });
  useEffect(() => {
    listeners.current = { onEvent: options.onEvent, onSignedOut: options.onSignedOut };
  });

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let loadedDay: string | null = null;
    let loadedSeq = 0;
    let attempt = 0;

    let loading: Promise<QueueSnapshot | null> | null = null;
    /** Reads the snapshot again; asks made while one is on its way share it. */
    const reload = () => {
      loading ??= load().finally(() => (loading = null));
    };

    const load = async (): Promise<QueueSnapshot | null> => {
      try {
        const [snapshot, alerts, devices] = await Promise.all([
          call(endpoints.queue, {}),
          withAlerts ? call(endpoints.alerts, {}).then((r) => r.alerts, () => []) : Promise.resolve(undefined),
          withAlerts ? call(endpoints.devices, {}).then((r) => r.devices, () => []) : Promise.resolve(undefined),
        ]);
        if (cancelled) return null;
        loadedDay = snapshot.serviceDay;
        loadedSeq = snapshot.lastSeq;
        attempt = 0;
        dispatch({ type: 'snapshot', snapshot, ...(alerts ? { alerts } : {}), ...(devices ? { devices } : {}) });
        return snapshot;
      } catch (error) {
        if (cancelled) return null;
        if (error instanceof ApiRequestError) dispatch({ type: 'error', error });
        dispatch({ type: 'state', state: 'reconnecting' });
        // 401/403: the screen's sign-in takes over; anything else: try again with backoff.
        if (!(error instanceof ApiRequestError && (error.status === 401 || error.status === 403))) {
          attempt += 1;
          retry = setTimeout(() => void start(), Math.min(10_000, 500 * 2 ** attempt));
        }
        return null;
      }
    };

    const onMessage = (message: ServerMessage) => {
      switch (message.kind) {
        case 'hello':
          // A new service day, or a snapshot taken from an empty hub (the live channel cannot catch
          // up from "0"): read the queue again rather than guess.
          if ((loadedDay !== null && message.serviceDay !== loadedDay) || (loadedSeq === 0 && message.lastSeq > 0)) reload();
          break;
        case 'reload':
          // Too far behind to catch up event by event, or behind since an earlier day: the hub
          // sends no history, so the snapshot is read again; live events follow as usual.
          reload();
          break;
        case 'queue':
          dispatch({ type: 'event', event: message.event });
          listeners.current.onEvent?.(message.event, message.event.seq > loadedSeq);
          break;
        case 'ticket':
          dispatch({ type: 'ticket', seq: message.seq, ticket: message.ticket });
          break;
        case 'alert':
          if (withAlerts) dispatch({ type: 'alert', alert: message.alert });
          break;
        case 'alert-acknowledged':
          dispatch({ type: 'alert-acknowledged', alertId: message.acknowledgement.alertId });
          break;
        case 'alert-resolved':
          dispatch({ type: 'alert-resolved', alertId: message.alertId });
          break;
        case 'day-changed':
          // Midnight in the hub's zone: yesterday's tickets were closed; read the new day's queue.
          if (message.serviceDay !== loadedDay) void load();
          break;
        case 'device':
          if (withAlerts) dispatch({ type: 'device', health: message.health });
          break;
        case 'signed-out':
          listeners.current.onSignedOut?.(message.reason);
          break;
        case 'reader':
          break;
      }
    };

    const start = async () => {
      const snapshot = await load();
      if (!snapshot || cancelled) return;
      // Event 1 is always a check-in, never a call, so replaying from 1 misses no call.
      const since = replayEvents > 0 ? Math.max(1, snapshot.lastSeq - replayEvents) : snapshot.lastSeq;
      stop = connectLive({
        since: Math.min(since, snapshot.lastSeq),
        onState: (state) => dispatch({ type: 'state', state }),
        onUnreadable: (problem) => dispatch({ type: 'unreadable', problem }),
        onMessage,
      });
    };
    void start();
    return () => {
      cancelled = true;
      clearTimeout(retry);
      stop?.();
    };
  }, [withAlerts, replayEvents]);

  return model;
}
