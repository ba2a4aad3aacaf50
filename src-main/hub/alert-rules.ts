import type { AlertAcknowledged, AlertView } from '../../src-shared/api/contract';
import type { DeviceHealth } from '../../src-shared/devices/types';
import type { AlertCenter } from '../alerts/alert-center';
import type { DeviceManager } from '../devices/device-manager';
import { HubError } from '../errors';
import type { CheckInResult, QueueService } from '../queue/queue-service';

type AlertQueue = Pick<QueueService, 'unacknowledgedFlagVisits' | 'acknowledgeAlert' | 'notify'>;

/** The fold key of the kiosk's "get a member of staff": a held-down button is one alert, counted. */
export const helpFoldKey = 'kiosk-help';

/**
 * When reception is alerted and in what words: a flagged, unknown-card or talk-to-someone
 * check-in, a device in trouble, a ticket that did not print. Alerts live in the database (the
 * alert center) until acknowledged, or for printer and device trouble until it is over; repeats of
 * one device's trouble fold into one alert with a count.
 */
export class AlertRules {
  constructor(
    private readonly alerts: AlertCenter,
    private readonly queue: AlertQueue,
  ) {}

  /** Device health → alerts, for as long as the hub runs. */
  watchDevices(devices: Pick<DeviceManager, 'onHealth'>): () => void {
    return devices.onHealth((health) => this.deviceHealthChanged(health));
  }

  deviceHealthChanged(health: DeviceHealth): void {
    const foldKey = `${health.kind === 'printer' ? 'printer' : 'device'}:${health.id}`;
    if (health.kind === 'printer' && (health.paper === 'out' || !health.connected)) {
      this.alerts.raise({
        kind: 'printer',
        visitId: null,
        message: health.paper === 'out' ? 'The ticket printer is out of paper.' : `The ticket printer is offline${health.lastError ? `: ${health.lastError}` : '.'}`,
        flags: [],
        foldKey,
      });
    } else if (health.kind !== 'printer' && !health.connected) {
      this.alerts.raise({ kind: 'device', visitId: null, message: `The ${health.kind.replace('-', ' ')} is disconnected.`, flags: [], foldKey });
    } else {
      this.resolved(this.alerts.resolveFolded(foldKey));
    }
  }

  /** A new (not replayed) check-in that reception must notice now. */
  checkedIn(result: CheckInResult, options: { comeToMe?: boolean } = {}): void {
    if (result.replayed) return;
    const numbers = result.tickets.map((t) => t.number).join(', ');
    const comeToMe = options.comeToMe === true && result.flags.some((f) => f === 'crisis' || f === 'safeguarding');
    if (result.flags.some((f) => f === 'crisis' || f === 'safeguarding' || f === 'urgent')) {
      this.alerts.raise({
        kind: 'flag',
        visitId: result.visitId,
        // The kiosk told the resident someone is coming: whoever reads this must go to them.
        message: comeToMe
          ? `Check-in ${numbers} is waiting at the kiosk: go to them now. They were told a member of the reception team is coming.`
          : `Check-in ${numbers} needs attention now.`,
        flags: result.flags,
      });
    }
    // The flag alert already says to go to them; a second "talk to someone" alert would only be noise.
    if (comeToMe) {
      if (result.unknownIdentifier) this.unknownCard(result);
      return;
    }
    if (result.unknownIdentifier) this.unknownCard(result);
    if (result.talkToSomeone) {
      this.alerts.raise({ kind: 'talk-to-someone', visitId: result.visitId, message: `Check-in ${result.tickets[0]?.number ?? ''} would like to talk to someone.`, flags: [] });
    }
  }

  private unknownCard(result: CheckInResult): void {
    this.alerts.raise({ kind: 'unknown-card', visitId: result.visitId, message: `Check-in ${result.tickets[0]?.number ?? ''} used a card this hub does not know yet.`, flags: [] });
  }

  ticketNotPrinted(visitId: string, numbers: string[], problem: string): void {
    this.alerts.raise({
      kind: 'printer',
      visitId,
      message: `Ticket ${numbers.join(', ')} was not printed (${problem}); it is shown on the kiosk screen.`,
      flags: [],
      foldKey: `not-printed:${visitId}`,
    });
  }

  /** The visit's ticket printed after all (a retried check-in, or a reprint): its printer alert is over. */
  ticketPrinted(visitId: string): void {
    this.resolved(this.alerts.resolveOfVisit(visitId, 'printer'));
  }

  /** The ticket printed, but not as asked (another language, or without the name): the printer's words. */
  ticketPrintedOtherwise(visitId: string, notice: string): void {
    this.alerts.raise({ kind: 'printer', visitId, message: notice, flags: [], foldKey: `printed-otherwise:${visitId}` });
  }

  ticketNotReprinted(visitId: string, number: string, problem: string): void {
    this.alerts.raise({ kind: 'printer', visitId, message: `Ticket ${number} was not reprinted (${problem}).`, flags: [], foldKey: `not-printed:${visitId}` });
  }

  /**
   * At start-up: a flagged check-in whose flags nobody acknowledged has an open alert (the
   * database keeps them; this covers flags acknowledged nowhere but alerted nowhere either).
   */
  restoreFlagAlerts(): void {
    for (const visit of this.queue.unacknowledgedFlagVisits()) {
      if (this.alerts.hasOpenFlagAlert(visit.visitId)) continue;
      this.alerts.raise({
        kind: 'flag',
        visitId: visit.visitId,
        at: visit.checkedInAt,
        message: `Check-in ${visit.numbers.join(', ')} needs attention now.`,
        flags: visit.flags,
      });
    }
  }

  /** Alerts nobody has acknowledged (or resolved) yet, oldest first. */
  openAlerts(): AlertView[] {
    return this.alerts.list();
  }

  acknowledgeAlert(alertId: string, by: { id: string; displayName: string }): AlertAcknowledged {
    const alert = this.alerts.get(alertId);
    if (!alert) throw new HubError('NOT_FOUND', 'There is no such alert.', { field: 'alertId' });
    const { open: _open, ...view } = alert;
    return this.queue.acknowledgeAlert(view, by, (at) => this.alerts.markAcknowledged(alertId, at, by.id));
  }

  private resolved(alertIds: string[]): void {
    for (const alertId of alertIds) this.queue.notify({ kind: 'alert-resolved', alertId });
  }
}
