import type { FastifyInstance } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import type { SurfaceOptions } from './surface';

/** The upload to the programme's collector: its state for staff, and a retry of a quarantined event. */
export async function syncRoutes(app: FastifyInstance, { hub, registrar }: SurfaceOptions): Promise<void> {
  registrar.route(app, endpoints.syncStatus, () => hub.syncStatus());
  registrar.route(app, endpoints.syncRetry, ({ params }) => {
    hub.retryQuarantined(params.eventId);
    return { eventId: params.eventId, retryRequested: true as const };
  });
}
