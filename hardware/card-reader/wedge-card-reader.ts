import { compileCardPattern, defaultCardRules, type CardRules } from '../../src-shared/devices/card-rules';
import type { CardReader, CardReadEvent, DeviceHealth, Unsubscribe } from '../../src-shared/devices/types';
import { createWedgeDetector, type WedgeDecision, type WedgeDetector, type WedgeOptions, type WedgeOutput } from '../../src-shared/devices/wedge';
import { cardEventFor } from './card-event';
import { HealthTracker, isoAt, Listeners, realTimers, silentLogger, type Clock, type DeviceLogger, type Timers } from '../shared/device-support';

export type WedgeCardReaderOptions = WedgeOptions & { rules?: CardRules };

export type WedgeCardReaderDeps = {
  id?: string;
  /** Epoch ms; also the default stamp of keys fed without `at`. */
  clock?: Clock;
  timers?: Timers;
  logger?: DeviceLogger;
};

/** A keydown as the Electron shell sees it in `before-input-event` (type "keyDown" only). */
export type WedgeKeyInput = { key: string; at?: number; repeat?: boolean; modified?: boolean };

/**
 * A keyboard-wedge card reader for the Electron main process: the shell feeds it the kiosk
 * window's key events and it tells the shell which to swallow. In a plain browser the kiosk page
 * runs the same detector (src-shared/devices/wedge.ts) itself.
 *
 * ```ts
 * win.webContents.on('before-input-event', (event, input) => {
 *   if (input.type !== 'keyDown') return;
 *   const decision = reader.handleKey({ key: input.key, repeat: input.isAutoRepeat, modified: input.control || input.alt || input.meta });
 *   if (decision.suppress) event.preventDefault();
 * });
 * reader.onRelease((text) => win.webContents.insertText(text));
 * ```
 *
 * Held keys that turn out to be a person typing are handed to `onRelease` listeners — at once,
 * inside `handleKey` (so before the current key's own default action), or later from the
 * quiet-gap timer. Bursts become CardReadEvents through the configured card rules.
 */
export class WedgeCardReader implements CardReader {
  readonly id: string;
  readonly driver = 'wedge' as const;

  private readonly detector: WedgeDetector;
  private readonly rules: CardRules;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly logger: DeviceLogger;
  private readonly tracker: HealthTracker;
  private readonly reads = new Listeners<CardReadEvent>();
  private readonly releases = new Listeners<string>();
  private cancelTick: (() => void) | null = null;
  private started = false;

  constructor(options: WedgeCardReaderOptions = {}, deps: WedgeCardReaderDeps = {}) {
    const { rules, ...wedge } = options;
    this.detector = createWedgeDetector(wedge);
    this.rules = rules ?? defaultCardRules;
    // A bad pattern is a configuration error: refuse it at start, not at the first card.
    compileCardPattern(this.rules.pattern);
    this.id = deps.id ?? 'card-reader';
    this.clock = deps.clock ?? Date.now;
    this.timers = deps.timers ?? realTimers;
    this.logger = deps.logger ?? silentLogger;
    this.tracker = new HealthTracker({ id: this.id, kind: 'card-reader', driver: this.driver }, this.clock, this.logger);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // The keyboard is the window's own: present whenever the reader listens.
    this.tracker.connected();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.apply(this.detector.flush());
    this.started = false;
    this.cancelTick?.();
    this.cancelTick = null;
    this.tracker.disconnected(null);
  }

  /** Feed one keydown; prevent its default action when `suppress` is true. Ignored until started. */
  handleKey(input: WedgeKeyInput): WedgeDecision {
    if (!this.started) return { suppress: false, outputs: [] };
    const decision = this.detector.feed({
      key: input.key,
      at: input.at ?? this.clock(),
      ...(input.repeat !== undefined ? { repeat: input.repeat } : {}),
      ...(input.modified !== undefined ? { modified: input.modified } : {}),
    });
    this.apply(decision.outputs);
    this.reschedule();
    return decision;
  }

  /** Releases held keys as typing now (the window lost focus, a screen changed). */
  flush(): void {
    this.apply(this.detector.flush());
    this.reschedule();
  }

  /** Text of held keys that were a person typing, to insert into the focused field. */
  onRelease(listener: (text: string) => void): Unsubscribe {
    return this.releases.add(listener);
  }

  onRead(listener: (event: CardReadEvent) => void): Unsubscribe {
    return this.reads.add(listener);
  }

  onHealthChange(listener: (health: DeviceHealth) => void): Unsubscribe {
    return this.tracker.onChange(listener);
  }

  health(): DeviceHealth {
    return this.tracker.snapshot();
  }

  private apply(outputs: WedgeOutput[]): void {
    for (const output of outputs) {
      if (output.type === 'release') {
        this.releases.emit(output.text, this.logger);
        continue;
      }
      this.tracker.seen();
      this.reads.emit(cardEventFor(output.text, this.rules, isoAt(this.clock), { logger: this.logger, deviceId: this.id }), this.logger);
    }
  }

  private reschedule(): void {
    this.cancelTick?.();
    this.cancelTick = null;
    const due = this.detector.deadline();
    if (due === null || !this.started) return;
    this.cancelTick = this.timers.setTimeout(() => {
      this.cancelTick = null;
      this.apply(this.detector.tick(this.clock()));
      this.reschedule();
    }, Math.max(0, due - this.clock()));
  }
}
