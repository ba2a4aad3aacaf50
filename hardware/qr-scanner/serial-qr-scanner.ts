import { parseQrPayload, type QrParseOptions } from '../../src-shared/devices/qr-payload';
import type { DeviceHealth, QrReadEvent, QrScanner, Unsubscribe } from '../../src-shared/devices/types';
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
import { LineFramer } from './line-framer';

export type SerialQrScannerOptions = {
  /** e.g. "/dev/ttyACM0", "/dev/serial/by-id/usb-…", "COM5". Wins over vendor/product id. */
  path?: string;
  /** Looked up with SerialPort.list() at every (re)connect: a replugged scanner may get a new ttyACM number. */
  vendorId?: number;
  productId?: number;
  baudRate?: number;
  /** What the scanner sends after each code; any string. Default "\r". */
  endChar?: string;
  qr?: QrParseOptions;
};

/** What SerialPort.list() reports of a port (vendor/product ids as hex strings). */
export type SerialPortInfo = { path: string; vendorId?: string | undefined; productId?: string | undefined };

type CloseError = Error & { disconnected?: boolean };

/** The part of serialport's SerialPort this driver uses (so a test can pass SerialPortMock). */
export type SerialPortLike = {
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  set(options: { dtr?: boolean; rts?: boolean }, callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (error?: CloseError | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  readonly isOpen: boolean;
};

export type SerialQrScannerDeps = {
  id?: string;
  clock?: Clock;
  timers?: Timers;
  logger?: DeviceLogger;
  backoff?: BackoffOptions;
  /** Default SerialPort.list. */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** Default `new SerialPort({ path, baudRate, autoOpen: false })`. */
  createPort?: (options: { path: string; baudRate: number }) => SerialPortLike | Promise<SerialPortLike>;
  /** Diagnostics: told the size of every chunk read (tests use it to prove chunks are split). */
  onChunk?: (bytes: number) => void;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A USB-CDC (virtual serial) QR / barcode scanner. Scans are framed by `endChar`, parsed with
 * src-shared/devices/qr-payload.ts and emitted as QrReadEvents; a payload is never logged raw.
 * Unplugging shows as `close` with `disconnected: true`; the scanner then reconnects with capped
 * backoff for as long as it is started.
 */
export class SerialQrScanner implements QrScanner {
  readonly id: string;
  readonly driver = 'serial' as const;

  private readonly framer: LineFramer;
  private readonly clock: Clock;
  private readonly logger: DeviceLogger;
  private readonly link: Reconnector;
  private readonly tracker: HealthTracker;
  private readonly reads = new Listeners<QrReadEvent>();
  private readonly listPorts: () => Promise<SerialPortInfo[]>;
  private readonly createPort: (options: { path: string; baudRate: number }) => SerialPortLike | Promise<SerialPortLike>;

  private started = false;
  private port: SerialPortLike | null = null;
  private lastFailure: string | null = null;
  private toldAboutModemLines = false;

  constructor(
    private readonly options: SerialQrScannerOptions,
    private readonly deps: SerialQrScannerDeps = {},
  ) {
    this.id = deps.id ?? 'qr-scanner';
    this.framer = new LineFramer(options.endChar ?? '\r');
    this.clock = deps.clock ?? Date.now;
    this.logger = deps.logger ?? silentLogger;
    this.link = new Reconnector(() => this.connectOnce(), () => this.started, deps.timers ?? realTimers, new Backoff(deps.backoff));
    this.tracker = new HealthTracker({ id: this.id, kind: 'qr-scanner', driver: this.driver }, this.clock, this.logger);
    this.listPorts = deps.listPorts ?? (async () => (await import('serialport')).SerialPort.list());
    this.createPort =
      deps.createPort ??
      (async ({ path, baudRate }) => {
        const { SerialPort } = await import('serialport');
        return new SerialPort({ path, baudRate, autoOpen: false });
      });
  }

  /** Never rejects for a missing scanner: it is retried in the background. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!this.options.path && (this.options.vendorId === undefined || this.options.productId === undefined)) {
      // A configuration mistake, not an outage: say so and do not retry.
      this.tracker.disconnected('no serial path or vendor/product id is configured for the QR scanner');
      this.logger.error({ device: this.id }, 'QR scanner has no path or vendor/product id');
      return;
    }
    await this.link.connect();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.link.stop();
    const port = this.port;
    this.port = null;
    if (port) await closePort(port);
    this.framer.reset();
    this.tracker.disconnected(null);
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

  /** One attempt; resolves true when it failed and should be retried. Never rejects. */
  private async connectOnce(): Promise<boolean> {
    if (!this.started || this.port) return false;
    let port: SerialPortLike | null = null;
    try {
      const path = await this.resolvePath();
      port = await this.createPort({ path, baudRate: this.options.baudRate ?? 9600 });
      const opened = port;
      opened.on('data', (chunk) => this.handleData(opened, chunk));
      opened.on('close', (error) => this.handleClose(opened, error ?? null));
      opened.on('error', (error) => this.handleError(opened, error));
      await new Promise<void>((resolve, reject) => opened.open((error) => (error ? reject(error) : resolve())));
      if (!this.started) {
        await closePort(opened);
        return false;
      }
      this.port = opened;
      this.framer.reset();
      this.link.succeeded();
      this.lastFailure = null;
      this.tracker.connected();
      this.logger.info({ device: this.id, path }, 'QR scanner connected');
      this.assertModemLines(opened);
      return false;
    } catch (error) {
      port?.removeAllListeners();
      const message = errorMessage(error);
      if (message !== this.lastFailure) this.logger.warn({ device: this.id, err: message }, 'QR scanner not available; retrying');
      this.lastFailure = message;
      // Staff keep seeing what first went wrong (e.g. "disconnected"), not each retry's wording.
      this.tracker.disconnected(this.tracker.snapshot().lastError ?? message);
      return true;
    }
  }

  private async resolvePath(): Promise<string> {
    if (this.options.path) return this.options.path;
    const { vendorId, productId } = this.options;
    const ports = await this.listPorts();
    const match = ports.find((p) => hexEquals(p.vendorId, vendorId) && hexEquals(p.productId, productId));
    if (!match) throw new Error(`no serial port with USB id ${hex(vendorId)}:${hex(productId)} is connected`);
    return match.path;
  }

  // Some CDC scanners only send while DTR is asserted. A pty (and some adapters) refuses the
  // ioctl; that is harmless, so it is noted once and never treated as a failure.
  private assertModemLines(port: SerialPortLike): void {
    port.set({ dtr: true, rts: true }, (error) => {
      if (error && !this.toldAboutModemLines) {
        this.toldAboutModemLines = true;
        this.logger.info({ device: this.id, err: error.message }, 'QR scanner port does not support DTR/RTS; continuing without');
      }
    });
  }

  private handleData(port: SerialPortLike, chunk: Buffer): void {
    if (port !== this.port) return;
    this.deps.onChunk?.(chunk.length);
    this.tracker.seen();
    for (const frame of this.framer.push(chunk)) {
      if (!frame.ok) {
        this.reject(frame.reason, 'the scan had no end within the longest allowed code');
        continue;
      }
      let text: string;
      try {
        text = utf8.decode(frame.bytes);
      } catch {
        this.reject('not-text', 'the scan was not valid UTF-8 text');
        continue;
      }
      // "\r\n" scanners with endChar "\r" leave a lone "\n" behind: not a scan.
      if (text.trim() === '') continue;
      const result = parseQrPayload(text, this.options.qr);
      if (result.ok) this.reads.emit({ type: 'qr', payload: result.payload, at: isoAt(this.clock) }, this.logger);
      else this.reject(result.reason, result.detail);
    }
  }

  private reject(reason: string, detail: string): void {
    this.logger.warn({ device: this.id, reason }, `rejected QR code: ${detail}`);
    this.reads.emit({ type: 'rejected', reason, at: isoAt(this.clock) }, this.logger);
  }

  private handleClose(port: SerialPortLike, error: CloseError | null): void {
    if (port !== this.port) return;
    this.port = null;
    port.removeAllListeners();
    this.framer.reset();
    const message = error?.disconnected ? 'QR scanner disconnected' : `QR scanner port closed${error ? `: ${error.message}` : ''}`;
    this.logger.warn({ device: this.id, err: error?.message ?? null }, `${message}; will reconnect when it returns`);
    this.tracker.disconnected(message);
    this.link.retryLater();
  }

  private handleError(port: SerialPortLike, error: Error): void {
    this.logger.warn({ device: this.id, err: error.message }, 'QR scanner port error');
    if (port === this.port) this.tracker.error(error.message);
  }

}

function closePort(port: SerialPortLike): Promise<void> {
  return new Promise((resolve) => {
    port.removeAllListeners();
    if (!port.isOpen) return resolve();
    // Swallowed: a port that fails to close is gone either way.
    port.on('error', () => undefined);
    port.close(() => resolve());
  });
}

function hexEquals(reported: string | undefined, wanted: number | undefined): boolean {
  return reported !== undefined && wanted !== undefined && parseInt(reported, 16) === wanted;
}

function hex(id: number | undefined): string {
  return id === undefined ? '?' : `0x${id.toString(16).padStart(4, '0')}`;
}
