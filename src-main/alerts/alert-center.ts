import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertView } from '../../src-shared/api/contract';
import { defaultLogger, ListenerSet } from '../listener-set';

type Listener = (alert: AlertView) => void;

export type AlertCenterOptions = {
  /** How many alerts are kept in memory (oldest dropped first). Default 200. */
  limit?: number;
  /** Where a failing listener is reported. Default: the hub's stdout logger. */
  logger?: Logger;
};

/**
 * What reception must notice now: crisis or safeguarding check-ins, unknown cards, printer
 * trouble. Kept in memory for the live screens; the facts behind them are in the database.
 */
export class AlertCenter {
  private readonly alerts: AlertView[] = [];
  private readonly limit: number;
  // One broken screen connection must not stop the others hearing the alert.
  private readonly listeners: ListenerSet<AlertView>;

  constructor(options: AlertCenterOptions = {}) {
    this.limit = options.limit ?? 200;
    this.listeners = new ListenerSet('alert', options.logger ?? defaultLogger());
  }

  raise(alert: Omit<AlertView, 'id' | 'at'> & { at?: string }): AlertView {
    const full: AlertView = { id: randomUUID(), at: alert.at ?? new Date().toISOString(), ...alert, flags: alert.flags ?? [] };
    this.alerts.push(full);
    if (this.alerts.length > this.limit) this.alerts.splice(0, this.alerts.length - this.limit);
    this.listeners.emit(full, { alertId: full.id, alertKind: full.kind, visitId: full.visitId });
    return full;
  }

  list(): AlertView[] {
    return [...this.alerts];
  }

  subscribe(listener: Listener): () => void {
    return this.listeners.add(listener);
  }
}
