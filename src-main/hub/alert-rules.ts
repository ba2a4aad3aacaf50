import type { AlertAcknowledged, AlertView } from '../../src-shared/api/contract';
import type { DeviceHealth } from '../../src-shared/devices/types';
import type { AlertCenter } from '../alerts/alert-center';
import type { DeviceManager } from '../devices/device-manager';
import { HubError } from '../errors';
import type { CheckInResult, QueueService } from '../queue/queue-service';

type AlertQueue = Pick<QueueService, 'unacknowledgedFlagVisits' | 'isAlertAcknowledged' | 'acknowledgeAlert'>;

/**
 * When reception is alerted and in what words: a flagged, unknown-card or talk-to-someone
 * check-in, a device in trouble, a ticket that did not print. Acknowledgements live in the
 * database (the queue), so a flagged check-in is alerted again after a restart until someone
 * acknowledges it.
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
  }

  /** A new (not replayed) check-in that reception must notice now. */
  checkedIn(result: CheckInResult): void {
    if (result.replayed) return;
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

  ticketNotPrinted(visitId: string, numbers: string[], problem: string): void {
    this.alerts.raise({
      kind: 'printer',
      visitId,
      message: `Ticket ${numbers.join(', ')} was not printed (${problem}); it is shown on the kiosk screen.`,
      flags: [],
    });
  }

  ticketNotReprinted(visitId: string, number: string, problem: string): void {
    this.alerts.raise({ kind: 'printer', visitId, message: `Ticket ${number} was not reprinted (${problem}).`, flags: [] });
  }

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
}
