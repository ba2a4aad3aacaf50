import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePrinterStatus, decodeStatusBytes, isStatusByte, statusProblem, statusRequestBytes, StatusByteError } from '../../hardware/printer/status';
import { conditionStatusBytes } from '../../hardware/printer/printer-emulator';

// The replies a TM-T88-class printer gives to DLE EOT 1, 2, 3, 4 (measured; see issue 4).
const measured = {
  ready: [0x12, 0x12, 0x12, 0x12],
  nearEnd: [0x12, 0x12, 0x12, 0x1e],
  paperOut: [0x1a, 0x32, 0x12, 0x7e],
  coverOpen: [0x1a, 0x16, 0x12, 0x12],
  cutterError: [0x1a, 0x52, 0x1a, 0x12],
};

describe('DLE EOT status decoding', () => {
  it('reads an idle printer as ready', () => {
    expect(decodePrinterStatus(measured.ready)).toEqual({ online: true, coverOpen: false, paper: 'ok', cutterError: false, error: false });
    expect(statusProblem(decodePrinterStatus(measured.ready))).toBeNull();
  });

  it('reads paper near end as online with a paper warning, not a problem', () => {
    const status = decodePrinterStatus(measured.nearEnd);
    expect(status).toEqual({ online: true, coverOpen: false, paper: 'near-end', cutterError: false, error: false });
    expect(statusProblem(status)).toBeNull();
  });

  it('reads paper out as offline with paper out, and refuses with PRINTER_PAPER_OUT', () => {
    const status = decodePrinterStatus(measured.paperOut);
    expect(status).toEqual({ online: false, coverOpen: false, paper: 'out', cutterError: false, error: false });
    expect(statusProblem(status)?.code).toBe('PRINTER_PAPER_OUT');
    const detail = decodeStatusBytes(measured.paperOut);
    expect(detail.stoppedByPaperEnd).toBe(true);
    expect(detail.paperEnd).toBe(true);
    expect(detail.paperNearEnd).toBe(true);
  });

  it('reads cover open', () => {
    const status = decodePrinterStatus(measured.coverOpen);
    expect(status).toEqual({ online: false, coverOpen: true, paper: 'ok', cutterError: false, error: false });
    expect(statusProblem(status)?.code).toBe('PRINTER_COVER_OPEN');
  });

  it('reads a cutter error (error bit and autocutter bit)', () => {
    const status = decodePrinterStatus(measured.cutterError);
    expect(status).toEqual({ online: false, coverOpen: false, paper: 'ok', cutterError: true, error: true });
    expect(statusProblem(status)?.code).toBe('PRINTER_CUTTER_ERROR');
  });

  it('reads offline with no other cause as PRINTER_OFFLINE', () => {
    expect(statusProblem(decodePrinterStatus([0x1a, 0x12, 0x12, 0x12]))?.code).toBe('PRINTER_OFFLINE');
  });

  it('reads unrecoverable and auto-recoverable errors as errors', () => {
    expect(decodePrinterStatus([0x12, 0x12, 0x32, 0x12]).error).toBe(true);
    expect(decodePrinterStatus([0x12, 0x12, 0x52, 0x12]).error).toBe(true);
    expect(statusProblem(decodePrinterStatus([0x12, 0x12, 0x32, 0x12]))?.code).toBe('PRINTER_ERROR');
  });

  it('counts either sensor bit for near end and paper end', () => {
    expect(decodePrinterStatus([0x12, 0x12, 0x12, 0x16]).paper).toBe('near-end');
    expect(decodePrinterStatus([0x12, 0x12, 0x12, 0x1a]).paper).toBe('near-end');
    expect(decodePrinterStatus([0x12, 0x12, 0x12, 0x32]).paper).toBe('out');
    expect(decodePrinterStatus([0x12, 0x12, 0x12, 0x52]).paper).toBe('out');
  });

  it('the simulators answer with exactly the measured bytes', () => {
    expect(conditionStatusBytes.ready).toEqual(measured.ready);
    expect(conditionStatusBytes['near-end']).toEqual(measured.nearEnd);
    expect(conditionStatusBytes['paper-out']).toEqual(measured.paperOut);
    expect(conditionStatusBytes['cover-open']).toEqual(measured.coverOpen);
    expect(conditionStatusBytes['cutter-error']).toEqual(measured.cutterError);
  });

  it('rejects a byte without the fixed bits, naming the request', () => {
    expect(() => decodePrinterStatus([0x12, 0x00, 0x12, 0x12])).toThrow(StatusByteError);
    expect(() => decodePrinterStatus([0x12, 0x12, 0x12, 0x93])).toThrow(/DLE EOT 4 answered 0x93/);
    expect(() => decodePrinterStatus([0x12, 0x12, 0x12])).toThrow(RangeError);
  });

  it('accepts every byte with the fixed pattern 0xx1xx10 and only those', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (byte) => {
        const valid = (byte & 0x93) === 0x12;
        expect(isStatusByte(byte)).toBe(valid);
        if (valid) expect(() => decodePrinterStatus([byte, byte, byte, byte])).not.toThrow();
        else expect(() => decodePrinterStatus([0x12, byte, 0x12, 0x12])).toThrow(StatusByteError);
      }),
    );
  });

  it('asks with DLE EOT n', () => {
    expect([...statusRequestBytes(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusRequestBytes(4)]).toEqual([0x10, 0x04, 0x04]);
  });
});
