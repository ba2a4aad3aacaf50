import { parseQrPayload, type QrParseOptions } from '../../src-shared/devices/qr-payload';
import type { DeviceHealth, QrReadEvent, QrScanner, Unsubscribe } from '../../src-shared/devices/types';
import { HealthTracker, isoAt, Listeners, silentLogger, type Clock, type DeviceLogger } from '../shared/device-support';

/**
 * "simulator": the demo hub's scanner, driven from the staff side. "camera" and "wedge": the
 * scanning happens in the kiosk page (camera decoder, wedge burst detector) and the page hands
 * the text to the core, which feeds it here — so every QR read, whatever its source, is parsed
 * by the same rules, emitted as the same event and shows in device health.
 */
export type PassiveQrDriver = 'simulator' | 'camera' | 'wedge';

export type SimulatedQrScannerDeps = {
  id?: string;
  driver?: PassiveQrDriver;
  clock?: Clock;
  logger?: DeviceLogger;
  qr?: QrParseOptions;
};

export class SimulatedQrScanner implements QrScanner {
  readonly id: string;
  readonly driver: PassiveQrDriver;

  private readonly clock: Clock;
  private readonly logger: DeviceLogger;
  private readonly qr: QrParseOptions;
  private readonly tracker: HealthTracker;
  private readonly reads = new Listeners<QrReadEvent>();
  private started = false;
  private connected = true;
  private connectionError: string | null = null;

  constructor(deps: SimulatedQrScannerDeps = {}) {
    this.id = deps.id ?? 'qr-scanner';
    this.driver = deps.driver ?? 'simulator';
    this.clock = deps.clock ?? Date.now;
    this.logger = deps.logger ?? silentLogger;
    this.qr = deps.qr ?? {};
    this.tracker = new HealthTracker({ id: this.id, kind: 'qr-scanner', driver: this.driver }, this.clock, this.logger);
  }

  async start(): Promise<void> {
    this.started = true;
    this.announce();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.tracker.disconnected(null);
  }

  /**
   * A scan, simulated or reported by the kiosk page. Returns the event emitted, or null when the
   * scanner is stopped or disconnected. The text is parsed, never echoed.
   */
  simulateScan(text: string): QrReadEvent | null {
    if (!this.started || !this.connected) return null;
    this.tracker.seen();
    const result = parseQrPayload(text, this.qr);
    const at = isoAt(this.clock);
    let event: QrReadEvent;
    if (result.ok) {
      event = { type: 'qr', payload: result.payload, at };
    } else {
      this.logger.warn({ device: this.id, reason: result.reason }, `rejected QR code: ${result.detail}`);
      event = { type: 'rejected', reason: result.reason, at };
    }
    this.reads.emit(event, this.logger);
    return event;
  }

  /** The page's camera state (e.g. permission refused, no camera), or a simulated unplug. */
  reportConnection(connected: boolean, error: string | null = null): void {
    this.connected = connected;
    this.connectionError = connected ? null : (error ?? `${this.driver === 'camera' ? 'camera' : 'QR scanner'} disconnected`);
    if (this.started) this.announce();
  }

  simulateUnplug(): void {
    this.reportConnection(false, 'QR scanner disconnected (simulated)');
  }

  simulateReplug(): void {
    this.reportConnection(true);
  }

  onRead(listener: (event: QrReadEvent) => void): Unsubscribe {
    return this.reads.add(listener);
  }

  onHealthChange(listener: (health: DeviceHealth) => void): Unsubscribe {
    return this.tracker.onChange(listener);
  }

  health(): DeviceHealth {
    return this.tracker.snapshot();
  }

  private announce(): void {
    if (this.connected) this.tracker.connected();
    else this.tracker.disconnected(this.connectionError);
  }
}
