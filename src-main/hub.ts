import type { Logger } from 'pino';
import type {
  AlertAcknowledged,
  AlertView,
  CheckInCommand,
  CheckInResponse,
  HubView,
  IdentifyResponse,
  ServerMessage,
  TicketView,
} from '../src-shared/api/contract';
import { localize, referralTargetsOf, servicesOf } from '../src-shared/config/schema';
import { cardRulesOf, normaliseCard } from '../src-shared/devices/card-rules';
import { formatQrPayload, parseQrPayload } from '../src-shared/devices/qr-payload';
import type { PrintableTicket, QrPayload } from '../src-shared/devices/types';
import { ticketLabelsFor } from '../src-shared/i18n/ticket-labels';
import { isOpenAt } from '../src-shared/time';
import { AlertCenter } from './alerts/alert-center';
import type { LoadedConfig } from './config/load-config';
import type { DeviceManager } from './devices/device-manager';
import { assertNever, HubError } from './errors';
import { QueueService, type CheckInActor, type Clock } from './queue/queue-service';
import type { HubDatabase } from './store/database';
import { Outbox } from './sync/outbox';
import { Uploader, type UploaderTimings } from './sync/uploader';
import type { SyncStatusView } from '../src-shared/sync/status';

export type HubOptions = {
  config: LoadedConfig;
  db: HubDatabase;
  identifierKey: Buffer;
  programmeKey: Buffer;
  devices: DeviceManager;
  /** The uploader's waits (tests make them short). */
  uploaderTimings?: Partial<UploaderTimings>;
  /** Where the upload token's variable is read from (default: the process environment). */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  now?: Clock;
};

/** The hub core: queue, devices and alerts around one database. Everything a screen asks goes through here. */
export class Hub {
  readonly config: LoadedConfig;
  readonly db: HubDatabase;
  readonly queue: QueueService;
  readonly outbox: Outbox;
  readonly devices: DeviceManager;
  readonly alerts = new AlertCenter();
  /** Null when the configuration names no collector: events wait in the outbox. */
  readonly uploader: Uploader | null;
  private backlogAlerted = false;
  private backlogTimer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;
  private readonly now: Clock;
  private readonly readerListeners = new Set<(message: Extract<ServerMessage, { kind: 'reader' }>) => void>();

  constructor(options: HubOptions) {
    this.config = options.config;
    this.db = options.db;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.devices = options.devices;
    this.outbox = new Outbox(this.db, { hubId: this.config.hub.id, configVersion: this.config.hub.version, configHash: this.config.hash });
    this.queue = new QueueService({
      db: this.db,
      hub: this.config.hub,
      configHash: this.config.hash,
      identifierKey: options.identifierKey,
      programmeKey: options.programmeKey,
      now: this.now,
      logger: this.logger,
    });
    const upstream = this.config.hub.upstream;
    this.uploader = upstream
      ? new Uploader({
          db: this.db,
          outbox: this.outbox,
          hubId: this.config.hub.id,
          upstream,
          logger: this.logger.child({ part: 'uploader' }),
          now: this.now,
          ...(options.uploaderTimings ? { timings: options.uploaderTimings } : {}),
          ...(options.env ? { env: options.env } : {}),
        })
      : null;
    this.devices.onHealth((health) => {
      if (health.kind === 'printer' && (health.paper === 'out' || !health.connected)) {
        this.alerts.raise({
          kind: 'printer',
          visitId: null,
          message: health.paper === 'out' ? 'The ticket printer is out of paper.' : `The ticket printer is offline${health.lastError ? `: ${health.lastError}` : '.'}`,
          flags: [],
        });
      } else if (health.kind !== 'printer' && !health.connected) {
        this.alerts.raise({ kind: 'device', visitId: null, message: `The ${health.kind.replace('-', ' ')} is disconnected.`, flags: [] });
      }
    });
  }

  /** Card and QR reads from devices attached to the hub, resolved to identities for the kiosk. */
  onReader(listener: (message: Extract<ServerMessage, { kind: 'reader' }>) => void): () => void {
    this.readerListeners.add(listener);
    return () => this.readerListeners.delete(listener);
  }

