import type { FastifyInstance } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { staffOf } from '../request-auth';
import type { SurfaceOptions } from './surface';

/** Reception's alerts: the open ones, and acknowledging one. */
export async function alertRoutes(app: FastifyInstance, { hub, registrar }: SurfaceOptions): Promise<void> {
  registrar.route(app, endpoints.alerts, () => ({ alerts: hub.openAlerts() }));
  registrar.route(app, endpoints.acknowledgeAlert, ({ params, request }) => {
    const staff = staffOf(request);
    return hub.acknowledgeAlert(params.alertId, { id: staff.id, displayName: staff.displayName });
  });
}
