import type { FastifyInstance } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { staffOf } from '../request-auth';
import type { SurfaceOptions } from './surface';

/** Data protection for administrators: retention by hand, subject access and erasure. */
export async function privacyRoutes(app: FastifyInstance, { hub, registrar }: SurfaceOptions): Promise<void> {
  const { privacy } = hub;
  registrar.route(app, endpoints.privacyStatus, () => privacy.status());
  registrar.route(app, endpoints.runRetention, ({ body, request }) => privacy.runRetention({ dryRun: body.dryRun, staffId: staffOf(request).id, via: 'manager' }));
  registrar.route(app, endpoints.findSubjects, ({ body, request }) => privacy.find(body, staffOf(request).id));
  registrar.route(app, endpoints.exportSubject, ({ body, request }) =>
    privacy.exportSubject({ subject: body.subject, requestedBy: body.requestedBy, reason: body.reason, staffId: staffOf(request).id }),
  );
  registrar.route(app, endpoints.eraseSubject, ({ body, request }) =>
    privacy.erase({ subject: body.subject, basis: body.basis, reason: body.reason, staffId: staffOf(request).id }),
  );
}
