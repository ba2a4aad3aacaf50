import { randomUUID } from 'node:crypto';
import type {
  DeviceHealth,
  PrintableTicket,
  PrinterStatus,
  PrintErrorCode,
  PrintResult,
  TicketPrinter,
  Unsubscribe,
} from '../../src-shared/devices/types';
import { createTicketEncoder, TicketEncodingError, type TicketEncoder, type TicketEncoderOptions } from './encode-ticket';
import { decodeStatusBytes, statusProblem, statusRequestBytes, statusRequests, statusWarning, toPrinterStatus, StatusByteError } from './status';
import { TransportError, silentLogger, type PrinterLogger, type PrinterTransport } from './types';

/**
 * A TicketPrinter over any transport: status (DLE EOT 1–4) before the job and after it, each
 * ticket printed at most once unless staff ask for a reprint, every wait bounded, and a
 * DeviceHealth kept for the staff screens.
 */

export class PrinterError extends Error {
  constructor(
    readonly code: PrintErrorCode,
    message: string,
    readonly status: PrinterStatus | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrinterError';
  }
}

/** Where the outcome of each ticket's print is remembered; swap in a durable one to survive restarts. */
export type PrintedTicketStore = {
  get(ticketId: string): PrintResult | undefined;
  set(ticketId: string, result: PrintResult): void;
};

/** In memory, forgetting the oldest once it holds `limit` tickets (a busy hub issues a few hundred a day). */
export function createMemoryPrintedStore(limit = 10_000): PrintedTicketStore {
  const map = new Map<string, PrintResult>();
  return {
    get: (id) => map.get(id),
    set: (id, result) => {
      map.delete(id);
      map.set(id, result);
      if (map.size > limit) map.delete(map.keys().next().value as string);
    },
  };
}

export type EscPosPrinterOptions = {
  id: string;
  transport: PrinterTransport;
  /** A ready encoder, or options for the default one (columns, dots, rasteriser…). */
  encoder?: TicketEncoder | TicketEncoderOptions;
  /** Per status request (each of DLE EOT 1–4). */
  statusTimeoutMs?: number;
  /** For sending a whole job. */
  writeTimeoutMs?: number;
  printedStore?: PrintedTicketStore;
  logger?: PrinterLogger;
  clock?: () => Date;
};

type HealthListener = (health: DeviceHealth) => void;

export class EscPosPrinter implements TicketPrinter {
  readonly id: string;
  private readonly transport: PrinterTransport;
  private readonly encode: TicketEncoder;
  private readonly statusTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly printed: PrintedTicketStore;
  private readonly inFlight = new Map<string, Promise<PrintResult>>();
  private readonly logger: PrinterLogger;
  private readonly clock: () => Date;
  private readonly listeners = new Set<HealthListener>();
  private current: DeviceHealth;
  /** One conversation with the printer at a time: a status poll must not split a job. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: EscPosPrinterOptions) {
    this.id = options.id;
    this.transport = options.transport;
    this.encode = typeof options.encoder === 'function' ? options.encoder : createTicketEncoder(options.encoder ?? {});
    this.statusTimeoutMs = options.statusTimeoutMs ?? 2000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    this.printed = options.printedStore ?? createMemoryPrintedStore();
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? (() => new Date());
    this.current = { id: this.id, kind: 'printer', driver: this.transport.driver, connected: false, lastSeenAt: null, paper: 'unknown', lastError: null };
  }

  /** Prints the ticket unless it was printed before; then answers with the earlier outcome. */
  print(ticket: PrintableTicket): Promise<PrintResult> {
    const earlier = this.printed.get(ticket.ticketId);
    if (earlier) return Promise.resolve(earlier.ok ? { ...earlier, alreadyPrinted: true } : earlier);
    const running = this.inFlight.get(ticket.ticketId);
    if (running) return running.then((r) => (r.ok ? { ...r, alreadyPrinted: true } : r));
    const job = this.exclusive(() => this.runJob(ticket)).finally(() => this.inFlight.delete(ticket.ticketId));
    this.inFlight.set(ticket.ticketId, job);
    return job;
  }

  /** Prints the ticket again, on purpose (staff pressed "reprint"). */
  reprint(ticket: PrintableTicket): Promise<PrintResult> {
    return this.exclusive(() => this.runJob(ticket));
  }

  /** Reads DLE EOT 1–4 now; throws PrinterError when the printer cannot be asked. */
  status(): Promise<PrinterStatus> {
    return this.exclusive(() => this.readStatus());
  }

  health(): DeviceHealth {
    return { ...this.current };
  }

