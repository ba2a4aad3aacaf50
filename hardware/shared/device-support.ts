import type { DeviceHealth, DeviceKind, Unsubscribe } from '../../src-shared/devices/types';

/**
 * Small pieces every input-device driver shares: an injectable clock and timers (so tests never
 * sleep), a pino-compatible logger, a bounded reconnect backoff, listener sets and the health
 * record staff see. The QR scanner drivers import this too.
 */

/** Epoch milliseconds. */
export type Clock = () => number;

/** Schedules `callback` after `ms`; returns a function that cancels it. */
export type Timers = { setTimeout(callback: () => void, ms: number): () => void };

/** The subset of pino the drivers use: `logger.warn({ reason }, 'unreadable card')`. */
export type DeviceLogger = {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
};

export const realTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    // A reconnect waiting for a device must never keep a stopping hub alive.
    handle.unref();
    return () => clearTimeout(handle);
  },
};

export const silentLogger: DeviceLogger = { info: () => {}, warn: () => {}, error: () => {} };

export type BackoffOptions = {
  /** First retry delay, ms. Default 250. */
  initialMs?: number;
  /** Largest delay, ms: a device that comes back is noticed within this. Default 5000. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
};

/** Exponential delays, capped; `reset` after a success. No jitter: one device, one host. */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 5000;
    this.factor = options.factor ?? 2;
    if (!(this.initialMs > 0 && this.maxMs >= this.initialMs && this.factor >= 1)) {
      throw new RangeError('backoff needs initialMs > 0, maxMs ≥ initialMs and factor ≥ 1');
    }
  }

  next(): number {
    const delay = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    if (delay < this.maxMs) this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}

export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T, logger: DeviceLogger): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (error) {
        // One failing listener (a screen, the log) must not stop the others hearing a read.
        logger.error({ err: errorMessage(error) }, 'device listener failed');
      }
    }
  }
}

/** Keeps a device's DeviceHealth and tells listeners when something staff care about changes. */
export class HealthTracker {
  private state: DeviceHealth;
  private readonly listeners = new Listeners<DeviceHealth>();

  constructor(
    base: { id: string; kind: DeviceKind; driver: string },
    private readonly clock: Clock,
    private readonly logger: DeviceLogger,
  ) {
    this.state = { ...base, connected: false, lastSeenAt: null, lastError: null };
  }

  snapshot(): DeviceHealth {
    return { ...this.state };
  }

  onChange(listener: (health: DeviceHealth) => void): Unsubscribe {
    return this.listeners.add(listener);
  }

  /** The device answered or sent data. */
  seen(): void {
    this.state = { ...this.state, lastSeenAt: new Date(this.clock()).toISOString() };
  }

  connected(): void {
    const changed = !this.state.connected || this.state.lastError !== null;
    this.state = { ...this.state, connected: true, lastError: null, lastSeenAt: new Date(this.clock()).toISOString() };
    if (changed) this.listeners.emit(this.snapshot(), this.logger);
  }

  disconnected(error: string | null): void {
    const changed = this.state.connected || this.state.lastError !== error;
    this.state = { ...this.state, connected: false, lastError: error };
    if (changed) this.listeners.emit(this.snapshot(), this.logger);
  }

  /** An error that leaves the device connected (e.g. an ioctl a pty refuses). */
  error(error: string): void {
    const changed = this.state.lastError !== error;
    this.state = { ...this.state, lastError: error };
    if (changed) this.listeners.emit(this.snapshot(), this.logger);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isoAt(clock: Clock): string {
  return new Date(clock()).toISOString();
}

/**
 * A device link's open-and-retry loop: one attempt at a time, the next scheduled only once the
 * last is over (so a retry never joins a stale attempt), with backoff while the device is wanted.
 */
export class Reconnector {
  private attempt: Promise<void> | null = null;
  private cancelRetry: (() => void) | null = null;

  constructor(
    /** One attempt; resolves true when it failed and should be retried. Never rejects. */
    private readonly attemptOnce: () => Promise<boolean>,
    /** Whether the device is still wanted (started); no retry is scheduled otherwise. */
    private readonly wanted: () => boolean,
    private readonly timers: Timers,
    private readonly backoff: Backoff,
  ) {}

  connect(): Promise<void> {
    this.attempt ??= this.attemptOnce().then((failed) => {
      this.attempt = null;
      if (failed) this.retryLater();
    });
    return this.attempt;
  }

  retryLater(): void {
    if (!this.wanted() || this.cancelRetry) return;
    this.cancelRetry = this.timers.setTimeout(() => {
      this.cancelRetry = null;
      void this.connect();
    }, this.backoff.next());
  }

  /** The link is up: the next loss starts again from the shortest delay. */
  succeeded(): void {
    this.backoff.reset();
  }

  /** Cancels a pending retry and waits for an attempt in flight to finish. */
  async stop(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = null;
    await this.attempt;
  }
}