  private announceRead(source: 'card' | 'qr', raw: string | null, rejection: string | null): void {
    const at = this.now().toISOString();
    let message: Extract<ServerMessage, { kind: 'reader' }>;
    if (raw === null) {
      message = { kind: 'reader', source, at, outcome: { ok: false, code: source === 'card' ? 'CARD_UNREADABLE' : 'QR_REJECTED', message: rejection ?? 'unreadable' } };
    } else {
      try {
        message = { kind: 'reader', source, at, outcome: { ok: true, identity: this.identify({ method: source, raw }) } };
      } catch (error) {
        const hubError = error instanceof HubError ? error : new HubError('INTERNAL', (error as Error).message);
        message = { kind: 'reader', source, at, outcome: { ok: false, code: hubError.code, message: hubError.message } };
      }
    }
    for (const listener of this.readerListeners) {
      try {
        listener(message);
      } catch {
        // A closed kiosk connection must not stop the read reaching the others.
      }
    }
  }

  // ---- the upload to the programme's collector -------------------------------------------------

  /** Starts the uploader (when a collector is configured) and the check for a growing backlog. */
  startSync(options: { backlogCheckMs?: number } = {}): void {
    if (!this.uploader) return;
    this.uploader.start();
    // A commit wakes the uploader; it never runs inside the check-in that committed.
    this.queue.subscribe(() => this.uploader?.kick());
    this.backlogTimer = setInterval(() => this.checkUploadBacklog(), options.backlogCheckMs ?? 60_000);
    this.backlogTimer.unref();
  }

  async stopSync(): Promise<void> {
    if (this.backlogTimer) clearInterval(this.backlogTimer);
    this.backlogTimer = null;
    await this.uploader?.stop();
  }

  syncStatus(): SyncStatusView {
    if (this.uploader) return this.uploader.status();
    return {
      state: 'off',
      collector: null,
      backlog: this.outbox.backlog(),
      oldestUnsentAt: this.outbox.oldestUnsentAt(),
      lastSuccessAt: null,
      lastError: null,
      nextAttemptAt: null,
      cursor: this.outbox.cursor(),
      quarantined: [],
    };
  }

  retryQuarantined(eventId: string): void {
    if (!this.uploader?.requestRetry(eventId)) {
      throw new HubError('NOT_FOUND', 'There is no quarantined event with that id.', { field: 'eventId' });
    }
  }

  /** Reception hears once when the oldest unsent event gets older than upstream.alertBacklogMinutes. */
  checkUploadBacklog(): void {
    const upstream = this.config.hub.upstream;
    if (!upstream) return;
    const oldest = this.outbox.oldestUnsentAt();
    const ageMinutes = oldest ? (this.now().getTime() - Date.parse(oldest)) / 60_000 : 0;
    if (ageMinutes <= upstream.alertBacklogMinutes) {
      this.backlogAlerted = false;
      return;
    }
    if (this.backlogAlerted) return;
    this.backlogAlerted = true;
    const hours = ageMinutes >= 120 ? `${Math.floor(ageMinutes / 60)} hours` : `${Math.floor(ageMinutes)} minutes`;
    this.alerts.raise({
      kind: 'sync',
      visitId: null,
      message: `Upload backlog growing: ${this.outbox.backlog()} events are waiting, the oldest for ${hours}. Check-ins still work; tell the hub manager.`,
      flags: [],
    });
  }

  /** Listens to the hub's own card reader and QR scanner. */
  attachReaders(): void {
    const { cardReader, qrScanner } = this.devices.devices;
    cardReader?.onRead((event) => {
      if (event.type === 'card') this.announceRead('card', event.cardId, null);
      else this.announceRead('card', null, `The card could not be read (${event.reason}). Please try again.`);
    });
    qrScanner?.onRead((event) => {
      if (event.type === 'qr') this.announceQr(event.payload);
      else this.announceRead('qr', null, `This QR code is not a Front Door code (${event.reason}).`);
    });
  }

  private announceQr(payload: QrPayload): void {
    this.announceRead('qr', formatQrPayload(payload), null);
  }

