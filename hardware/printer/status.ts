import type { PaperState, PrinterStatus, PrintErrorCode } from '../../src-shared/devices/types';

/**
 * ESC/POS real-time status (DLE EOT n), as a TM-T88-class printer answers it. Every reply byte
 * has the fixed pattern 0xx1xx10 (bits 1 and 4 set, bits 0 and 7 clear), so an idle printer
 * answers 0x12 to each of the four requests.
 */

export const DLE_EOT = [0x10, 0x04] as const;

/** n of DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export type StatusRequest = 1 | 2 | 3 | 4;

export const statusRequests: readonly StatusRequest[] = [1, 2, 3, 4];

export function statusRequestBytes(n: StatusRequest): Uint8Array {
  return Uint8Array.of(DLE_EOT[0], DLE_EOT[1], n);
}

/** The four reply bytes, in request order 1, 2, 3, 4. */
export type StatusBytes = readonly [number, number, number, number];

/** Every bit a TM-T88-class printer reports, before it is folded into a PrinterStatus. */
export type DetailedStatus = {
  bytes: StatusBytes;
  /** DLE EOT 1 */
  drawerPinHigh: boolean;
  offline: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
  /** DLE EOT 2 */
  coverOpen: boolean;
  feedingByButton: boolean;
  stoppedByPaperEnd: boolean;
  errorOccurred: boolean;
  /** DLE EOT 3 */
  recoverableError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  /** DLE EOT 4 */
  paperNearEnd: boolean;
  paperEnd: boolean;
};

export class StatusByteError extends Error {
  constructor(
    readonly request: StatusRequest,
    readonly byte: number,
  ) {
    super(`DLE EOT ${request} answered 0x${byte.toString(16).padStart(2, '0')}, which is not a status byte (expected 0xx1xx10)`);
    this.name = 'StatusByteError';
  }
}

/** True when the fixed bits say this byte is a real-time status reply. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0b1001_0011) === 0b0001_0010;
}

export function decodeStatusBytes(bytes: readonly number[]): DetailedStatus {
  if (bytes.length !== 4) throw new RangeError(`expected 4 status bytes, got ${bytes.length}`);
  const [b1, b2, b3, b4] = bytes as unknown as StatusBytes;
  statusRequests.forEach((n, i) => {
    const byte = bytes[i] ?? -1;
    if (!isStatusByte(byte)) throw new StatusByteError(n, byte);
  });
  const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;
  return {
    bytes: [b1, b2, b3, b4],
    drawerPinHigh: bit(b1, 2),
    offline: bit(b1, 3),
    waitingForOnlineRecovery: bit(b1, 5),
    feedButtonPressed: bit(b1, 6),
    coverOpen: bit(b2, 2),
    feedingByButton: bit(b2, 3),
    stoppedByPaperEnd: bit(b2, 5),
    errorOccurred: bit(b2, 6),
    recoverableError: bit(b3, 2),
    autocutterError: bit(b3, 3),
    unrecoverableError: bit(b3, 5),
    autoRecoverableError: bit(b3, 6),
    // Each condition is reported by two bits (one per sensor output); either one counts.
    paperNearEnd: (b4 & 0x0c) !== 0,
    paperEnd: (b4 & 0x60) !== 0,
  };
}

export function toPrinterStatus(detail: DetailedStatus): PrinterStatus {
  const paper: PaperState = detail.paperEnd || detail.stoppedByPaperEnd ? 'out' : detail.paperNearEnd ? 'near-end' : 'ok';
  return {
    online: !detail.offline,
    coverOpen: detail.coverOpen,
    paper,
    cutterError: detail.autocutterError,
    error: detail.errorOccurred || detail.unrecoverableError || detail.autoRecoverableError,
  };
}

/** The four DLE EOT replies → PrinterStatus; throws StatusByteError on a byte that is no status. */
export function decodePrinterStatus(bytes: readonly number[]): PrinterStatus {
  return toPrinterStatus(decodeStatusBytes(bytes));
}

/**
 * Why this printer must not take a job now, most actionable first: an open cover or an empty
 * roll is something staff fix at once, and both also set the offline bit.
 */
export function statusProblem(status: PrinterStatus): { code: PrintErrorCode; message: string } | null {
  if (status.coverOpen) return { code: 'PRINTER_COVER_OPEN', message: 'The printer cover is open.' };
  if (status.paper === 'out') return { code: 'PRINTER_PAPER_OUT', message: 'The printer is out of paper.' };
  if (status.cutterError) return { code: 'PRINTER_CUTTER_ERROR', message: 'The printer cutter is jammed.' };
  if (status.error) return { code: 'PRINTER_ERROR', message: 'The printer reports an error.' };
  if (!status.online) return { code: 'PRINTER_OFFLINE', message: 'The printer is offline.' };
  return null;
}

/** Human words for staff about a status that can print but needs attention soon. */
export function statusWarning(status: PrinterStatus): string | null {
  return status.paper === 'near-end' ? 'The printer paper is running low.' : null;
}
