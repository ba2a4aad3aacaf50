import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { HubError } from '../../errors';
import { requireService, staffOf } from '../request-auth';
import type { SurfaceOptions } from './surface';

/** Events, journey facts and equality answers: programme evidence recorded beside the queue. */
export async function programmeRoutes(app: FastifyInstance, { hub, registrar }: SurfaceOptions): Promise<void> {
  const { programme, queue } = hub;
  /** A partner works only with visitors who have a ticket for one of their services. */
  const requireVisitor = (request: FastifyRequest, visitId: string) => {
    const viewer = request.auth.viewer;
    if (viewer.kind !== 'partner') return;
    if (!queue.ticketsOfVisit(visitId).some((t) => viewer.services.has(t.serviceId))) {
      throw new HubError('FORBIDDEN', 'This visitor has no ticket for a service your account works for.', { field: 'visitId' });
    }
  };

  registrar.route(app, endpoints.hubEvents, ({ query }) => ({ events: programme.listEvents(query) }));
  registrar.route(app, endpoints.createHubEvent, ({ body, request, response }) => {
    response.status(201);
    return { event: programme.createEvent(body, staffOf(request).id) };
  });
  registrar.route(app, endpoints.updateHubEvent, ({ params, body, request }) => ({ event: programme.updateEvent(params.eventId, body, staffOf(request).id) }));
  registrar.route(app, endpoints.deleteHubEvent, ({ params, request }) => {
    programme.deleteEvent(params.eventId, staffOf(request).id);
    return { ok: true as const };
  });
  registrar.route(app, endpoints.runningEvents, () => ({
    events: programme.runningEvents().map((e) => ({ id: e.id, name: e.name, kind: e.kind, endsAt: e.endsAt })),
  }));
  registrar.route(app, endpoints.visitEvent, ({ params, body, request }) => programme.tagVisit(params.visitId, body.eventId, 'staff', staffOf(request).id));

  registrar.route(app, endpoints.recordJourney, ({ params, body, request, response }) => {
    requireService(request, body.serviceId);
    requireVisitor(request, params.visitId);
    response.status(201);
    return programme.recordJourney(params.visitId, body, staffOf(request).id);
  });
  registrar.route(app, endpoints.recordDemographics, ({ params, body, request, response }) => {
    requireVisitor(request, params.visitId);
    response.status(201);
    return programme.recordDemographics(params.visitId, body.answers, body.source, staffOf(request).id);
  });
}