  describe(): HubView {
    const hub = this.config.hub;
    return {
      id: hub.id,
      name: hub.name,
      timeZone: hub.timeZone,
      configVersion: hub.version,
      configHash: this.config.hash,
      open: isOpenAt(hub, this.now()),
      languages: hub.languages,
      services: servicesOf(hub).map((s) => ({
        id: s.id,
        partnerId: s.partnerId,
        partnerName: s.partnerName,
        name: s.name,
        ...(s.description ? { description: s.description } : {}),
        colour: s.colour,
        ticketPrefix: s.ticketPrefix,
        desks: s.desks,
        targetWaitMinutes: s.targetWaitMinutes,
        notesAllowed: s.notesAllowed,
      })),
      queue: { noShowGraceMinutes: hub.queue.noShowGraceMinutes },
      privacyNoticeVersion: hub.privacy.noticeVersion,
      kiosk: {
        idleWarningSeconds: hub.kiosk.idleWarningSeconds,
        idleResetSeconds: hub.kiosk.idleResetSeconds,
        askName: hub.kiosk.askName,
        qrCamera: hub.devices.qrScanner.kind === 'camera',
      },
      display: hub.display,
      howHeard: hub.howHeard,
      triage: hub.triage,
      referralTargets: referralTargetsOf(hub),
    };
  }

  /** Turns a raw card or QR read into a token for check-in, telling whether the resident is known. */
  identify(request: { method: 'card' | 'qr'; raw: string }): IdentifyResponse {
    if (request.method === 'card') {
      const card = normaliseCard(request.raw, cardRulesOf(this.config.hub.devices.cardReader));
      if (!card.ok) {
        this.logger.warn({ reason: card.reason }, 'unreadable card');
        throw new HubError('CARD_UNREADABLE', `The card could not be read: ${card.detail}. Please try again.`, { details: { reason: card.reason } });
      }
      return this.lookup('card', card.cardId);
    }
    const qr = parseQrPayload(request.raw);
    if (!qr.ok) {
      this.logger.warn({ reason: qr.reason }, 'rejected QR code');
      throw new HubError('QR_REJECTED', `This QR code cannot be used here: ${qr.detail}.`, { details: { reason: qr.reason } });
    }
    const payload = qr.payload;
    switch (payload.kind) {
      case 'member':
        return this.lookup('qr', payload.memberId);
      case 'booking':
        return this.lookup('qr', `booking:${payload.reference}`);
      case 'ticket':
        throw new HubError('QR_REJECTED', 'This is a ticket from a check-in already made; please show it to reception.');
      default:
        return assertNever(payload);
    }
  }

  private lookup(method: 'card' | 'qr', id: string): IdentifyResponse {
    const visitor = this.queue.findVisitor(method, id);
    return {
      known: visitor !== null,
      token: { method, id },
      displayName: visitor?.displayName ?? null,
      howHeardAnswered: visitor?.howHeardAnswered ?? false,
    };
  }

  /** Commits the check-in first; the ticket prints afterwards and a printer failure never loses it. */
  async checkIn(command: CheckInCommand, actor: CheckInActor = null): Promise<CheckInResponse> {
    const result = this.queue.checkIn(command, actor);
    if (!result.replayed) {
      if (result.flags.some((f) => f === 'crisis' || f === 'safeguarding' || f === 'urgent')) {
        this.alerts.raise({
          kind: 'flag',
          visitId: result.visitId,
          message: `Check-in ${result.tickets.map((t) => t.number).join(', ')} needs attention now.`,
          flags: result.flags,
        });
      }
      if (result.unknownIdentifier) {
        this.alerts.raise({ kind: 'unknown-card', visitId: result.visitId, message: `Check-in ${result.tickets[0]?.number ?? ''} used a card this hub does not know yet.`, flags: [] });
      }
      if (result.talkToSomeone) {
        this.alerts.raise({ kind: 'talk-to-someone', visitId: result.visitId, message: `Check-in ${result.tickets[0]?.number ?? ''} would like to talk to someone.`, flags: [] });
      }
    }
    const print = await this.printTickets(result.visitId, command.visitor.language, result.replayed);
    return { ...result, print };
  }

  private async printTickets(visitId: string, language: string | null, replayed: boolean): Promise<CheckInResponse['print']> {
    const tickets = this.queue.ticketsOfVisit(visitId).filter((t) => t.status === 'waiting' || t.status === 'called');
    const first = tickets[0];
    if (!first) return { ok: false, code: 'NOTHING_TO_PRINT', message: 'There is no open ticket to print.' };
    if (replayed) return { ok: true, code: 'ALREADY_PRINTED' };
    const printable = this.slipFor(tickets, language);
    const printed = await this.devices.print(printable);
    if (printed === null) return { ok: false, code: 'NO_PRINTER', message: 'This kiosk has no ticket printer.' };
    if (printed.ok) return { ok: true };
    this.logger.warn({ code: printed.code, visitId }, 'ticket not printed');
    this.alerts.raise({
      kind: 'printer',
      visitId,
      message: `Ticket ${tickets.map((t) => t.number).join(', ')} was not printed (${printed.message}); it is shown on the kiosk screen.`,
      flags: [],
    });
    return { ok: false, code: printed.code, message: printed.message };
  }

