import type { z } from 'zod';
import type { qrScannerConfig } from '../../src-shared/config/schema';
import type { QrParseOptions } from '../../src-shared/devices/qr-payload';
import type { BackoffOptions, Clock, DeviceLogger, Timers } from '../shared/device-support';
import { SerialQrScanner, type SerialQrScannerDeps } from './serial-qr-scanner';
import { SimulatedQrScanner } from './simulated-qr-scanner';

export { LineFramer, type Frame } from './line-framer';
export { SerialQrScanner, type SerialPortInfo, type SerialPortLike, type SerialQrScannerDeps, type SerialQrScannerOptions } from './serial-qr-scanner';
export { SimulatedQrScanner, type PassiveQrDriver, type SimulatedQrScannerDeps } from './simulated-qr-scanner';

export type QrScannerConfig = z.output<typeof qrScannerConfig>;

/** Every QR scanner driver; narrow on `driver` ("serial" or a passive one with simulateScan). */
export type AnyQrScanner = SimulatedQrScanner | SerialQrScanner;

export type QrScannerFactoryDeps = {
  /** Device id in DeviceHealth; default "qr-scanner". */
  id?: string;
  clock?: Clock;
  timers?: Timers;
  logger?: DeviceLogger;
  qr?: QrParseOptions;
  /** Serial only. */
  backoff?: BackoffOptions;
  listPorts?: SerialQrScannerDeps['listPorts'];
  createPort?: SerialQrScannerDeps['createPort'];
};

/**
 * The scanner the hub configuration asks for, or null for "none". "camera" and "wedge" scan in
 * the kiosk page: they get a passive scanner the page's reads are fed into (simulateScan).
 * Nothing is opened until `start()`.
 */
export function createQrScanner(config: QrScannerConfig, deps: QrScannerFactoryDeps = {}): AnyQrScanner | null {
  const { id, clock, logger, qr, timers, backoff, listPorts, createPort } = deps;
  switch (config.kind) {
    case 'simulator':
    case 'camera':
    case 'wedge':
      return new SimulatedQrScanner({ id, clock, logger, qr, driver: config.kind });
    case 'serial': {
      const { path, vendorId, productId, baudRate, endChar } = config;
      return new SerialQrScanner({ path, vendorId, productId, baudRate, endChar, qr }, { id, clock, logger, timers, backoff, listPorts, createPort });
    }
    case 'none':
      return null;
    default:
      return assertNever(config);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown QR scanner kind: ${JSON.stringify(value)}`);
}
