import { undoNoShowMinutes, type OutcomeKind, type QueueEvent, type QueueEventType, type TicketStatus, type TicketView } from '../../src-shared/api/contract';
import { referralTargetsOf } from '../../src-shared/config/schema';
import type { TicketEventDetail } from '../../src-shared/sync/events';
import type { AuditLog } from '../auth/audit-log';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';
import type { EventWriter } from './event-writer';
import type { QueueListeners } from './listeners';
import type { QueueContext } from './queue-context';
import type { QueueReads } from './reads';
import { command, query } from './statements';
import type { VisitRows } from './visit-rows';
import type { Waits } from './waits';

/** Why the hub itself closed a ticket rather than a member of staff. */
import type { ClosedReason } from '../../src-shared/sync/events';

export type { ClosedReason };

type Transition = { from: readonly TicketStatus[]; to: TicketStatus; event: QueueEventType; done: string };

export type TicketAction = 'call' | 'recall' | 'no-show' | 'start' | 'finish' | 'transfer' | 'cancel' | 'undo-no-show';

/**
 * Which status may follow which: each action names the statuses a ticket must be in, the status it
 * leaves the ticket in, and the event it writes. Anything else is an INVALID_TRANSITION.
 */
export const ticketTransitions: Readonly<Record<TicketAction, Transition>> = {
  call: { from: ['waiting'], to: 'called', event: 'called', done: 'called' },
  recall: { from: ['called'], to: 'called', event: 'recalled', done: 'recalled' },
  'no-show': { from: ['called'], to: 'no-show', event: 'no-show', done: 'marked as a no-show' },
  start: { from: ['called'], to: 'serving', event: 'started', done: 'started' },
  finish: { from: ['called', 'serving'], to: 'done', event: 'finished', done: 'finished' },
  transfer: { from: ['waiting', 'called', 'serving'], to: 'transferred', event: 'transferred', done: 'transferred' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled', event: 'cancelled', done: 'cancelled' },
  'undo-no-show': { from: ['no-show'], to: 'waiting', event: 'no-show-undone', done: 'put back in the queue' },
};

/** The actions that go through `transition`; call and undo-no-show have statements of their own. */
type SimpleAction = Exclude<TicketAction, 'call' | 'undo-no-show'>;

type TransitionOptions = {
  desk?: string | null;
  staffId?: string | null;
  calledAt?: boolean;
  startedAt?: boolean;
  startedAtIfMissing?: boolean;
  finishedAt?: boolean;
  recall?: number;
  /** Why the hub itself closed the ticket (the end of its service day); kept with the ticket and its visit's closing. */
  closedReason?: ClosedReason;
  /** Runs inside the transaction before the status changes; returns the event's detail. */
  during?: (ticket: TicketView, at: string) => TicketEventDetail | null;
  /** Runs inside the transaction after the event is written; returns further events. */
  after?: (at: string, staffId: string | null) => QueueEvent[];
};

type StatusChange = {
  id: string;
  from: TicketStatus;
  status: TicketStatus;
  desk: string | null;
  staffId: string | null;
  calledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recall: number;
  closedReason: ClosedReason | null;
};

function statements(db: HubDatabase) {
  return {
    // One statement picks and claims the next visitor, so two desks can never get the same one.
    // Visitors sent on to this desk or this member of staff come first within their priority.
    callNext: query<[{ serviceId: string; serviceDay: string; desk: string; staffId: string | null; at: string }], { id: string }>(
      db,
      `UPDATE tickets SET status = 'called', desk = @desk, staff_id = @staffId, called_at = @at
       WHERE id = (
         SELECT t.id FROM tickets t
         WHERE t.service_id = @serviceId AND t.service_day = @serviceDay AND t.status = 'waiting'
           AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.visit_id = t.visit_id AND o.id <> t.id AND o.status IN ('called', 'serving'))
         ORDER BY t.priority DESC, (coalesce(t.sent_to_desk = @desk, 0) OR coalesce(t.sent_to_staff_id = @staffId, 0)) DESC, t.queued_at, t.seq
         LIMIT 1)
       RETURNING id`,
    ),
    // A chosen visitor, out of turn: still only a waiting one who is not with another service.
    callChosen: query<[{ id: string; desk: string; staffId: string | null; at: string }], { id: string }>(
      db,
      `UPDATE tickets SET status = 'called', desk = @desk, staff_id = @staffId, called_at = @at
       WHERE id = @id AND status = 'waiting'
         AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.visit_id = tickets.visit_id AND o.id <> tickets.id AND o.status IN ('called', 'serving'))
       RETURNING id`,
    ),
    // How many were waiting ahead of a ticket in call order: what calling it out of turn passed over.
    aheadOf: query<[{ serviceId: string; serviceDay: string; priority: number; queuedAt: string; seq: number }], { n: number }>(
      db,
      `SELECT count(*) AS n FROM tickets t
       WHERE t.service_id = @serviceId AND t.service_day = @serviceDay AND t.status = 'waiting'
         AND (t.priority > @priority OR (t.priority = @priority AND (t.queued_at < @queuedAt OR (t.queued_at = @queuedAt AND t.seq < @seq))))`,
    ),
    sendTo: command<[{ id: string; desk: string | null; staffId: string | null }]>(db, `UPDATE tickets SET sent_to_desk = @desk, sent_to_staff_id = @staffId WHERE id = @id`),
    activeStaff: query<[id: string], { id: string; role: string; services: string }>(db, `SELECT id, role, services FROM staff WHERE id = ? AND disabled_at IS NULL`),
    setStatus: command<[StatusChange]>(
      db,
      `UPDATE tickets SET status = @status, desk = coalesce(@desk, desk), staff_id = coalesce(@staffId, staff_id),
         called_at = coalesce(@calledAt, called_at), started_at = coalesce(@startedAt, started_at),
         finished_at = coalesce(@finishedAt, finished_at), recall_count = recall_count + @recall,
         closed_reason = coalesce(@closedReason, closed_reason)
       WHERE id = @id AND status = @from`,
    ),
    insertOutcome: command<
      [
        ticketId: string,
        visitId: string,
        serviceId: string,
        kind: OutcomeKind,
        referredTo: string | null,
        referredToId: string | null,
        note: string | null,
        recordedAt: string,
        staffId: string | null,
      ]
    >(
      db,
      `INSERT INTO outcomes (ticket_id, visit_id, service_id, kind, referred_to, referred_to_id, note, recorded_at, staff_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    undoNoShow: command<[ticketId: string]>(
      db,
      `UPDATE tickets SET status = 'waiting', desk = NULL, staff_id = NULL, called_at = NULL, finished_at = NULL
       WHERE id = ? AND status = 'no-show'`,
    ),
  };
}

export type TransitionDeps = {
  ctx: QueueContext;
  audit: AuditLog;
  reads: QueueReads;
  writer: EventWriter;
  visits: VisitRows;
  waits: Waits;
  outbox: Outbox;
  listeners: QueueListeners;
};

/**
 * Calling, serving and moving visitors: every status change of a ticket. Each is one immediate
 * transaction with its event; a visit whose last open ticket closes is closed in the same one.
 */
export class TicketTransitions {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(private readonly deps: TransitionDeps) {
    this.stmt = statements(deps.ctx.db);
  }

  callNext(serviceId: string, desk: string, staffId: string | null): TicketView {
    const { ctx, writer, listeners } = this.deps;
    const service = ctx.requireService(serviceId);
    if (!service.desks.includes(desk)) {
      throw new HubError('UNKNOWN_DESK', `"${desk}" is not a desk of ${service.name.en}; its desks are ${service.desks.join(', ')}.`, {
        field: 'desk',
      });
    }
    const at = ctx.nowIso();
    const event = ctx.db
      .transaction(() => {
        const row = this.stmt.callNext.get({ serviceId, serviceDay: ctx.serviceDay(), desk, staffId, at });
        if (!row) return null;
        return writer.record(row.id, ticketTransitions.call.event, at, desk, staffId, null);
      })
      .immediate();
    if (!event) {
      throw new HubError('QUEUE_EMPTY', `Nobody is waiting for ${service.name.en} who can be called now.`, {
        details: { serviceId },
      });
    }
    listeners.publish([event]);
    return event.ticket;
  }

  /**
   * Calls a chosen waiting visitor to a desk, out of turn (a person with an appointment, someone
   * struggling to wait). The reason is kept in the audit log, not in the events that leave the hub.
   */
  callChosen(ticketId: string, desk: string, staffId: string | null, reason: string): TicketView {
    const { ctx, reads, writer, audit, listeners } = this.deps;
    const at = ctx.nowIso();
    const event = ctx.db
      .transaction(() => {
        const ticket = reads.ticket(ticketId);
        const service = ctx.requireService(ticket.serviceId);
        if (!service.desks.includes(desk)) {
          throw new HubError('UNKNOWN_DESK', `"${desk}" is not a desk of ${service.name.en}; its desks are ${service.desks.join(', ')}.`, { field: 'desk' });
        }
        if (ticket.status !== 'waiting') {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; only a waiting visitor can be called.`, { details: { status: ticket.status, action: 'call' } });
        }
        const row = reads.ticketRow(ticketId);
        const passedOver = this.stmt.aheadOf.one({ serviceId: ticket.serviceId, serviceDay: row.service_day, priority: ticket.priority, queuedAt: ticket.queuedAt, seq: row.seq }).n;
        if (!this.stmt.callChosen.get({ id: ticketId, desk, staffId, at })) {
          throw new HubError('INVALID_TRANSITION', `${ticket.number} is being seen by another service right now; call them when they are free.`, { details: { status: ticket.status } });
        }
        if (staffId) {
          audit.record({ at, staffId, action: 'ticket.called-out-of-turn', subjectType: 'ticket', subjectId: ticketId, detail: { number: ticket.number, serviceId: ticket.serviceId, desk, reason, passedOver } });
        }
        return writer.record(ticketId, ticketTransitions.call.event, at, desk, staffId, { outOfTurn: true, passedOver });
      })
      .immediate();
    listeners.publish([event]);
    return event.ticket;
  }

  recall(ticketId: string, desk: string | null, staffId: string | null): TicketView {
    return this.transition(ticketId, 'recall', { desk, staffId, calledAt: true, recall: 1 });
  }

  noShow(ticketId: string, staffId: string | null): TicketView {
    const { ctx, reads } = this.deps;
    const ticket = reads.ticket(ticketId);
    if (ticket.status === 'called' && ticket.calledAt) {
      const graceMs = ctx.hub.queue.noShowGraceMinutes * 60_000;
      const waitedMs = ctx.now().getTime() - Date.parse(ticket.calledAt);
      if (waitedMs < graceMs) {
        const seconds = Math.ceil((graceMs - waitedMs) / 1000);
        // In minutes once there is more than one: "297 more seconds" has to be worked out by whoever reads it.
        const wait = seconds <= 60 ? `${seconds} more ${seconds === 1 ? 'second' : 'seconds'}` : `about ${Math.ceil(seconds / 60)} more minutes`;
        throw new HubError('NO_SHOW_TOO_EARLY', `Give ${ticket.number} ${wait} to arrive before marking a no-show.`, {
          details: { secondsLeft: seconds, number: ticket.number },
        });
      }
    }
    return this.transition(ticketId, 'no-show', { staffId, finishedAt: true });
  }

  start(ticketId: string, desk: string | null, staffId: string | null): TicketView {
    return this.transition(ticketId, 'start', { desk, staffId, startedAt: true });
  }

  finish(
    ticketId: string,
    outcome: { kind: OutcomeKind; referredTo?: string | undefined; referredToId?: string | undefined; note?: string | undefined },
    staffId: string | null,
    closedReason?: ClosedReason,
  ): TicketView {
    const { ctx, outbox } = this.deps;
    return this.transition(ticketId, 'finish', {
      staffId,
      finishedAt: true,
      ...(closedReason ? { closedReason } : {}),
      // A visitor finished straight from "called" was seen without pressing start.
      startedAtIfMissing: true,
      during: (ticket, at) => {
        if (outcome.note && !ctx.requireService(ticket.serviceId).notesAllowed) {
          throw new HubError('VALIDATION_FAILED', 'This service keeps no notes with outcomes; leave the note empty.', { field: 'note' });
        }
        const referredToId = outcome.referredToId ?? null;
        if (referredToId !== null && !referralTargetsOf(ctx.hub).some((t) => t.id === referredToId)) {
          throw new HubError('VALIDATION_FAILED', `"${referredToId}" is not a partner or organisation this hub knows.`, { field: 'referredToId' });
        }
        this.stmt.insertOutcome.run(ticket.id, ticket.visitId, ticket.serviceId, outcome.kind, outcome.referredTo ?? null, referredToId, outcome.note ?? null, at, staffId);
        // Upstream hears the receiver's id only; the free text and the note stay on the hub.
        outbox.add({
          type: 'outcome.recorded',
          occurredAt: at,
          payload: {
            ticketId: ticket.id,
            visitId: ticket.visitId,
            serviceId: ticket.serviceId,
            kind: outcome.kind,
            referredTo: referredToId,
            ...(closedReason ? { reason: closedReason } : {}),
          },
        });
        return { outcome: outcome.kind, ...(closedReason ? { reason: closedReason } : {}) };
      },
    });
  }

  cancel(ticketId: string, staffId: string | null, closedReason?: ClosedReason): TicketView {
    return this.transition(ticketId, 'cancel', {
      staffId,
      finishedAt: true,
      ...(closedReason ? { closedReason, during: () => ({ reason: closedReason }) } : {}),
    });
  }

  /**
   * Moves a visitor to another service's queue, keeping their place by arrival time. With
   * `joinExisting`, a visitor already waiting there keeps that ticket (no second one), so the
   * caller's answer can be the same either way; without it, that is an INVALID_TRANSITION.
   */
  transfer(
    ticketId: string,
    toServiceId: string,
    staffId: string | null,
    options: { joinExisting?: boolean; toDesk?: string | undefined; toStaffId?: string | undefined } = {},
  ): { from: TicketView; to: TicketView } {
    const { ctx, reads, writer, visits } = this.deps;
    const toService = ctx.requireService(toServiceId);
    const toDesk = options.toDesk ?? null;
    const toStaffId = options.toStaffId ?? null;
    if (toDesk !== null && !toService.desks.includes(toDesk)) {
      throw new HubError('UNKNOWN_DESK', `"${toDesk}" is not a desk of ${toService.name.en}; its desks are ${toService.desks.join(', ')}.`, { field: 'toDesk' });
    }
    if (toStaffId !== null) {
      const staff = this.stmt.activeStaff.get(toStaffId);
      const services = staff ? (JSON.parse(staff.services) as unknown) : [];
      // A partner account sees only its own services' queues: sending a visitor to one who cannot see them would strand them.
      if (!staff || (staff.role === 'partner' && !(Array.isArray(services) && services.includes(toServiceId)))) {
        throw new HubError('VALIDATION_FAILED', `That member of staff does not see ${toService.name.en}'s queue.`, { field: 'toStaffId' });
      }
    }
    const sendTo = (id: string) => {
      if (toDesk !== null || toStaffId !== null) this.stmt.sendTo.run({ id, desk: toDesk, staffId: toStaffId });
    };
    let toTicketId = '';
    let joined = false;
    const from = this.transition(ticketId, 'transfer', {
      staffId,
      finishedAt: true,
      during: (ticket, at) => {
        const existing = visits.activeTicketFor(ticket.visitId, toServiceId);
        if (existing) {
          if (!options.joinExisting) throw new HubError('INVALID_TRANSITION', `${ticket.number} is already in the queue for that service.`, { field: 'toServiceId' });
          toTicketId = existing.id;
          joined = true;
          sendTo(existing.id);
          return { toServiceId, toTicketId, joined: true, ...(toDesk ? { toDesk } : {}), ...(toStaffId ? { toStaffId } : {}) };
        }
        const visit = visits.require(ticket.visitId);
        toTicketId = writer.createTicket({
          visitId: ticket.visitId,
          serviceId: toServiceId,
          serviceDay: visit.service_day,
          stopOrder: visits.lastStopOrder(ticket.visitId) + 1,
          priority: ticket.priority,
          queuedAt: ticket.queuedAt,
          transferredFrom: ticket.id,
        });
        sendTo(toTicketId);
        return { toServiceId, toTicketId, createdAt: at, ...(toDesk ? { toDesk } : {}), ...(toStaffId ? { toStaffId } : {}) };
      },
      after: (at, staff) => (joined ? [] : [writer.record(toTicketId, 'created', at, null, staff, { transferredFrom: ticketId })]),
    });
    return { from, to: reads.ticket(toTicketId) };
  }

  /** Puts a mistaken no-show back in the queue at its old place (it keeps its arrival time). */
  undoNoShow(ticketId: string, staffId: string | null): TicketView {
    const { ctx, reads, writer, visits, outbox, listeners } = this.deps;
    const { from, event: eventType } = ticketTransitions['undo-no-show'];
    const at = ctx.nowIso();
    const event = ctx.db
      .transaction(() => {
        const ticket = reads.ticket(ticketId);
        if (!from.includes(ticket.status)) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}, not a no-show.`, { details: { status: ticket.status, action: 'undo-no-show' } });
        }
        const minutes = ticket.finishedAt ? (Date.parse(at) - Date.parse(ticket.finishedAt)) / 60_000 : Infinity;
        if (minutes > undoNoShowMinutes) {
          throw new HubError('INVALID_TRANSITION', `${ticket.number} was marked as a no-show more than ${undoNoShowMinutes} minutes ago; check them in again instead.`, {
            details: { status: ticket.status, action: 'undo-no-show', minutesAgo: Math.floor(minutes) },
          });
        }
        const visit = visits.require(ticket.visitId);
        if (this.stmt.undoNoShow.run(ticketId).changes !== 1) throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} changed meanwhile; try again.`);
        if (visit.status === 'closed') {
          visits.reopen(ticket.visitId);
          outbox.add({ type: 'visit.reopened', occurredAt: at, payload: { visitId: ticket.visitId, reopenedAt: at, reason: 'no-show-undone' } });
        }
        return writer.record(ticketId, eventType, at, null, staffId, { noShowAt: ticket.finishedAt });
      })
      .immediate();
    listeners.publish([event]);
    return event.ticket;
  }

  private transition(ticketId: string, action: SimpleAction, options: TransitionOptions): TicketView {
    const { ctx, reads, writer, visits, waits, outbox, listeners } = this.deps;
    const { from, to, event: eventType, done } = ticketTransitions[action];
    const at = ctx.nowIso();
    const events = ctx.db
      .transaction(() => {
        const ticket = reads.ticket(ticketId);
        if (!from.includes(ticket.status)) {
          throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} is ${ticket.status}; it cannot be ${done}.`, {
            details: { status: ticket.status, action },
          });
        }
        const detail = options.during?.(ticket, at) ?? null;
        const changed = this.stmt.setStatus.run({
          id: ticketId,
          from: ticket.status,
          status: to,
          desk: options.desk ?? null,
          staffId: options.staffId ?? null,
          calledAt: options.calledAt ? at : null,
          startedAt: options.startedAt || (options.startedAtIfMissing && !ticket.startedAt) ? at : null,
          finishedAt: options.finishedAt ? at : null,
          recall: options.recall ?? 0,
          closedReason: options.closedReason ?? null,
        });
        if (changed.changes !== 1) throw new HubError('INVALID_TRANSITION', `Ticket ${ticket.number} changed meanwhile; try again.`);
        const first = writer.record(ticketId, eventType, at, options.desk ?? ticket.desk, options.staffId ?? null, detail);
        const list = [first, ...(options.after?.(at, options.staffId ?? null) ?? [])];
        if (visits.openTicketCount(ticket.visitId) === 0) {
          visits.close(ticket.visitId, at);
          outbox.add({ type: 'visit.closed', occurredAt: at, payload: { visitId: ticket.visitId, closedAt: at, ...(options.closedReason ? { reason: options.closedReason } : {}) } });
        }
        return { first, list };
      })
      .immediate();
    waits.forget(events.first.ticket.serviceId);
    listeners.publish(events.list);
    return events.first.ticket;
  }
}
