import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { staffOf } from '../request-auth';
import type { SurfaceOptions } from './surface';

/** The manager's dashboard, the exports and the funder returns; every file leaving the hub is audit-logged. */
export async function reportRoutes(app: FastifyInstance, { hub, auth, registrar }: SurfaceOptions): Promise<void> {
  const { reports } = hub;
  const exported = (request: FastifyRequest, detail: Record<string, unknown>) =>
    auth.audit.record({ at: auth.now().toISOString(), staffId: staffOf(request).id, action: 'report.exported', subjectType: 'export', subjectId: String(detail['export']), detail });

  registrar.route(app, endpoints.reportDashboard, ({ query }) => reports.dashboard(query));
  registrar.route(app, endpoints.funderReturn, ({ query }) => reports.funderReturn(query.returnId, query));

  registrar.download(app, endpoints.exportVisits, ({ query, request }) => {
    const purpose = reports.exportPurpose(query.purpose);
    exported(request, { export: 'visits', from: query.from, to: query.to, format: query.format, purpose: purpose.id, names: purpose.names });
    return reports.visitExport(query, query.format, purpose.names, request.log);
  });
  registrar.download(app, endpoints.exportFootfall, ({ query, request }) => {
    exported(request, { export: 'footfall', from: query.from, to: query.to, format: query.format });
    return reports.footfallExport(query, query.format, request.log);
  });
  registrar.download(app, endpoints.exportFunderReturn, ({ query, request }) => {
    const file = reports.funderReturnExport(query.returnId, query, request.log);
    exported(request, { export: 'funder-return', returnId: query.returnId, from: query.from, to: query.to, format: 'xlsx' });
    return file;
  });
}
