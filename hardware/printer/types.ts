/** Small types shared by the printer driver, its transports and its simulators. */

/** Optional logger; pino's logger fits, and so does a test spy. */
export type PrinterLogger = {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
};

export const silentLogger: PrinterLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Why a transport gave up; the printer turns it into a PrintErrorCode. */
export type TransportErrorKind = 'timeout' | 'unreachable' | 'closed';

export class TransportError extends Error {
  /** True when the transport knows no byte of the failed write reached the printer. */
  readonly nothingSent: boolean;

  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    options: { cause?: unknown; nothingSent?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'TransportError';
    this.nothingSent = options.nothingSent ?? false;
  }
}

/**
 * A byte pipe to one printer (raw TCP 9100, serial, /dev/usb/lp*, or in memory). Every call
 * has its own deadline, so a printer that stops answering can never hang a check-in.
 */
export type PrinterTransport = {
  /** "network", "serial", "usb", "simulator": shown to staff as the device's driver. */
  readonly driver: string;
  /** Sends bytes; resolves when the operating system has taken them all. */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void>;
  /**
   * Sends a real-time request (DLE EOT n) and resolves with exactly `replyLength` reply bytes.
   * Bytes that arrived before the request are stale and dropped.
   */
  request(bytes: Uint8Array, replyLength: number, timeoutMs: number): Promise<Uint8Array>;
  /** Drops the connection; the next call opens a new one. */
  close(): Promise<void>;
};

/** A 1-bit image in the layout of ESC/POS GS v 0: rows of ceil(width/8) bytes, MSB first, 1 = black. */
export type MonoBitmap = {
  width: number;
  height: number;
  data: Uint8Array;
};

export type RasterTextOptions = {
  /** Em size in printer dots. */
  fontSizePx: number;
  /** `start`/`end` follow the text's own direction (right for Arabic). */
  align: 'start' | 'center' | 'end' | 'left' | 'right';
  bold?: boolean;
  /** Base direction of each paragraph; 'auto' (the default) takes it from the first letter. */
  direction?: 'auto' | 'ltr' | 'rtl';
};

/**
 * Turns text the printer's code pages cannot print (Arabic, Bengali, Chinese, Sorani) into a
 * bitmap `widthPx` wide, wrapped onto as many lines as it needs. Injected so a hub can plug in
 * a shaping engine with more scripts; the default is the built-in TrueType rasteriser.
 */
export type TextRasteriser = (text: string, widthPx: number, options: RasterTextOptions) => MonoBitmap;