  // ---- reception's actions (issue 5) --------------------------------------------------------

  /** After a restart: a flagged check-in's alert stays until someone acknowledges it. */
  restoreFlagAlerts(): void {
    for (const visit of this.queue.unacknowledgedFlagVisits()) {
      this.alerts.raise({
        kind: 'flag',
        visitId: visit.visitId,
        at: visit.checkedInAt,
        message: `Check-in ${visit.numbers.join(', ')} needs attention now.`,
        flags: visit.flags,
      });
    }
  }

  /** Alerts nobody has acknowledged yet, oldest first. */
  openAlerts(): AlertView[] {
    const open = this.alerts.list().filter((a) => !this.queue.isAlertAcknowledged(a));
    // A visit's flag alert raised twice (at check-in and again after a restart) shows once.
    const seen = new Set<string>();
    return open.filter((a) => {
      if (a.kind !== 'flag' || !a.visitId) return true;
      if (seen.has(a.visitId)) return false;
      seen.add(a.visitId);
      return true;
    });
  }

  acknowledgeAlert(alertId: string, by: { id: string; displayName: string }): AlertAcknowledged {
    const alert = this.alerts.list().find((a) => a.id === alertId);
    if (!alert) throw new HubError('NOT_FOUND', 'There is no such alert (it may be from before the hub restarted).', { field: 'alertId' });
    return this.queue.acknowledgeAlert(alert, by);
  }

  /** A check-in made by hand at reception: written as theirs, in the check-in's own transaction. */
  checkInByStaff(command: CheckInCommand, staffId: string): Promise<CheckInResponse> {
    return this.checkIn(command, { staffId });
  }

  /**
   * Prints the visit's open tickets again, on purpose (print() prints a ticket id only once).
   * A printer problem is answered and alerted, never thrown.
   */
  async reprintTicket(ticketId: string, staffId: string): Promise<{ ticket: TicketView; print: CheckInResponse['print'] }> {
    const { ticket, language } = this.queue.recordReprint(ticketId, staffId);
    const printed = await this.devices.print(this.reprintableTicket(ticket.visitId, language), { again: true });
    if (printed === null) return { ticket, print: { ok: false, code: 'NO_PRINTER', message: 'This hub has no ticket printer.' } };
    if (printed.ok) return { ticket, print: { ok: true } };
    this.logger.warn({ code: printed.code, visitId: ticket.visitId }, 'ticket not reprinted');
    this.alerts.raise({ kind: 'printer', visitId: ticket.visitId, message: `Ticket ${ticket.number} was not reprinted (${printed.message}).`, flags: [] });
    return { ticket, print: { ok: false, code: printed.code, message: printed.message } };
  }

  /** The slip as the check-in printed it: the visit's open tickets in order. */
  private reprintableTicket(visitId: string, language: string | null): PrintableTicket {
    const tickets = this.queue.ticketsOfVisit(visitId).filter((t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving');
    return this.slipFor(tickets, language);
  }

  /** One printed slip for a visit: the first ticket's number large, every stop listed, in the resident's language. */
  private slipFor(tickets: TicketView[], language: string | null): PrintableTicket {
    const first = tickets[0]!;
    const hub = this.config.hub;
    const lang = language ?? hub.languages.default;
    const names = new Map(servicesOf(hub).map((s) => [s.id, s]));
    return {
      ticketId: first.visitId,
      number: first.number,
      hubName: localize(hub.name, lang),
      displayName: first.displayName,
      stops: tickets.map((t) => ({
        number: t.number,
        serviceName: localize(names.get(t.serviceId)?.name, lang),
        deskHint: names.get(t.serviceId)?.desks.join(', ') ?? null,
      })),
      issuedAt: first.queuedAt,
      timeZone: hub.timeZone,
      language: lang,
      labels: ticketLabelsFor(lang),
    };
  }
}
