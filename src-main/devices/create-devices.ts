import type { Logger } from 'pino';
import { createCardReader } from '../../hardware/card-reader/index';
import { createEscPosPrinter } from '../../hardware/printer/escpos-printer';
import { SimulatedPrinter } from '../../hardware/printer/simulated-printer';
import { createFileTransport } from '../../hardware/printer/transport-file';
import { createSerialTransport } from '../../hardware/printer/transport-serial';
import { createTcpTransport } from '../../hardware/printer/transport-tcp';
import { createQrScanner } from '../../hardware/qr-scanner/index';
import type { HubConfig } from '../../src-shared/config/schema';
import type { TicketPrinter } from '../../src-shared/devices/types';
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

  let printer: TicketPrinter | null = null;
  const encoder = { columns: devices.printerColumns };
  const printerConfig = devices.printer;
  switch (printerConfig.kind) {
    case 'simulator': {
      const simulated = new SimulatedPrinter({
        encoder,
        logger: deviceLogger,
        state: printerConfig.paper === 'out' ? 'paper-out' : printerConfig.paper === 'near-end' ? 'near-end' : 'ready',
      });
      simulators.printer = { setState: (state) => void simulated.setState(state) };
      printer = simulated;
      break;
    }
    case 'network':
      printer = createEscPosPrinter({
        id: 'printer',
        encoder,
        logger: deviceLogger,
        statusTimeoutMs: printerConfig.timeoutMs,
        writeTimeoutMs: printerConfig.timeoutMs,
        transport: createTcpTransport({ host: printerConfig.host, port: printerConfig.port, connectTimeoutMs: printerConfig.timeoutMs, logger: deviceLogger }),
      });
      break;
    case 'serial':
      printer = createEscPosPrinter({
        id: 'printer',
        encoder,
        logger: deviceLogger,
        statusTimeoutMs: printerConfig.timeoutMs,
        writeTimeoutMs: printerConfig.timeoutMs,
        transport: createSerialTransport({ path: printerConfig.path, baudRate: printerConfig.baudRate, logger: deviceLogger }),
      });
      break;
    case 'usb':
      printer = createEscPosPrinter({
        id: 'printer',
        encoder,
        logger: deviceLogger,
        statusTimeoutMs: printerConfig.timeoutMs,
        writeTimeoutMs: printerConfig.timeoutMs,
        transport: createFileTransport({ path: printerConfig.path, logger: deviceLogger }),
      });
      break;
    case 'none':
      printer = null;
      break;
  }
  return { printer, cardReader, qrScanner, simulators };
}
