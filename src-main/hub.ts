import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertAcknowledged, AlertView, CheckInCommand, CheckInResponse, HubView, IdentifyResponse, TicketView } from '../src-shared/api/contract';
import { AlertCenter } from './alerts/alert-center';
import { AuditLog } from './auth/audit-log';
import type { LoadedConfig } from './config/load-config';
import type { DeviceManager } from './devices/device-manager';
import { AlertRules } from './hub/alert-rules';
import { DayEndTimer } from './hub/day-end-timer';
import { describeHub } from './hub/hub-view';
import { Identification, type ReaderMessage } from './hub/identification';
import { TicketPrinting } from './hub/ticket-printing';
import { KioskEnrolment } from './kiosks/kiosk-enrolment';
import { Privacy } from './privacy/privacy-service';
import { ProgrammeRecords } from './programme/programme-records';
import { QueueService, type CheckInActor, type Clock } from './queue/queue-service';
import { ReportService } from './reports/report-service';
import type { HubDatabase } from './store/database';
import { HubError } from './errors';
import { Outbox } from './sync/outbox';
import { Uploader, type UploaderTimings } from './sync/uploader';
import type { SyncStatusView } from '../src-shared/sync/status';

export type HubOptions = {
  config: LoadedConfig;
  db: HubDatabase;
  identifierKey: Buffer;
  programmeKey: Buffer;
  /** Keys the pseudonymous visitor references of exports; a fresh one per run when absent (tests). */
  exportKey?: Buffer;
  devices: DeviceManager;
  /** The uploader's waits (tests make them short). */
  uploaderTimings?: Partial<UploaderTimings>;
  /** Where the upload token's variable is read from (default: the process environment). */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  now?: Clock;
  /** The erasure log in the data folder (erasures made again after a restore); none in memory. */
  erasureLog?: string;
};

/**
 * The hub core: queue, devices and alerts around one database. Everything a screen asks goes
 * through here; the work is done in hub/ (identification, ticket printing, alert rules, the view).
 */
export class Hub {
  readonly config: LoadedConfig;
  readonly db: HubDatabase;
  readonly queue: QueueService;
  readonly outbox: Outbox;
  readonly devices: DeviceManager;
  readonly alerts: AlertCenter;
  /** Dashboard figures, exports and funder returns. */
  readonly reports: ReportService;
  /** Journey facts, events and equality answers. */
  readonly programme: ProgrammeRecords;
  /** The end of the service day: closes what is left open at local midnight and tells the screens. */
  readonly dayEnd: DayEndTimer;
  /** The kiosks a manager enrolled: besides the hub's own machine, the only callers of the kiosk routes. */
  readonly kiosks: KioskEnrolment;
  /** Null when the configuration names no collector: events wait in the outbox. */
  readonly uploader: Uploader | null;
  private backlogAlerted = false;
  private backlogTimer: NodeJS.Timeout | null = null;
  /** Data protection: the retention job (daily and on demand), subject access and erasure. */
  readonly privacy: Privacy;
  private readonly now: Clock;
  private readonly identification: Identification;
  private readonly alertRules: AlertRules;
  private readonly printing: TicketPrinting;

