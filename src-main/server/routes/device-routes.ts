import type { FastifyInstance } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { HubError } from '../../errors';
import type { SurfaceOptions } from './surface';

/** Device health for staff, and the controls of the simulated devices for demos and tests. */
export async function deviceRoutes(app: FastifyInstance, { hub, registrar }: SurfaceOptions): Promise<void> {
  registrar.route(app, endpoints.devices, () => ({ devices: hub.devices.health() }));

  registrar.route(app, endpoints.simulateDevice, async ({ body }) => {
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
