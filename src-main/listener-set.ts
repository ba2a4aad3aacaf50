import type { Logger } from 'pino';
import pino from 'pino';

export type Unsubscribe = () => void;

let fallbackLogger: Logger | null = null;

/** For a part of the core built without a logger (a test, a tool): the hub's usual stdout logger. */
export function defaultLogger(): Logger {
  fallbackLogger ??= pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' });
  return fallbackLogger;
}

/**
 * Listeners of one kind of message (alerts, device health, reads). Every listener hears every
 * message: one that throws (a screen's connection closing under it) is logged with what it was
 * hearing, and the others still hear it.
 */
export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** `what` names the message in the log, e.g. "alert" → "alert listener failed". */
  constructor(
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  /** `context` is what the log needs to tell which message failed (ids and kinds, never personal data). */
  emit(value: T, context: Record<string, unknown> = {}): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error({ err: error, listener: this.what, ...context }, `${this.what} listener failed`);
      }
    }
  }
}
