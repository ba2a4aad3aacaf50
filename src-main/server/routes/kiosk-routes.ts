import type { FastifyInstance } from 'fastify';
import { endpoints, queueRoles } from '../../../src-shared/api/endpoints';
import { snapshotFor } from '../../auth/access';
import { HubError } from '../../errors';
import { helpFoldKey } from '../../hub/alert-rules';
import { staffOf } from '../request-auth';
import type { SurfaceOptions } from './surface';

/** What the kiosk and the display board use without an account: the hub, identify, check in, the queue's counts, help. */
export async function kioskRoutes(app: FastifyInstance, { hub, auth, registrar }: SurfaceOptions): Promise<void> {
  const { queue } = hub;
  registrar.route(app, endpoints.health, () => ({ ok: true as const, hubId: hub.config.hub.id, lastSeq: queue.lastSeq(), outboxBacklog: hub.outbox.backlog() }));
  registrar.route(app, endpoints.hub, () => hub.describe());
  registrar.route(app, endpoints.identify, ({ body }) => hub.identify(body));

  registrar.route(app, endpoints.checkIn, async ({ body, request, response }) => {
    let result;
    if (body.identification.method === 'staff') {
      // A check-in by hand is reception's: it carries their id into the visit's audit trail.
      const staff = staffOf(request);
      if (!queueRoles.includes(staff.role)) throw new HubError('FORBIDDEN', 'Only reception checks residents in by hand.', { field: 'identification.method' });
      result = await hub.checkInByStaff(body, staff.id);
    } else {
      result = await hub.checkIn(body);
    }
    response.status(result.replayed ? 200 : 201);
    return result;
  });

  registrar.route(app, endpoints.queue, ({ request }) => snapshotFor(request.auth.viewer, queue.snapshot()));

  registrar.route(app, endpoints.helpRequest, ({ body, response }) => {
    const alert = hub.alerts.raise({
      kind: 'talk-to-someone',
      visitId: null,
      at: auth.now().toISOString(),
      message: `Someone at the kiosk is asking for a member of staff (on the ${body.screen.replace(/[^\w :.-]/g, '')} screen, language ${body.language.replace(/[^\w-]/g, '')}).`,
      flags: [],
      // A button pressed again and again is one alert, counted, never a flood.
      foldKey: helpFoldKey,
    });
    response.status(201);
    return { alertId: alert.id };
  });
}
