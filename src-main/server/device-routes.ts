import type { FastifyInstance } from 'fastify';
import { routes, simulateDeviceRequest } from '../../src-shared/api/contract';
import { HubError } from '../errors';
import type { Hub } from '../hub';
import { parseWith } from './validate';

/** Device health for staff, and the controls of the simulated devices for demos and tests. */
export function registerDeviceRoutes(app: FastifyInstance, hub: Hub): void {
  app.get(routes.devices, async () => ({ devices: hub.devices.health() }));

  app.post(routes.simulateDevice, async (request) => {
    const body = parseWith(simulateDeviceRequest, request.body, 'body');
    const simulators = hub.devices.simulators();
    switch (body.device) {
      case 'card':
        if (!simulators.card) throw new HubError('BAD_REQUEST', 'This hub has a real card reader; there is nothing to simulate.', { field: 'device' });
        simulators.card.simulateCard(body.raw);
        break;
      case 'qr':
        if (!simulators.qr) throw new HubError('BAD_REQUEST', 'This hub has a real QR scanner; there is nothing to simulate.', { field: 'device' });
        simulators.qr.simulateScan(body.raw);
        break;
      case 'printer':
        if (!simulators.printer) throw new HubError('BAD_REQUEST', 'This hub has a real ticket printer; there is nothing to simulate.', { field: 'device' });
        simulators.printer.setState(body.state);
        await hub.devices.pollPrinter();
        break;
    }
    return { devices: hub.devices.health() };
  });
}
