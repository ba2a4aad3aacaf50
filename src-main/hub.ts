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
import { ProgrammeRecords } from './programme/programme-records';
import { QueueService, type CheckInActor, type Clock } from './queue/queue-service';
import { ReportService } from './reports/report-service';
import type { HubDatabase } from './store/database';
import { Outbox } from './sync/outbox';

export type HubOptions = {
  config: LoadedConfig;
  db: HubDatabase;
  identifierKey: Buffer;
  /** Keys the pseudonymous visitor references of exports; a fresh one per run when absent (tests). */
  exportKey?: Buffer;
  devices: DeviceManager;
  logger: Logger;
  now?: Clock;
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
    this.outbox = new Outbox(this.db);
    this.programme = new ProgrammeRecords(this.db, this.config.hub, this.now);
    this.queue = new QueueService({
      db: this.db,
      hub: this.config.hub,
      configHash: this.config.hash,
      identifierKey: options.identifierKey,
      now: this.now,
      logger: options.logger,
      extras: this.programme.checkInExtras(),
    });
    this.reports = new ReportService({ db: this.db, hub: this.config.hub, exportKey: options.exportKey ?? randomBytes(32), now: this.now });
    this.identification = new Identification({ config: this.config, queue: this.queue, logger: options.logger, now: this.now });
    this.alertRules = new AlertRules(this.alerts, this.queue);
    this.printing = new TicketPrinting({ hub: this.config.hub, queue: this.queue, devices: this.devices, alertRules: this.alertRules, logger: options.logger });
    this.alertRules.watchDevices(this.devices);
    this.kiosks = new KioskEnrolment({ db: this.db, audit: new AuditLog(this.db), now: this.now, logger: options.logger });
    this.dayEnd = new DayEndTimer({ queue: this.queue, timeZone: this.config.hub.timeZone, now: this.now, logger: options.logger });
  }

  /** At start-up: closes what an earlier service day left open (a night off) and arms the midnight timer. */
  startDayEnd(): void {
    this.dayEnd.start();
  }

  /** Stops the hub's timers (before the database closes). */
  stop(): void {
    this.dayEnd.stop();
  }

  /** Card and QR reads from devices attached to the hub, resolved to identities for the kiosk. */
  onReader(listener: (message: ReaderMessage) => void): () => void {
    return this.identification.onReader(listener);
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
    this.alertRules.checkedIn(result);
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