  /** Called when connected, paper or lastError change (not on every lastSeenAt tick). */
  onHealthChange(listener: HealthListener): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.transport.close();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runJob(ticket: PrintableTicket): Promise<PrintResult> {
    const jobId = randomUUID();
    const fail = (code: PrintErrorCode, message: string, status: PrinterStatus | null): PrintResult => ({ ok: false, jobId, code, message, status });
    if (this.closed) return fail('PRINTER_UNREACHABLE', 'The printer driver is closed.', null);

    let bytes: Uint8Array;
    let notice: string | null;
    try {
      ({ bytes, notice } = this.encode(ticket));
    } catch (error) {
      // The printer is fine; the ticket cannot be drawn. Not a device fault for staff screens.
      const message = error instanceof TicketEncodingError ? error.message : `cannot encode ticket: ${String(error)}`;
      this.logger.warn('ticket not printable', { printer: this.id, ticketId: ticket.ticketId, reason: message });
      return { ok: false, jobId, code: 'PRINTER_ERROR', message, status: null, unprintable: true };
    }

    let before: PrinterStatus;
    try {
      before = await this.readStatus();
    } catch (error) {
      const e = asPrinterError(error);
      return fail(e.code, e.message, e.status);
    }
    const problem = statusProblem(before);
    if (problem) return fail(problem.code, problem.message, before);

    try {
      await this.transport.write(bytes, this.writeTimeoutMs);
    } catch (error) {
      const e = asPrinterError(error);
      this.markLost(e.message);
      const result = fail(e.code, `${e.message} (while sending ticket ${ticket.number})`, null);
      // Part of the job may be on paper: never print it again by itself, only by reprint().
      if (!(error instanceof TransportError && error.nothingSent)) this.printed.set(ticket.ticketId, result);
      return result;
    }
    this.logger.info('ticket sent to printer', { printer: this.id, ticketId: ticket.ticketId, jobId, bytes: bytes.length });
    if (notice) this.logger.warn('ticket printed other than asked', { printer: this.id, ticketId: ticket.ticketId, notice });

    let result: PrintResult;
    try {
      const after = await this.readStatus();
      const afterProblem = statusProblem(after);
      result = afterProblem
        ? fail(afterProblem.code, `${afterProblem.message} (after ticket ${ticket.number} was sent)`, after)
        : { ok: true, jobId, status: after, ...(notice ? { notice } : {}) };
    } catch (error) {
      const e = asPrinterError(error);
      result = fail(e.code, `${e.message} (after ticket ${ticket.number} was sent)`, null);
    }
    this.printed.set(ticket.ticketId, result);
    return result;
  }

  private async readStatus(): Promise<PrinterStatus> {
    if (this.closed) throw new PrinterError('PRINTER_UNREACHABLE', 'The printer driver is closed.');
    const bytes: number[] = [];
    try {
      for (const n of statusRequests) {
        const reply = await this.transport.request(statusRequestBytes(n), 1, this.statusTimeoutMs);
        bytes.push(reply[0] ?? -1);
      }
    } catch (error) {
      const e = asPrinterError(error);
      this.markLost(e.message);
      throw e;
    }
    let status: PrinterStatus;
    try {
      status = toPrinterStatus(decodeStatusBytes(bytes));
    } catch (error) {
      // Not an ESC/POS printer, or a reply out of step: start over on a fresh connection.
      await this.transport.close().catch(() => undefined);
      const message = error instanceof StatusByteError ? error.message : String(error);
      this.markLost(message);
      throw new PrinterError('PRINTER_ERROR', message, null, { cause: error });
    }
    const problem = statusProblem(status);
    this.setHealth({
      connected: true,
      lastSeenAt: this.clock().toISOString(),
      paper: status.paper,
      lastError: problem?.message ?? statusWarning(status),
    });
    return status;
  }

  private markLost(message: string): void {
    this.setHealth({ connected: false, lastSeenAt: this.current.lastSeenAt, paper: 'unknown', lastError: message });
  }

  private setHealth(change: Pick<DeviceHealth, 'connected' | 'lastSeenAt' | 'paper' | 'lastError'>): void {
    const before = this.current;
    this.current = { ...before, ...change };
    const changed = before.connected !== change.connected || before.paper !== change.paper || before.lastError !== change.lastError;
    if (!changed) return;
    if (change.lastError && change.lastError !== before.lastError) this.logger.warn('printer needs attention', { printer: this.id, problem: change.lastError });
    const snapshot = this.health();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.logger.error('printer health listener failed', { printer: this.id, error: String(error) });
      }
    }
  }
}

function asPrinterError(error: unknown): PrinterError {
  if (error instanceof PrinterError) return error;
  if (error instanceof TransportError) {
    const code: PrintErrorCode = error.kind === 'timeout' ? 'PRINTER_TIMEOUT' : 'PRINTER_UNREACHABLE';
    return new PrinterError(code, error.message, null, { cause: error });
  }
  return new PrinterError('PRINTER_ERROR', error instanceof Error ? error.message : String(error), null, { cause: error });
}

export function createEscPosPrinter(options: EscPosPrinterOptions): EscPosPrinter {
  return new EscPosPrinter(options);
}
