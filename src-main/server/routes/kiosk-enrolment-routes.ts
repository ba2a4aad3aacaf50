import type { FastifyInstance } from 'fastify';
import { endpoints } from '../../../src-shared/api/endpoints';
import { callerAddress, staffOf } from '../request-auth';
import { kioskCookieHeader } from '../security';
import type { SurfaceOptions } from './surface';

/** Enrolling kiosks: a manager's pairing code, the kiosk's exchange of it, the list, revocation. */
export async function kioskEnrolmentRoutes(app: FastifyInstance, { hub, registrar, secure }: SurfaceOptions): Promise<void> {
  registrar.route(app, endpoints.kioskStatus, ({ request }) => {
    const kiosk = request.auth.kiosk;
    return { trusted: kiosk !== null, via: kiosk?.via ?? null, name: kiosk?.via === 'enrolled' ? kiosk.kiosk.name : null };
  });

  registrar.route(app, endpoints.enrolKiosk, ({ body, request, response }) => {
    const { kiosk, credential } = hub.kiosks.enrol(body.code, callerAddress(request));
    response.header('set-cookie', kioskCookieHeader(credential, secure));
    response.status(201);
    return { kiosk };
  });

  registrar.route(app, endpoints.pairingCode, ({ body, request, response }) => {
    const reply = hub.kiosks.createPairingCode(body.name, staffOf(request).id);
    response.status(201);
    return reply;
  });
  registrar.route(app, endpoints.kiosks, () => ({ kiosks: hub.kiosks.list() }));
  registrar.route(app, endpoints.revokeKiosk, ({ params, request }) => ({ kiosk: hub.kiosks.revoke(params.kioskId, staffOf(request).id) }));
}
