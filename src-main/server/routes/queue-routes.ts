import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TicketView } from '../../../src-shared/api/contract';
import { endpoints } from '../../../src-shared/api/endpoints';
import { servicesOf } from '../../../src-shared/config/schema';
import { eventFor, replyTicket, type Viewer } from '../../auth/access';
import { HubError } from '../../errors';
import { requireService, staffOf } from '../request-auth';
import type { SurfaceOptions } from './surface';

/** Staff work on the queue: call, recall, no-show, start, finish, transfer, add a stop, reception's extras, search. */
export async function queueRoutes(app: FastifyInstance, { hub, auth, registrar }: SurfaceOptions): Promise<void> {
  const { queue } = hub;
  const display = hub.config.hub.display;
  /** The ticket, if the caller works for its service. */
  const ticketFor = (request: FastifyRequest, ticketId: string) => {
    const ticket = queue.ticket(ticketId);
    requireService(request, ticket.serviceId);
    return ticket;
  };
  const shown = (request: FastifyRequest, ticket: TicketView) => replyTicket(request.auth.viewer, ticket);
  const actor = (request: FastifyRequest) => staffOf(request).id;
  const services = new Map(servicesOf(hub.config.hub).map((s) => [s.id, s]));
  /** A partner sends visitors on only where the hub lets their services refer to; checked before anything changes. */
  const mayReferTo = (viewer: Extract<Viewer, { kind: 'partner' }>, from: string[], to: string, field: string) => {
    if (!from.some((id) => viewer.services.has(id) && (services.get(id)?.referrals ?? []).includes(to))) {
      throw new HubError('FORBIDDEN', 'Your service does not refer visitors to that service here; ask reception.', { field });
    }
  };

  registrar.route(app, endpoints.events, ({ query, request }) => {
    const viewer = request.auth.viewer;
    const events = queue.eventsSince(query.since, query.limit).flatMap((e) => eventFor(viewer, e, display) ?? []);
    return { events, lastSeq: queue.lastSeq() };
  });

  registrar.route(app, endpoints.callNext, ({ params, body, request }) => {
    requireService(request, params.serviceId);
    return { ticket: shown(request, queue.callNext(params.serviceId, body.desk, actor(request))) };
  });
  registrar.route(app, endpoints.serviceStaff, ({ params }) => ({ staff: queue.staffForService(params.serviceId) }));
  registrar.route(app, endpoints.callTicket, ({ params, body, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: shown(request, queue.callChosen(params.ticketId, body.desk, actor(request), body.reason)) };
  });
  registrar.route(app, endpoints.recall, ({ params, body, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: shown(request, queue.recall(params.ticketId, body.desk ?? null, actor(request))) };
  });
  registrar.route(app, endpoints.noShow, ({ params, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: shown(request, queue.noShow(params.ticketId, actor(request))) };
  });
  registrar.route(app, endpoints.start, ({ params, body, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: shown(request, queue.start(params.ticketId, body.desk ?? null, actor(request))) };
  });
  registrar.route(app, endpoints.finish, ({ params, body, request }) => {
    ticketFor(request, params.ticketId);
    const outcome = { kind: body.outcome, referredTo: body.referredTo, referredToId: body.referredToId, note: body.note };
    return { ticket: shown(request, queue.finish(params.ticketId, outcome, actor(request))) };
  });
  registrar.route(app, endpoints.transfer, ({ params, body, request, response }) => {
    const ticket = ticketFor(request, params.ticketId);
    const viewer = request.auth.viewer;
    if (viewer.kind === 'partner') {
      mayReferTo(viewer, [ticket.serviceId], body.toServiceId, 'toServiceId');
      const { from } = queue.sendOn({ ticketId: ticket.id }, body.toServiceId, actor(request), { toDesk: body.toDesk, toStaffId: body.toStaffId });
      response.status(202);
      return { ticket: shown(request, from!), sentOn: { serviceId: body.toServiceId } };
    }
    const { from, to } = queue.transfer(params.ticketId, body.toServiceId, actor(request), { toDesk: body.toDesk, toStaffId: body.toStaffId });
    return { ticket: shown(request, from), newTicket: shown(request, to) };
  });
  registrar.route(app, endpoints.cancel, ({ params, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: queue.cancel(params.ticketId, actor(request)) };
  });
  registrar.route(app, endpoints.undoNoShow, ({ params, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: queue.undoNoShow(params.ticketId, actor(request)) };
  });
  registrar.route(app, endpoints.prioritise, ({ params, body, request }) => {
    ticketFor(request, params.ticketId);
    return { ticket: queue.prioritise(params.ticketId, body.level, actor(request)) };
  });
  registrar.route(app, endpoints.reprint, ({ params, request }) => {
    ticketFor(request, params.ticketId);
    return hub.reprintTicket(params.ticketId, actor(request));
  });

  registrar.route(app, endpoints.addStop, ({ params, body, request, response }) => {
    const viewer = request.auth.viewer;
    if (viewer.kind === 'partner') {
      // A partner adds a need to a visitor of theirs, for a service theirs may refer to.
      const theirs = queue.ticketsOfVisit(params.visitId).flatMap((t) => (viewer.services.has(t.serviceId) ? [t.serviceId] : []));
      if (theirs.length === 0) throw new HubError('FORBIDDEN', 'This visitor has no ticket for a service your account works for.', { field: 'visitId' });
      mayReferTo(viewer, theirs, body.serviceId, 'serviceId');
      queue.sendOn({ visitId: params.visitId }, body.serviceId, actor(request));
      response.status(202);
      return { sentOn: { serviceId: body.serviceId } };
    }
    return { ticket: shown(request, queue.addStop(params.visitId, body.serviceId, actor(request))) };
  });

  registrar.route(app, endpoints.visitSearch, ({ query, request }) => {
    const result = queue.searchVisits(query.q);
    auth.audit.record({
      at: auth.now().toISOString(),
      staffId: actor(request),
      action: 'visits.searched',
      subjectType: 'visit',
      detail: { results: result.visits.length },
    });
    return result;
  });
}
