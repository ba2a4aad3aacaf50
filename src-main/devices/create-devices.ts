import type { Logger } from 'pino';
import { createCardReader } from '../../hardware/card-reader/index';
import { createConfiguredPrinter } from '../../hardware/printer/index';
import { SimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { createQrScanner } from '../../hardware/qr-scanner/index';
import type { HubConfig } from '../../src-shared/config/schema';
import type { Devices, Simulators } from './device-manager';

/** Picks each device's driver from the hub configuration; simulators where none is configured. */
export async function createDevices(hub: HubConfig, logger: Logger): Promise<Devices> {
  const devices = hub.devices;
  const simulators: Simulators = {};
  const deviceLogger = logger.child({ component: 'devices' });

  const cardReader = createCardReader(devices.cardReader, { logger: deviceLogger });
  if (cardReader.driver === 'simulator') {
    simulators.card = { simulateCard: (raw) => void cardReader.simulateCard(raw) };
  }

  const qrScanner = createQrScanner(devices.qrScanner, { logger: deviceLogger });
  if (qrScanner && 'simulateScan' in qrScanner) {
    simulators.qr = { simulateScan: (raw) => void qrScanner.simulateScan(raw) };
  }

  const printer = createConfiguredPrinter(devices, { logger: deviceLogger, ...(devices.printerFonts ? { fonts: devices.printerFonts } : {}) });
  if (printer instanceof SimulatedPrinter) {
    simulators.printer = { setState: (state) => void printer.setState(state) };
  }
  return { printer, cardReader, qrScanner, simulators };
}