  constructor(options: HubOptions) {
    this.config = options.config;
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.devices = options.devices;
    this.alerts = new AlertCenter({ db: this.db, now: this.now, logger: options.logger });
    this.outbox = new Outbox(this.db, { hubId: this.config.hub.id, configVersion: this.config.hub.version, configHash: this.config.hash });
    this.programme = new ProgrammeRecords(this.db, this.config.hub, this.now, this.outbox, options.programmeKey);
    this.queue = new QueueService({
      db: this.db,
      hub: this.config.hub,
      configHash: this.config.hash,
      identifierKey: options.identifierKey,
      programmeKey: options.programmeKey,
      now: this.now,
      logger: options.logger,
      extras: this.programme.checkInExtras(),
    });
    this.reports = new ReportService({ db: this.db, hub: this.config.hub, exportKey: options.exportKey ?? randomBytes(32), now: this.now });
    const upstream = this.config.hub.upstream;
    this.uploader = upstream
      ? new Uploader({
          db: this.db,
          outbox: this.outbox,
          hubId: this.config.hub.id,
          upstream,
          logger: options.logger.child({ part: 'uploader' }),
          now: this.now,
          ...(options.uploaderTimings ? { timings: options.uploaderTimings } : {}),
          ...(options.env ? { env: options.env } : {}),
        })
      : null;
    this.identification = new Identification({ config: this.config, queue: this.queue, logger: options.logger, now: this.now });
    this.alertRules = new AlertRules(this.alerts, this.queue);
    this.printing = new TicketPrinting({ hub: this.config.hub, queue: this.queue, devices: this.devices, alertRules: this.alertRules, logger: options.logger });
    this.alertRules.watchDevices(this.devices);
    this.kiosks = new KioskEnrolment({ db: this.db, audit: new AuditLog(this.db), now: this.now, logger: options.logger });
    this.dayEnd = new DayEndTimer({ queue: this.queue, timeZone: this.config.hub.timeZone, now: this.now, logger: options.logger });
    this.privacy = new Privacy({
      db: this.db,
      hub: this.config.hub,
      identifierKey: options.identifierKey,
      programmeKey: options.programmeKey,
      outbox: this.outbox,
      now: this.now,
      logger: options.logger,
      ...(options.erasureLog ? { erasureLog: options.erasureLog } : {}),
    });
  }

  /** At start-up: closes what an earlier service day left open (a night off) and arms the midnight timer. */
  startDayEnd(): void {
    this.dayEnd.start();
  }

  /** At start-up: arms the daily retention run. */
  startRetentionSchedule(): void {
    this.privacy.startSchedule();
  }

  /** Stops the hub's timers and a retention run in progress (before the database closes). */
  stop(): void {
    this.dayEnd.stop();
    this.privacy.stop();
  }

  /** Resolves once the work `stop` ended has stopped (a retention run, an erasure): the database may close. */
  idle(): Promise<void> {
    return this.privacy.idle();
  }

  /** Card and QR reads from devices attached to the hub, resolved to identities for the kiosk. */
  onReader(listener: (message: ReaderMessage) => void): () => void {
    return this.identification.onReader(listener);
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
      // Kept in the database: after a restart the same open alert is counted, not raised again.
      foldKey: 'sync:backlog',
    });
  }

  /** Listens to the hub's own card reader and QR scanner. */
  attachReaders(): void {
    this.identification.attachReaders(this.devices.devices);
  }

  describe(): HubView {
    return describeHub(this.config, this.now());
  }

  /** Turns a raw card or QR read into a token for check-in, telling whether the resident is known. */
  identify(request: { method: 'card' | 'qr'; raw: string }): IdentifyResponse {
    return this.identification.identify(request);
  }

  /** Commits the check-in first; the ticket prints afterwards and a printer failure never loses it. */
  async checkIn(command: CheckInCommand, actor: CheckInActor = null): Promise<CheckInResponse> {
    const result = this.queue.checkIn(command, actor);
    this.alertRules.checkedIn(result, { comeToMe: command.comeToMe, method: command.identification.method });
    const print = await this.printing.printAfterCheckIn(result.visitId, command.visitor.language, result.replayed);
    return { ...result, print };
  }

  // ---- reception's actions (issue 5) --------------------------------------------------------

  /** At start-up: every flagged check-in nobody acknowledged has an open alert (they are kept in the database). */
  restoreFlagAlerts(): void {
    this.alertRules.restoreFlagAlerts();
  }

  /** Alerts nobody has acknowledged yet, oldest first. */
  openAlerts(): AlertView[] {
    return this.alertRules.openAlerts();
  }

  acknowledgeAlert(alertId: string, by: { id: string; displayName: string }): AlertAcknowledged {
    return this.alertRules.acknowledgeAlert(alertId, by);
  }

  /** A check-in made by hand at reception: written as theirs, in the check-in's own transaction. */
  checkInByStaff(command: CheckInCommand, staffId: string): Promise<CheckInResponse> {
    return this.checkIn(command, { staffId });
  }

  /**
   * Prints the visit's open tickets again, on purpose (print() prints a ticket id only once).
   * A printer problem is answered and alerted, never thrown.
   */
  reprintTicket(ticketId: string, staffId: string): Promise<{ ticket: TicketView; print: CheckInResponse['print'] }> {
    return this.printing.reprint(ticketId, staffId);
  }
}
