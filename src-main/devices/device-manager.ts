import type { Logger } from 'pino';
import type {
  CardReader,
  DeviceHealth,
  PrintableTicket,
  PrintResult,
  QrScanner,
  TicketPrinter,
} from '../../src-shared/devices/types';
import { defaultLogger, ListenerSet } from '../listener-set';

type HealthListener = (health: DeviceHealth) => void;

export type PrinterSimulatorState = 'ready' | 'near-end' | 'paper-out' | 'cover-open' | 'cutter-error' | 'offline';

/** The controls of simulated devices, present only where a simulator stands in for the device. */
export type Simulators = {
  card?: { simulateCard(raw: string): void };
  qr?: { simulateScan(raw: string): void };
  printer?: { setState(state: PrinterSimulatorState): void };
};

export type Devices = {
  printer: TicketPrinter | null;
  cardReader: CardReader | null;
  qrScanner: QrScanner | null;
  simulators?: Simulators;
};

/**
 * Owns the hub's devices: tells staff screens when a device's health changes and makes sure a
 * printer problem is reported, never thrown at the check-in that asked for the print.
 */
export class DeviceManager {
  // A screen that fails to hear a device change must not stop the others.
  private readonly listeners: ListenerSet<DeviceHealth>;
  private readonly last = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  /** `logger` hears a failing health listener; default: the hub's stdout logger. */
  constructor(
    readonly devices: Devices,
    options: { logger?: Logger } = {},
  ) {
    this.listeners = new ListenerSet('device health', options.logger ?? defaultLogger());
  }

  all(): (TicketPrinter | CardReader | QrScanner)[] {
    return [this.devices.printer, this.devices.cardReader, this.devices.qrScanner].filter((d) => d !== null);
  }

  health(): DeviceHealth[] {
    return this.all().map((d) => d.health());
  }

  onHealth(listener: HealthListener): () => void {
    return this.listeners.add(listener);
  }

  /** Compares every device's health with what was last announced and announces the changes. */
  refresh(): void {
    for (const health of this.health()) {
      const { lastSeenAt: _seen, ...meaningful } = health;
      const key = JSON.stringify(meaningful);
      if (this.last.get(health.id) === key) continue;
      this.last.set(health.id, key);
      this.listeners.emit(health, { deviceId: health.id, deviceKind: health.kind, connected: health.connected });
    }
  }

  /** Prints a ticket (once per ticket id), or again on purpose with `again`; null without a printer. */
  async print(ticket: PrintableTicket, options: { again?: boolean } = {}): Promise<PrintResult | null> {
    const printer = this.devices.printer;
    if (!printer) return null;
    let result: PrintResult;
    try {
      result = options.again ? await printer.reprint(ticket) : await printer.print(ticket);
    } catch (error) {
      result = { ok: false, jobId: ticket.ticketId, code: 'PRINTER_ERROR', message: (error as Error).message, status: null };
    }
    this.refresh();
    return result;
  }

  simulators(): Simulators {
    return this.devices.simulators ?? {};
  }

  /** Asks the printer for its status now (DLE EOT) and announces any change. */
  async pollPrinter(): Promise<void> {
    try {
      await this.devices.printer?.status();
    } catch {
      // The printer's health records the failure; the refresh below announces it.
    }
    this.refresh();
  }

  /** Polls the printer's status now and then, so paper running out shows before the next check-in. */
  startMonitoring(intervalMs = 10_000): void {
    if (this.timer) return;
    // Ask the printer first, so its first announced state is what it says, not "never seen".
    void this.pollPrinter();
    this.timer = setInterval(() => {
      void this.pollPrinter();
    }, intervalMs);
    this.timer.unref();
  }

  async start(): Promise<void> {
    await Promise.all([this.devices.cardReader?.start(), this.devices.qrScanner?.start()]);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.devices.cardReader?.stop(), this.devices.qrScanner?.stop(), this.devices.printer?.close()]);
  }
}
