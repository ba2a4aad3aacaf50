import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { AuthService } from '../auth/auth-service';
import { HubError } from '../errors';
import type { Hub } from '../hub';
import { endpointRegistrar, type ReplyCheck } from './endpoint-route';
import { installRateLimits } from './rate-limits';
import { installRequestAuth } from './request-auth';
import { accountRoutes } from './routes/account-routes';
import { alertRoutes } from './routes/alert-routes';
import { deviceRoutes } from './routes/device-routes';
import { kioskEnrolmentRoutes } from './routes/kiosk-enrolment-routes';
import { kioskRoutes } from './routes/kiosk-routes';
import { liveRoutes } from './routes/live-routes';
import { privacyRoutes } from './routes/privacy-routes';
import { programmeRoutes } from './routes/programme-routes';
import { queueRoutes } from './routes/queue-routes';
import { reportRoutes } from './routes/report-routes';
import { screenRoutes } from './routes/screen-routes';
import { syncRoutes } from './routes/sync-routes';
import type { SurfaceOptions } from './routes/surface';
import { allowedHostNames } from './security';
import { isLocalOnlyHost } from './security-tls';

export { screens } from './routes/screen-routes';
export type { RequestAuth } from './request-auth';

export type ServerOptions = {
  hub: Hub;
  auth: AuthService;
  logger: Logger;
  /** Folder of the built screens (vite output). */
  rendererDir: string;
  /** Key and certificate (PEM) to serve HTTPS with: LAN mode. Plain HTTP without. */
  https?: { key: string; cert: string } | null;
  /** A reply that breaks its schema: 500 under test, logged in production (default: by environment). */
  replyCheck?: ReplyCheck;
  /** The address the hub listens on (default: server.host): a Host header may name it. */
  listenHost?: string;
  /** Tests only: false treats this machine like the network (see StartOptions). */
  trustHubMachine?: boolean;
};

/** Under a test runner a reply that breaks its schema fails the test; a running hub logs it. */
function defaultReplyCheck(): ReplyCheck {
  return process.env['VITEST'] || process.env['NODE_ENV'] === 'test' ? 'fail' : 'log';
}

/** The hub's HTTP and WebSocket face: every route from the endpoint table, validated and authorised. */
export async function buildServer({ hub, auth, logger, rendererDir, https, replyCheck, listenHost, trustHubMachine }: ServerOptions): Promise<FastifyInstance> {
  const secure = Boolean(https);
  const server = hub.config.hub.server;
  const common = {
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For is believed only from the proxies the configuration names.
    trustProxy: server.trustedProxies.length > 0 ? [...server.trustedProxies] : false,
  };
  // With `https` Fastify is typed for an https.Server; the routes and hooks used here are the same.
  const app = (https ? (Fastify({ ...common, https }) as unknown) : Fastify(common)) as FastifyInstance;

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HubError) {
      if (error.code === 'INTERNAL') request.log.error({ err: error }, error.message);
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      return reply.status(error.httpStatus).send(error.toBody());
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.status(status).send({ error: { code: 'BAD_REQUEST', message: (error as Error).message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({
      error: { code: 'INTERNAL', message: 'The hub could not complete this request. It has been logged; please try again or ask a member of staff.' },
    });
  });
  let sendScreen: ((response: FastifyReply) => FastifyReply) | null = null;
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !sendScreen) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]}.` } });
    }
    return sendScreen(reply);
  });

  const host = listenHost ?? server.host;
  const allowedHosts = allowedHostNames({ listenHost: host, allowedHosts: server.allowedHosts, lan: !isLocalOnlyHost(host) });
  // First, so a WebSocket upgrade refused by the checks below has its socket closed after the answer.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  installRequestAuth(app, { hub, auth, secure, allowedHosts, trustHubMachine: trustHubMachine ?? true });
  await installRateLimits(app, server.rateLimits);

  const surface: SurfaceOptions = { hub, auth, secure, registrar: endpointRegistrar({ replyCheck: replyCheck ?? defaultReplyCheck(), logger }) };
  await app.register(kioskRoutes, surface);
  await app.register(kioskEnrolmentRoutes, surface);
  await app.register(accountRoutes, surface);
  await app.register(queueRoutes, surface);
  await app.register(alertRoutes, surface);
  await app.register(deviceRoutes, surface);
  await app.register(reportRoutes, surface);
  await app.register(programmeRoutes, surface);
  await app.register(syncRoutes, surface);
  await app.register(privacyRoutes, surface);
  await app.register(liveRoutes, surface);
  sendScreen = await screenRoutes(app, { rendererDir });

  return app;
}
