import type { TicketLabels } from '../i18n/ticket-labels';

/**
 * Device interfaces. Real drivers and their simulators live side by side in hardware/<device>/;
 * the hub core picks one from the hub configuration and only ever sees these types.
 */

export type DeviceKind = 'card-reader' | 'qr-scanner' | 'printer';

export type PaperState = 'ok' | 'near-end' | 'out' | 'unknown';

/** What staff see about a device (reception and manager screens, /api/devices). */
export type DeviceHealth = {
  id: string;
  kind: DeviceKind;
  /** Driver name, e.g. "simulator", "hid", "serial", "network". */
  driver: string;
  connected: boolean;
  /** UTC ISO time the device last answered or sent data; null if never. */
  lastSeenAt: string | null;
  paper?: PaperState;
  /** Human-readable last error, cleared when the device recovers. */
  lastError: string | null;
};

/** A unsubscribe function returned by every `on…` registration. */
export type Unsubscribe = () => void;

export type CardReadEvent =
  | { type: 'card'; cardId: string; at: string }
  | { type: 'unreadable'; reason: string; at: string };

/** A membership card reader (raw HID, keyboard wedge or simulator). */
export type CardReader = {
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  onRead(listener: (event: CardReadEvent) => void): Unsubscribe;
  health(): DeviceHealth;
};

export type QrReadEvent =
  | { type: 'qr'; payload: QrPayload; at: string }
  | { type: 'rejected'; reason: string; at: string };

/** What a QR code may carry; anything else is rejected and never shown raw. */
export type QrPayload =
  | { kind: 'member'; memberId: string }
  | { kind: 'booking'; reference: string }
  | { kind: 'ticket'; ticketId: string };

/** A QR or barcode scanner (serial, camera in the kiosk page, wedge, or simulator). */
export type QrScanner = {
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  onRead(listener: (event: QrReadEvent) => void): Unsubscribe;
  health(): DeviceHealth;
};

/** One service of a printed ticket, in the order the resident will be seen. */
export type PrintableStop = {
  number: string;
  serviceName: string;
  /** Where to go: the service's desks or area. */
  deskHint: string | null;
  /** Place in that service's queue when printed (1 = next); null when not waiting. */
  place?: number | null;
  /** Estimated wait in minutes when printed; null when unknown. */
  estimatedWaitMinutes?: number | null;
};

/** Everything a printed ticket shows; times are UTC and formatted in the hub's zone when printed. */
export type PrintableTicket = {
  /** Stable id; also the idempotency key of the print job and, as `FD1:T:<id>`, the QR payload. */
  ticketId: string;
  /** e.g. "M012". */
  number: string;
  hubName: string;
  /** First name or initials if the resident gave them. */
  displayName: string | null;
  /** Services in the order the resident will see them, with where to wait. */
  stops: PrintableStop[];
  issuedAt: string;
  timeZone: string;
  /** BCP 47 tag; decides code page or bitmap fallback. */
  language: string;
  /** Short localized labels printed on the ticket. */
  labels: TicketLabels;
  /**
   * The same ticket in the hub's default language, printed instead when this machine has no font
   * for the resident's language. Absent when the ticket already is in the default language.
   */
  fallback?: Omit<PrintableTicket, 'fallback'>;
};

export type PrinterStatus = {
  online: boolean;
  coverOpen: boolean;
  paper: PaperState;
  cutterError: boolean;
  /** Unrecoverable or auto-recoverable error bits set. */
  error: boolean;
};

export type PrintResult =
  | {
      ok: true;
      jobId: string;
      status: PrinterStatus;
      alreadyPrinted?: boolean;
      /** Printed, but not as asked (e.g. in the hub's default language); plain words for staff. */
      notice?: string;
    }
  | {
      ok: false;
      jobId: string;
      code: PrintErrorCode;
      message: string;
      status: PrinterStatus | null;
      /** The printer is fine but cannot draw some text of this ticket (a character no font has). */
      unprintable?: true;
    };

export type PrintErrorCode =
  | 'PRINTER_OFFLINE'
  | 'PRINTER_PAPER_OUT'
  | 'PRINTER_COVER_OPEN'
  | 'PRINTER_CUTTER_ERROR'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_UNREACHABLE'
  | 'PRINTER_ERROR';

/** An ESC/POS ticket printer behind some transport (TCP 9100, serial, /dev/usb/lp*, simulator). */
export type TicketPrinter = {
  readonly id: string;
  /** Checks status (DLE EOT 1–4) before and after the job; never prints the same ticketId twice. */
  print(ticket: PrintableTicket): Promise<PrintResult>;
  /** Prints a ticket again on purpose (staff asked for it), even one printed before. */
  reprint(ticket: PrintableTicket): Promise<PrintResult>;
  status(): Promise<PrinterStatus>;
  health(): DeviceHealth;
  close(): Promise<void>;
};
