import { compileCardPattern, defaultCardRules, MAX_RAW_CARD_LENGTH, type CardRules } from '../../src-shared/devices/card-rules';
import type { CardReader, CardReadEvent, DeviceHealth, Unsubscribe } from '../../src-shared/devices/types';
import { cardEventFor, unreadableEvent } from './card-event';
import {
  Backoff,
  Reconnector,
  errorMessage,
  HealthTracker,
  isoAt,
  Listeners,
  realTimers,
  silentLogger,
  type BackoffOptions,
  type Clock,
  type DeviceLogger,
  type Timers,
} from '../shared/device-support';
import { hex, type HidDevice, type HidOpener } from './hid-device';
import { BootKeyboardDecoder } from './hid-report';

export type HidCardReaderOptions = {
  vendorId: number;
  productId: number;
  rules?: CardRules;
  /**
   * A card's characters arrive within milliseconds of each other; a partial card older than
   * this (a reader that lost its Enter) is reported unreadable rather than glued to the next
   * card. Default 1000 ms.
   */
  staleAfterMs?: number;
};

export type HidCardReaderDeps = {
  id?: string;
  /** Defaults to node-hid (openNodeHidDevice). Tests pass FakeHidReader.open. */
  openHid?: HidOpener;
  clock?: Clock;
  timers?: Timers;
  logger?: DeviceLogger;
  backoff?: BackoffOptions;
};

/**
 * A raw HID card reader (a USB "keyboard" that the OS does not type into the kiosk because the
 * hub reads it directly). Reports are decoded as a boot keyboard; Enter ends a card. When the
 * device goes away (a read error or close) health turns disconnected and the reader tries to
 * reopen it with capped backoff for as long as it is started — a reader replugged hours later
 * is picked up within `backoff.maxMs`.
 */
export class HidCardReader implements CardReader {
  readonly id: string;
  readonly driver = 'hid' as const;

  private readonly rules: CardRules;
  private readonly staleAfterMs: number;
  private readonly open: HidOpener;
  private readonly clock: Clock;
  private readonly logger: DeviceLogger;
  private readonly link: Reconnector;
  private readonly tracker: HealthTracker;
  private readonly reads = new Listeners<CardReadEvent>();
  private readonly decoder = new BootKeyboardDecoder();

  private started = false;
  private device: HidDevice | null = null;
  private detach: Unsubscribe[] = [];
  private buffer = '';
  private overflow = false;
  private lastCharAt = 0;
  private lastFailure: string | null = null;

  constructor(
    private readonly options: HidCardReaderOptions,
    deps: HidCardReaderDeps = {},
  ) {
    this.id = deps.id ?? 'card-reader';
    this.rules = options.rules ?? defaultCardRules;
    // A bad pattern is a configuration error: refuse it at start, not at the first card.
    compileCardPattern(this.rules.pattern);
    this.staleAfterMs = options.staleAfterMs ?? 1000;
    this.open = deps.openHid ?? (async (selector) => (await import('./node-hid-device')).openNodeHidDevice(selector));
    this.clock = deps.clock ?? Date.now;
    this.logger = deps.logger ?? silentLogger;
    this.link = new Reconnector(() => this.openOnce(), () => this.started, deps.timers ?? realTimers, new Backoff(deps.backoff));
    this.tracker = new HealthTracker({ id: this.id, kind: 'card-reader', driver: this.driver }, this.clock, this.logger);
  }

  /** Never rejects for a missing device: a reader being absent must not stop the hub starting. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.link.connect();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.link.stop();
    const device = this.device;
    this.release();
    if (device) await device.close().catch(() => undefined);
    this.tracker.disconnected(null);
  }

  onRead(listener: (event: CardReadEvent) => void): Unsubscribe {
    return this.reads.add(listener);
  }

  /** Called when connected, disconnected or a new error appears (for staff alerts). */
  onHealthChange(listener: (health: DeviceHealth) => void): Unsubscribe {
    return this.tracker.onChange(listener);
  }

  health(): DeviceHealth {
    return this.tracker.snapshot();
  }

  /** One attempt; resolves true when it failed and should be retried. Never rejects. */
  private async openOnce(): Promise<boolean> {
    if (!this.started || this.device) return false;
    const selector = { vendorId: this.options.vendorId, productId: this.options.productId };
    let device: HidDevice;
    try {
      device = await this.open(selector);
    } catch (error) {
      const message = errorMessage(error);
      // Log an outage once, not once per retry.
      if (message !== this.lastFailure) this.logger.warn({ device: this.id, err: message }, 'card reader not available; retrying');
      this.lastFailure = message;
      // Staff keep seeing what first went wrong (e.g. "disconnected"), not each retry's wording.
      this.tracker.disconnected(this.tracker.snapshot().lastError ?? message);
      return true;
    }
    if (!this.started) {
      await device.close().catch(() => undefined);
      return false;
    }
    this.device = device;
    this.lastFailure = null;
    this.decoder.reset();
    this.clearBuffer();
    this.detach = [
      device.onData((report) => this.handleReport(report)),
      device.onError((error) => this.handleLoss(device, `card reader disconnected: ${error.message}`)),
      device.onClose(() => this.handleLoss(device, 'card reader disconnected')),
    ];
    this.link.succeeded();
    this.tracker.connected();
    this.logger.info({ device: this.id, vendorId: hex(selector.vendorId), productId: hex(selector.productId) }, 'card reader connected');
    return false;
  }

  private handleLoss(device: HidDevice, message: string): void {
    if (this.device !== device) return;
    this.release();
    if (this.buffer.length > 0) this.emit(unreadableEvent('incomplete', isoAt(this.clock), this.logContext(), 'the reader went away in the middle of a card'));
    this.clearBuffer();
    void device.close().catch(() => undefined);
    this.logger.warn({ device: this.id, err: message }, 'card reader lost; will reopen when it returns');
    this.tracker.disconnected(message);
    this.link.retryLater();
  }

  private release(): void {
    for (const off of this.detach) off();
    this.detach = [];
    this.device = null;
  }

  private handleReport(report: Uint8Array): void {
    this.tracker.seen();
    for (const { key, modified } of this.decoder.decode(report)) {
      if (key === 'Enter') {
        this.completeCard();
        continue;
      }
      if (modified || [...key].length !== 1) continue; // Tab, shortcuts, unknown usages carry no card data
      const now = this.clock();
      if (this.buffer.length > 0 && now - this.lastCharAt > this.staleAfterMs) {
        this.emit(unreadableEvent('incomplete', isoAt(this.clock), this.logContext(), 'a partial card was left without its end'));
        this.clearBuffer();
      }
      this.lastCharAt = now;
      if (this.buffer.length >= MAX_RAW_CARD_LENGTH) this.overflow = true;
      else this.buffer += key;
    }
  }

  private completeCard(): void {
    if (this.buffer.length === 0 && !this.overflow) return; // a lone Enter is not a card
    const at = isoAt(this.clock);
    const event = this.overflow
      ? unreadableEvent('too-long', at, this.logContext(), 'the card read is longer than any card the hub accepts')
      : cardEventFor(this.buffer, this.rules, at, this.logContext());
    this.clearBuffer();
    this.emit(event);
  }

  private clearBuffer(): void {
    this.buffer = '';
    this.overflow = false;
  }

  private emit(event: CardReadEvent): void {
    this.reads.emit(event, this.logger);
  }

  private logContext() {
    return { logger: this.logger, deviceId: this.id };
  }
}
