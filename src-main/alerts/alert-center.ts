import { randomUUID } from 'node:crypto';
import type { AlertView } from '../../src-shared/api/contract';

type Listener = (alert: AlertView) => void;

/**
 * What reception must notice now: crisis or safeguarding check-ins, unknown cards, printer
 * trouble. Kept in memory for the live screens; the facts behind them are in the database.
 */
export class AlertCenter {
  private readonly alerts: AlertView[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly limit = 200) {}

  raise(alert: Omit<AlertView, 'id' | 'at'> & { at?: string }): AlertView {
    const full: AlertView = { id: randomUUID(), at: alert.at ?? new Date().toISOString(), ...alert, flags: alert.flags ?? [] };
    this.alerts.push(full);
    if (this.alerts.length > this.limit) this.alerts.splice(0, this.alerts.length - this.limit);
    for (const listener of this.listeners) {
      try {
        listener(full);
      } catch {
        // One broken screen connection must not stop the others hearing the alert.
      }
    }
    return full;
  }

  list(): AlertView[] {
    return [...this.alerts];
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
