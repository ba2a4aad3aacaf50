import pino, { type Logger } from 'pino';
import type { AlertAcknowledged, AlertView, CheckInCommand, OutcomeKind, QueueEvent, QueueSnapshot, TicketView, VisitSearchResult } from '../../src-shared/api/contract';
import type { HubConfig } from '../../src-shared/config/schema';
import { AuditLog } from '../auth/audit-log';
import type { HubDatabase } from '../store/database';
import { Outbox } from '../sync/outbox';
import { CheckIn, type CheckInActor, type CheckInExtras, type CheckInResult } from './check-in';
import { DayEndClosing } from './day-end';
import { EventWriter } from './event-writer';
import { FlagAcknowledgement, type UnacknowledgedFlagVisit } from './flag-acknowledgement';
import { QueueListeners, type NoticeListener, type QueueListener, type QueueNotice } from './listeners';
import { QueueContext, type Clock } from './queue-context';
import { PrintRecords, type PrintRecord } from './print-records';
import { QueueReads, type CatchUpRange, type TicketWithWait } from './reads';
import { command } from './statements';
import { TicketEdits } from './ticket-edits';
import { TicketTransitions } from './transitions';
import { VisitRows } from './visit-rows';
import { Waits } from './waits';

export type { CheckInActor, CheckInExtras, CheckInResult } from './check-in';
export type { QueueNotice } from './listeners';
export type { Clock } from './queue-context';
export type { CatchUpRange } from './reads';

/** Who should see a visitor sent on: a desk of the service, or a member of staff; neither means the next free desk. */
export type SendOnTarget = { toDesk?: string | undefined; toStaffId?: string | undefined };

export type QueueServiceOptions = {
  db: HubDatabase;
  hub: HubConfig;
  configHash: string;
  identifierKey: Buffer;
  /** The programme's pseudonym key: visitors appear upstream only as HMACs under it. */
  programmeKey: Buffer;
  now?: Clock;
  /** Where a failing listener is reported; the hub passes its own. */
  logger?: Logger;
  /** Equality answers and the event a check-in may carry (programme records). */
  extras?: CheckInExtras;
};

/**
 * The hub's queue: check-in, calling, serving and moving visitors between services. Every change
 * is one SQLite transaction that also writes its ticket event and outbox rows; listeners hear about
 * it only after the commit. This class only wires the parts in this folder together.
 */
export class QueueService {
  private readonly ctx: QueueContext;
  private readonly listeners: QueueListeners;
  private readonly waits: Waits;
  private readonly reads: QueueReads;
  private readonly checkIns: CheckIn;
  private readonly transitions: TicketTransitions;
  private readonly edits: TicketEdits;
  private readonly flags: FlagAcknowledgement;
  private readonly prints: PrintRecords;
  private readonly dayEnd: DayEndClosing;

  constructor(options: QueueServiceOptions) {
    const { db } = options;
    const ctx = new QueueContext(db, options.hub, options.configHash, options.now ?? (() => new Date()));
    const outbox = new Outbox(db, { hubId: options.hub.id, configVersion: options.hub.version, configHash: options.configHash });
    const audit = new AuditLog(db);
    this.ctx = ctx;
    this.listeners = new QueueListeners(options.logger ?? pino({ name: 'queue' }));
    this.waits = new Waits(ctx);
    this.reads = new QueueReads(ctx, this.waits);
    const writer = new EventWriter(ctx, this.reads, outbox, audit);
    const visits = new VisitRows(db);
    const parts = { ctx, reads: this.reads, writer, visits, waits: this.waits, outbox, audit, listeners: this.listeners };
    this.checkIns = new CheckIn({
      ctx,
      identifierKey: options.identifierKey,
      programmeKey: options.programmeKey,
      reads: this.reads,
      writer,
      outbox,
      audit,
      listeners: this.listeners,
      extras: options.extras,
    });
    this.transitions = new TicketTransitions(parts);
    this.edits = new TicketEdits(parts);
    this.flags = new FlagAcknowledgement(ctx, this.reads, outbox, audit, this.listeners);
    this.prints = new PrintRecords(db);
    this.dayEnd = new DayEndClosing(ctx, this.transitions, visits, outbox);

    // Every visit records the configuration that planned it; its body is kept once per hash.
    command<[hash: string, hubId: string, version: number, firstLoadedAt: string, body: string]>(
      db,
      `INSERT INTO config_versions (hash, hub_id, version, first_loaded_at, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(hash) DO NOTHING`,
    ).run(options.configHash, options.hub.id, options.hub.version, ctx.nowIso(), JSON.stringify(options.hub));
  }

