import type { Logger } from 'pino';
import type { AlertAcknowledged, QueueEvent } from '../../src-shared/api/contract';

export type QueueListener = (event: QueueEvent) => void;

/** Live news that is not a ticket event: an alert acknowledged at one console reaches the others. */
export type QueueNotice = { kind: 'alert-acknowledged'; acknowledgement: AlertAcknowledged };
export type NoticeListener = (notice: QueueNotice) => void;

/**
 * Who hears about the queue once a change has committed. A listener that throws is logged and
 * skipped: it must not undo a committed change or stop the others hearing it.
 */
export class QueueListeners {
  private readonly events = new Set<QueueListener>();
  private readonly notices = new Set<NoticeListener>();

  constructor(private readonly logger: Logger) {}

  subscribe(listener: QueueListener): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }

  subscribeNotices(listener: NoticeListener): () => void {
    this.notices.add(listener);
    return () => this.notices.delete(listener);
  }

  /** Call only after the transaction that wrote `events` has committed. */
  publish(events: readonly QueueEvent[]): void {
    for (const event of events) {
      for (const listener of this.events) {
        try {
          listener(event);
        } catch (err) {
          this.logger.error({ err, seq: event.seq, type: event.type, ticketId: event.ticket.id, serviceId: event.ticket.serviceId }, 'queue listener failed');
        }
      }
    }
  }

  notify(notice: QueueNotice): void {
    for (const listener of this.notices) {
      try {
        listener(notice);
      } catch (err) {
        this.logger.error({ err, notice: notice.kind, alertId: notice.acknowledgement.alertId }, 'queue notice listener failed');
      }
    }
  }
}
