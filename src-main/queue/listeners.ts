import type { Logger } from 'pino';
import type { AlertAcknowledged, QueueEvent } from '../../src-shared/api/contract';

export type QueueListener = (event: QueueEvent) => void;

/**
 * Live news that is not a ticket event: an alert acknowledged at one console or resolved reaches the
 * others; a new service day reaches every screen.
 */
export type QueueNotice =
  | { kind: 'alert-acknowledged'; acknowledgement: AlertAcknowledged }
  | { kind: 'alert-resolved'; alertId: string }
  | { kind: 'day-changed'; serviceDay: string };
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
        const about = notice.kind === 'alert-acknowledged' ? { alertId: notice.acknowledgement.alertId } : notice.kind === 'alert-resolved' ? { alertId: notice.alertId } : { serviceDay: notice.serviceDay };
        this.logger.error({ err, notice: notice.kind, ...about }, 'queue notice listener failed');
      }
    }
  }
}
