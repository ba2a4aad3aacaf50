import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfHeader, type StaffView } from '../../src-shared/api/auth-contract';
import { endpointKey } from '../../src-shared/api/endpoints';
import { servesService, viewerOf, type Viewer } from '../auth/access';
import type { AuthService, Session, SessionEndReason } from '../auth/auth-service';
import { sameSecret } from '../auth/secrets';
import { HubError } from '../errors';
import type { Hub } from '../hub';
import { clearedSessionCookieHeader, isSameOrigin, isTrustedLocalCaller, readCookie, setSecurityHeaders } from './security';

/** Who is asking: their session (if any is still good) and what they may see. */
export type RequestAuth = {
  session: Session | null;
  /** Why there is no session, for a clear 401: none, signed-out, idle, expired, disabled. */
  problem: SessionEndReason | 'none' | null;
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
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * Every request: security headers, the session from its cookie, and, for an /api route, the access
 * rule of its endpoint (a route registered without one makes the hub refuse to start).
 */
export function installRequestAuth(app: FastifyInstance, options: { hub: Hub; auth: AuthService; secure: boolean }): void {
  const { hub, auth, secure } = options;
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
    const cookie = readCookie(request.headers.cookie);
    const check = auth.check(cookie);
    const session = check.ok ? check.session : null;
    // A cookie that names no good session is cleared, so the browser stops sending it.
    if (cookie !== undefined && !session) reply.header('set-cookie', clearedSessionCookieHeader(secure));
    request.auth = {
      session,
      problem: check.ok ? null : check.reason,
      viewer: viewerOf(session?.staff ?? null, isTrustedLocalCaller(request), hub.config.hub),
    };
    if (!api || !request.routeOptions.url) return;
    const rule = request.routeOptions.config.endpoint?.access;
    if (!rule) throw new HubError('FORBIDDEN', 'This route is not open to anyone.');
    const changing = stateChanging.has(request.method);
    if (changing && !isSameOrigin(request)) throw new HubError('CSRF_FAILED', 'This request came from a page of another site and was refused.');
    if ('roles' in rule) {
      if (!session) {
        const viewer = request.auth.viewer;
        if (!(rule.loopback && viewer.kind === 'anonymous' && viewer.loopback)) throw unauthenticated(request.auth.problem);
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
