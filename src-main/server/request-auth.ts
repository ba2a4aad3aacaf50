import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfHeader, type StaffView } from '../../src-shared/api/auth-contract';
import { endpointKey } from '../../src-shared/api/endpoints';
import { kioskCookie } from '../../src-shared/api/kiosk-contract';
import { servesService, viewerOf, type Viewer } from '../auth/access';
import type { AuthService, Session, SessionEndReason } from '../auth/auth-service';
import { sameSecret } from '../auth/secrets';
import { HubError } from '../errors';
import type { Hub } from '../hub';
import type { EnrolledKiosk } from '../kiosks/kiosk-enrolment';
import {
  callerAddressOf,
  clearedSessionCookieHeader,
  isAllowedHost,
  isSameOrigin,
  isTrustedLocalCaller,
  readCookie,
  setSecurityHeaders,
} from './security';

/** A caller the kiosk routes trust: the hub's own machine, or a kiosk a manager enrolled. */
export type KioskCaller = { via: 'hub-machine' } | { via: 'enrolled'; kiosk: EnrolledKiosk };

/** Who is asking: their session (if any is still good), whether they are a kiosk, and what they may see. */
export type RequestAuth = {
  session: Session | null;
  /** Why there is no session, for a clear 401: none, signed-out, idle, expired, disabled. */
  problem: SessionEndReason | 'none' | null;
  kiosk: KioskCaller | null;
  viewer: Viewer;
};

declare module 'fastify' {
  // Module augmentation can only merge into an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    auth: RequestAuth;
  }
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function unauthenticated(reason: RequestAuth['problem']): HubError {
  const message =
    reason === 'idle'
      ? 'You were signed out after a while without activity. Please sign in again.'
      : reason === 'expired'
        ? 'Your session has ended. Please sign in again.'
        : reason === 'disabled'
          ? 'This account has been disabled. Ask a manager.'
          : reason === 'signed-out'
            ? 'You have signed out. Please sign in again.'
            : 'Please sign in first.';
  return new HubError('UNAUTHENTICATED', message, { details: { reason: reason ?? 'none' } });
}

/** The signed-in member of staff; the route's access rule guarantees there is one. */
export function staffOf(request: FastifyRequest): StaffView {
  const session = request.auth.session;
  if (!session) throw unauthenticated(request.auth.problem);
  return session.staff;
}

/** Partners act only on their own services' tickets. */
export function requireService(request: FastifyRequest, serviceId: string): void {
  if (!servesService(request.auth.viewer, serviceId)) {
    throw new HubError('FORBIDDEN', 'This belongs to a service your account does not work for.', { details: { serviceId } });
  }
}

export function callerAddress(request: FastifyRequest): string {
  return callerAddressOf(request);
}

function kioskNotEnrolled(): HubError {
  return new HubError(
    'KIOSK_NOT_ENROLLED',
    'Only the hub’s own machine and kiosks a manager has enrolled may do this. A manager can enrol this screen under Kiosks on the manager screen.',
  );
}

/**
 * Every request: the Host it names (anything but this hub's names is answered 421), security
 * headers, the session from its cookie, the enrolled kiosk from its cookie, and, for an /api route,
 * the access rule of its endpoint (a route registered without one makes the hub refuse to start).
 */
export function installRequestAuth(
  app: FastifyInstance,
  options: { hub: Hub; auth: AuthService; secure: boolean; allowedHosts: ReadonlySet<string>; trustHubMachine?: boolean },
): void {
  const { hub, auth, secure, allowedHosts } = options;
  const trustHubMachine = options.trustHubMachine ?? true;
  // Every API route comes from the endpoint table, or the hub does not start: nothing is open by omission.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const endpoint = route.config?.endpoint;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method === 'HEAD') continue;
      if (!endpoint || endpointKey(endpoint) !== `${method} ${route.url}`) {
        throw new Error(`${method} ${route.url} is not registered from the endpoint table (src-shared/api/endpoints.ts).`);
      }
    }
  });

  app.decorateRequest('auth', null as unknown as RequestAuth);
  app.addHook('onRequest', async (request, reply) => {
    const api = request.url.startsWith('/api/');
    setSecurityHeaders(reply, { https: secure, api });
    request.auth = { session: null, problem: 'none', kiosk: null, viewer: { kind: 'anonymous', kiosk: false } };
    // A page that reached this hub under another name (DNS rebinding) gets nothing, not even a screen.
    if (!isAllowedHost(request, allowedHosts)) {
      throw new HubError('MISDIRECTED_REQUEST', 'This hub does not answer to that host name. Open it by its own address.');
    }
    const cookie = readCookie(request.headers.cookie);
    const check = auth.check(cookie);
    const session = check.ok ? check.session : null;
    // A cookie that names no good session is cleared, so the browser stops sending it.
    if (cookie !== undefined && !session) reply.header('set-cookie', clearedSessionCookieHeader(secure));
    // A kiosk credential counts only on a page of this hub's own origin; a revoked one is refused now.
    const enrolled = isSameOrigin(request) ? hub.kiosks.verify(readCookie(request.headers.cookie, kioskCookie)) : null;
    const hubMachine = trustHubMachine && isTrustedLocalCaller(request);
    const kiosk: KioskCaller | null = hubMachine ? { via: 'hub-machine' } : enrolled ? { via: 'enrolled', kiosk: enrolled } : null;
    request.auth = {
      session,
      problem: check.ok ? null : check.reason,
      kiosk,
      viewer: viewerOf(session?.staff ?? null, kiosk !== null, hub.config.hub),
    };
    if (!api || !request.routeOptions.url) return;
    const rule = request.routeOptions.config.endpoint?.access;
    if (!rule) throw new HubError('FORBIDDEN', 'This route is not open to anyone.');
    const changing = stateChanging.has(request.method);
    if (changing && !isSameOrigin(request)) throw new HubError('CSRF_FAILED', 'This request came from a page of another site and was refused.');
    if ('roles' in rule) {
      if (!session) {
        if ('kiosk' in rule) {
          // A member of staff whose session ended is told so; anyone else that only kiosks may do this.
          if (!kiosk) throw request.auth.problem && request.auth.problem !== 'none' ? unauthenticated(request.auth.problem) : kioskNotEnrolled();
        } else if (!(rule.loopback && kiosk?.via === 'hub-machine')) {
          throw unauthenticated(request.auth.problem);
        }
      } else if (!rule.roles.includes(session.staff.role)) {
        throw new HubError('FORBIDDEN', `A ${session.staff.role} account cannot do this.`, { details: { role: session.staff.role } });
      }
    }
    if (session && changing && !('public' in rule && rule.csrf === false)) {
      const token = request.headers[csrfHeader];
      if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) {
        throw new HubError('CSRF_FAILED', `This request needs the session's ${csrfHeader} header; reload the page and try again.`);
      }
    }
    if (session) auth.touch(session);
  });
}
