import type { FastifyInstance, FastifyReply } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { callerAddress, staffOf, unauthenticated } from '../request-auth';
import { clearedSessionCookieHeader, sessionCookieHeader } from '../security';
import type { SurfaceOptions } from './surface';

/** Sign-in, first-run setup, sessions, staff accounts and the audit log. */
export async function accountRoutes(app: FastifyInstance, { auth, registrar, secure }: SurfaceOptions): Promise<void> {
  const signedIn = (response: FastifyReply, sessionId: string) => {
    response.removeHeader('set-cookie');
    response.header('set-cookie', sessionCookieHeader(sessionId, secure));
  };
  const signedOut = (response: FastifyReply) => {
    response.removeHeader('set-cookie');
    response.header('set-cookie', clearedSessionCookieHeader(secure));
  };

  registrar.route(app, endpoints.setupStatus, () => ({ needed: auth.needsSetup() }));
  registrar.route(app, endpoints.setup, async ({ body, request, response }) => {
    const result = await auth.setup(body, callerAddress(request));
    signedIn(response, result.sessionId);
    response.status(201);
    return auth.reply(result.session);
  });
  registrar.route(app, endpoints.login, async ({ body, request, response }) => {
    const result = await auth.signIn(body, callerAddress(request));
    signedIn(response, result.sessionId);
    return auth.reply(result.session);
  });
  registrar.route(app, endpoints.me, ({ request }) => {
    const session = request.auth.session;
    if (!session) throw unauthenticated(request.auth.problem);
    return auth.reply(session);
  });
  registrar.route(app, endpoints.logout, ({ request, response }) => {
    const session = request.auth.session;
    if (!session) throw unauthenticated(request.auth.problem);
    auth.signOut(session);
    signedOut(response);
    return { ok: true as const };
  });
  registrar.route(app, endpoints.logoutEverywhere, ({ request, response }) => {
    const session = request.auth.session;
    if (!session) throw unauthenticated(request.auth.problem);
    const ended = auth.signOutEverywhere(session);
    signedOut(response);
    return { ok: true as const, ended };
  });

  registrar.route(app, endpoints.staffList, () => ({ staff: auth.listStaff() }));
  registrar.route(app, endpoints.createStaff, async ({ body, request, response }) => {
    const staff = await auth.createStaff(staffOf(request), body);
    response.status(201);
    return { staff };
  });
  registrar.route(app, endpoints.disableStaff, ({ params, request }) => ({ staff: auth.setDisabled(staffOf(request), params.staffId, true) }));
  registrar.route(app, endpoints.enableStaff, ({ params, request }) => ({ staff: auth.setDisabled(staffOf(request), params.staffId, false) }));
  registrar.route(app, endpoints.unlockStaff, ({ params, request }) => ({ staff: auth.unlock(staffOf(request), params.staffId) }));
  registrar.route(app, endpoints.resetStaffSecret, async ({ params, body, request }) => ({ staff: await auth.resetSecret(staffOf(request), params.staffId, body) }));
  registrar.route(app, endpoints.audit, ({ query }) => auth.audit.query(query));
}
