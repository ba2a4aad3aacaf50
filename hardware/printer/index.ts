import type { DevicesConfig } from '../../src-shared/config/schema';
import { EscPosPrinter } from './escpos-printer';
import { createSimulatedPrinter } from './simulated-printer';
import { createTcpTransport } from './transport-tcp';
import { createSerialTransport } from './transport-serial';
import { createFileTransport } from './transport-file';
import { resolveTicketFonts, type TicketScript } from './fonts';
import type { TicketEncoderOptions } from './encode-ticket';
import type { PrinterLogger, TextRasteriser } from './types';
import type { PrintedTicketStore } from './escpos-printer';

/** The ticket printer the hub configuration asks for; null for `kind: none`. */

export type PrinterFactoryOptions = {
  id?: string;
  logger?: PrinterLogger;
  clock?: () => Date;
  /** Printable dots per line (576 for 80 mm at 203 dpi; 512 for 180 dpi TM-T88 models). */
  dotsPerLine?: number;
  /** Font files tried first for a script, before the ones fonts.ts declares (`devices.printerFonts`). */
  fonts?: Partial<Record<TicketScript, string[]>>;
  /** Replaces the canvas rasteriser altogether. */
  rasteriser?: TextRasteriser;
  /** 'raster' for printers without the QR command (GS ( k). */
  qr?: 'native' | 'raster';
  printedStore?: PrintedTicketStore;
};

const supportedColumns = [32, 35, 42, 44, 48];

export function createConfiguredPrinter(devices: Pick<DevicesConfig, 'printer' | 'printerColumns'>, options: PrinterFactoryOptions = {}): EscPosPrinter | null {
  const config = devices.printer;
  if (config.kind === 'none') return null;
  if (!supportedColumns.includes(devices.printerColumns)) {
    throw new RangeError(`devices.printerColumns must be one of ${supportedColumns.join(', ')} (got ${devices.printerColumns})`);
  }
  const encoder: TicketEncoderOptions = {
    columns: devices.printerColumns,
    ...(options.dotsPerLine ? { dotsPerLine: options.dotsPerLine } : {}),
    ...(options.rasteriser ? { rasteriser: options.rasteriser } : { fonts: resolveTicketFonts(options.fonts) }),
    ...(options.qr ? { qr: options.qr } : {}),
  };
  const common = {
    id: options.id ?? 'printer',
    encoder,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.printedStore ? { printedStore: options.printedStore } : {}),
  };
  const logger = options.logger ? { logger: options.logger } : {};
  switch (config.kind) {
    case 'simulator':
      return createSimulatedPrinter({ ...common, state: config.paper === 'out' ? 'paper-out' : config.paper === 'near-end' ? 'near-end' : 'ready' });
    case 'network':
      return new EscPosPrinter({
        ...common,
        transport: createTcpTransport({ host: config.host, port: config.port, connectTimeoutMs: config.timeoutMs, ...logger }),
        statusTimeoutMs: config.timeoutMs,
        writeTimeoutMs: config.timeoutMs * 2,
      });
    case 'serial':
      return new EscPosPrinter({
        ...common,
        transport: createSerialTransport({ path: config.path, baudRate: config.baudRate, ...logger }),
        statusTimeoutMs: config.timeoutMs,
        // 38400 baud moves about 4 KB a second; an Arabic ticket's images are 20 KB or more.
        writeTimeoutMs: Math.max(config.timeoutMs * 2, 30_000),
      });
    case 'usb':
      return new EscPosPrinter({
        ...common,
        transport: createFileTransport({ path: config.path, ...logger }),
        statusTimeoutMs: config.timeoutMs,
        writeTimeoutMs: config.timeoutMs * 2,
      });
    default:
      return assertNever(config);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown printer kind ${JSON.stringify(value)}`);
}

export { EscPosPrinter, PrinterError, createEscPosPrinter, createMemoryPrintedStore } from './escpos-printer';
export type { EscPosPrinterOptions, PrintedTicketStore } from './escpos-printer';
export { SimulatedPrinter, createSimulatedPrinter } from './simulated-printer';
export type { SimulatedPrinterOptions } from './simulated-printer';
export { startFakeNetworkPrinter } from './fake-network-printer';
export type { FakeNetworkPrinter, FakeNetworkPrinterOptions } from './fake-network-printer';
export { PrinterEmulator, fakePrinterStates, conditionStatusBytes } from './printer-emulator';
export type { FakePrinterState, PrinterCondition, ReceivedJob } from './printer-emulator';
export { createTicketEncoder, encodeTicket, TicketEncodingError, formatIssuedAt } from './encode-ticket';
export type { EncodedTicket, TicketEncoder, TicketEncoderOptions } from './encode-ticket';
export { decodeEscPos, decodedTextLines, EscPosDecodeError } from './decode-escpos';
export type { DecodedBlock, DecodedEscPos } from './decode-escpos';
export { renderDecodedToPng, renderEscPosToPng } from './render-png';
export { decodePrinterStatus, statusProblem } from './status';
export { createTcpTransport } from './transport-tcp';
export { createSerialTransport } from './transport-serial';
export { createFileTransport } from './transport-file';
export { createMemoryTransport } from './transport-memory';
export { createCanvasRasteriser, TextRasterError } from './raster-text/canvas-rasteriser';
export { resolveTicketFonts, ticketFontCandidates } from './fonts';
export type { TicketFonts, TicketScript } from './fonts';
export { sampleTicket, sampleTicketLanguages } from './sample-tickets';
export type { MonoBitmap, PrinterLogger, PrinterTransport, RasterTextOptions, TextRasteriser } from './types';
