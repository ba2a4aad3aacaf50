import { compileCardPattern, defaultCardRules, type CardRules } from '../../src-shared/devices/card-rules';
import type { CardReader, CardReadEvent, DeviceHealth, Unsubscribe } from '../../src-shared/devices/types';
import { cardEventFor } from './card-event';
import { HealthTracker, isoAt, Listeners, silentLogger, type Clock, type DeviceLogger } from '../shared/device-support';

export type SimulatedCardReaderDeps = { id?: string; clock?: Clock; logger?: DeviceLogger; rules?: CardRules };

/**
 * The demo hub's card reader, driven from the staff side ("simulate card"). A simulated card
 * goes through the same normalisation as a real one, and the reader can be "unplugged" so the
 * device alerts can be shown without hardware.
 */
export class SimulatedCardReader implements CardReader {
  readonly id: string;
  readonly driver = 'simulator' as const;

  private readonly rules: CardRules;
  private readonly clock: Clock;
  private readonly logger: DeviceLogger;
  private readonly tracker: HealthTracker;
  private readonly reads = new Listeners<CardReadEvent>();
  private started = false;
  private plugged = true;

  constructor(deps: SimulatedCardReaderDeps = {}) {
    this.id = deps.id ?? 'card-reader';
    this.rules = deps.rules ?? defaultCardRules;
    compileCardPattern(this.rules.pattern);
    this.clock = deps.clock ?? Date.now;
    this.logger = deps.logger ?? silentLogger;
    this.tracker = new HealthTracker({ id: this.id, kind: 'card-reader', driver: this.driver }, this.clock, this.logger);
  }

  async start(): Promise<void> {
    this.started = true;
    if (this.plugged) this.tracker.connected();
    else this.tracker.disconnected('card reader disconnected (simulated)');
  }

  async stop(): Promise<void> {
    this.started = false;
    this.tracker.disconnected(null);
  }

  /**
   * Presents a card as if read; returns the event emitted, or null when the reader is stopped or
   * unplugged (a real reader would deliver nothing then either).
   */
  simulateCard(raw: string): CardReadEvent | null {
    if (!this.started || !this.plugged) return null;
    this.tracker.seen();
    const event = cardEventFor(raw, this.rules, isoAt(this.clock), { logger: this.logger, deviceId: this.id });
    this.reads.emit(event, this.logger);
    return event;
  }

  simulateUnplug(): void {
    this.plugged = false;
    if (this.started) this.tracker.disconnected('card reader disconnected (simulated)');
  }

  simulateReplug(): void {
    this.plugged = true;
    if (this.started) this.tracker.connected();
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
}