  // ---- subscriptions ----------------------------------------------------------------------

  subscribe(listener: QueueListener): () => void {
    return this.listeners.subscribe(listener);
  }

  subscribeNotices(listener: NoticeListener): () => void {
    return this.listeners.subscribeNotices(listener);
  }

  // ---- check-in ---------------------------------------------------------------------------

  serviceDay(at?: Date): string {
    return this.ctx.serviceDay(at);
  }

  /** Hash of a card or member id as stored; never the id itself. */
  identifierHash(kind: 'card' | 'qr', id: string): string {
    return this.checkIns.identifierHash(kind, id);
  }

  /** Looks up a normalised card or member id without creating anything. */
  findVisitor(kind: 'card' | 'qr', id: string): { id: string; displayName: string | null; howHeardAnswered: boolean } | null {
    return this.checkIns.findVisitor(kind, id);
  }

  /** `actor` is the member of staff checking someone in by hand: the audit row and events carry their id. */
  checkIn(command: CheckInCommand, actor: CheckInActor = null): CheckInResult {
    return this.checkIns.checkIn(command, actor);
  }

  // ---- staff actions ----------------------------------------------------------------------

  callNext(serviceId: string, desk: string, staffId: string | null = null): TicketView {
    return this.transitions.callNext(serviceId, desk, staffId);
  }

  recall(ticketId: string, desk: string | null = null, staffId: string | null = null): TicketView {
    return this.transitions.recall(ticketId, desk, staffId);
  }

  noShow(ticketId: string, staffId: string | null = null): TicketView {
    return this.transitions.noShow(ticketId, staffId);
  }

  start(ticketId: string, desk: string | null = null, staffId: string | null = null): TicketView {
    return this.transitions.start(ticketId, desk, staffId);
  }

  finish(
    ticketId: string,
    outcome: { kind: OutcomeKind; referredTo?: string | undefined; referredToId?: string | undefined; note?: string | undefined },
    staffId: string | null = null,
  ): TicketView {
    return this.transitions.finish(ticketId, outcome, staffId);
  }

  cancel(ticketId: string, staffId: string | null = null): TicketView {
    return this.transitions.cancel(ticketId, staffId);
  }

  /** Moves a visitor to another service's queue, keeping their place by arrival time. */
  /** Whom a visitor sent on to this service can be sent to by name. */
  staffForService(serviceId: string): { id: string; displayName: string }[] {
    this.ctx.requireService(serviceId);
    return this.reads.staffForService(serviceId);
  }

  /** Calls a chosen waiting visitor out of turn; the reason goes to the audit log. */
  callChosen(ticketId: string, desk: string, staffId: string | null, reason: string): TicketView {
    return this.transitions.callChosen(ticketId, desk, staffId, reason);
  }

  transfer(ticketId: string, toServiceId: string, staffId: string | null = null, to: SendOnTarget = {}): { from: TicketView; to: TicketView } {
    return this.transitions.transfer(ticketId, toServiceId, staffId, to);
  }

  /** Adds another service stop to an open visit (a need found while talking). */
  addStop(visitId: string, serviceId: string, staffId: string | null = null): TicketView {
    return this.edits.addStop(visitId, serviceId, staffId);
  }

  /**
   * A partner sends a visitor on (transfer when `ticketId` is theirs, or another stop): the visitor
   * ends up waiting there whether or not they already were, and nothing says which it was.
   */
  sendOn(target: { ticketId: string } | { visitId: string }, toServiceId: string, staffId: string | null, to: SendOnTarget = {}): { from: TicketView | null } {
    if ('ticketId' in target) return { from: this.transitions.transfer(target.ticketId, toServiceId, staffId, { joinExisting: true, ...to }).from };
    this.edits.addStop(target.visitId, toServiceId, staffId, { ifMissing: true });
    return { from: null };
  }

  /** Puts a mistaken no-show back in the queue at its old place (it keeps its arrival time). */
  undoNoShow(ticketId: string, staffId: string | null): TicketView {
    return this.transitions.undoNoShow(ticketId, staffId);
  }

  /** Moves a waiting ticket up: level 1 goes ahead of everyone without a flag, 2 level with crisis. */
  prioritise(ticketId: string, level: 1 | 2, staffId: string | null): TicketView {
    return this.edits.prioritise(ticketId, level, staffId);
  }

  /** Records a reprint asked for by staff (the hub then prints); the ticket must still be open. */
  recordReprint(ticketId: string, staffId: string | null): { ticket: TicketView; language: string | null } {
    return this.edits.recordReprint(ticketId, staffId);
  }

  /**
   * Closes every ticket and visit still open from a service day before `serviceDay` (the end of the
   * day): waiting and called cancelled, serving finished, each with the reason 'day-ended'.
   */
  closeDaysBefore(serviceDay: string): { tickets: number; visits: number } {
    return this.dayEnd.closeBefore(serviceDay);
  }

  // ---- how tickets printed ----------------------------------------------------------------

  printRecord(visitId: string): PrintRecord | null {
    return this.prints.of(visitId);
  }

  /** Counts an attempt to print the visit's ticket; returns how many there have been. */
  beginPrintAttempt(visitId: string): number {
    return this.prints.beginAttempt(visitId);
  }

  recordPrint(visitId: string, outcome: { status: 'printed' | 'failed' | 'no-printer'; code: string | null }): void {
    this.prints.record(visitId, { ...outcome, at: this.ctx.nowIso() });
  }

  // ---- alerts -----------------------------------------------------------------------------

  acknowledgeAlert(alert: AlertView, by: { id: string; displayName: string }, markAcknowledged: (at: string) => boolean): AlertAcknowledged {
    return this.flags.acknowledgeAlert(alert, by, markAcknowledged);
  }

  /** Tells every live screen (that may hear it) news that is not a ticket event. */
  notify(notice: QueueNotice): void {
    this.listeners.notify(notice);
  }

  unacknowledgedFlagVisits(): UnacknowledgedFlagVisit[] {
    return this.flags.unacknowledgedFlagVisits();
  }

  // ---- queries ----------------------------------------------------------------------------

  ticket(ticketId: string): TicketView {
    return this.reads.ticket(ticketId);
  }

  ticketsOfVisit(visitId: string): TicketView[] {
    return this.reads.ticketsOfVisit(visitId);
  }

  /** A visit's tickets in stop order, with each one's place in its queue and estimated wait now. */
  ticketsWithWaits(visitId: string): TicketWithWait[] {
    return this.reads.ticketsWithWaits(visitId);
  }

  lastSeq(): number {
    return this.reads.lastSeq();
  }

  /** Queue events after `seq`, oldest first: a screen that reconnects catches up from here. */
  eventsSince(seq: number, limit = 1000): QueueEvent[] {
    return this.reads.eventsSince(seq, limit);
  }

  /** The seq of the first event of a service day, or null while it has none. */
  firstSeqOfDay(serviceDay: string): number | null {
    return this.reads.firstSeqOfDay(serviceDay);
  }

  countCatchUp(range: CatchUpRange, atMost: number): number {
    return this.reads.countCatchUp(range, atMost);
  }

  catchUpPage(range: CatchUpRange, limit: number): QueueEvent[] {
    return this.reads.catchUpPage(range, limit);
  }

  snapshot(): QueueSnapshot {
    return this.reads.snapshot();
  }

  /** Today's visits by ticket number ("m1", "M001") or by the start of a first name or initials. */
  searchVisits(query: string): VisitSearchResult {
    return this.reads.searchVisits(query);
  }

  /** Average minutes per visitor from the last finished tickets, or the configured typical time. */
  averageServiceMinutes(serviceId: string): number {
    return this.waits.averageServiceMinutes(serviceId);
  }

  estimatedWaitMinutes(serviceId: string, ahead?: number): number {
    return this.waits.estimatedWaitMinutes(serviceId, ahead);
  }
}
