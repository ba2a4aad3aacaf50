import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { collectorEndpoints, type CollectorEndpointSpec } from '../src-shared/sync/collector-endpoints';
import { knownSyncSchemaVersions } from '../src-shared/sync/events';
import { CollectorError, hashToken, type Collector } from './collector';

export type CollectorLimits = {
  /** Largest request body; a batch of 5000 typical events (the most the hub sends) is about 2 MB. */
  maxBodyBytes: number;
  /** Uploads per minute per hub token (or address, without one). */
  uploadsPerMinute: number;
  readsPerMinute: number;
};

export const defaultLimits: CollectorLimits = { maxBodyBytes: 8 * 1024 * 1024, uploadsPerMinute: 1200, readsPerMinute: 120 };

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1]! : null;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || Boolean(address?.startsWith('127.'));
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? [where, ...issue.path.map(String)].join('.') : where;
  throw new CollectorError(400, 'BATCH_INVALID', `${field}: ${issue?.message ?? 'not valid'}`, field);
}

/**
 * The collector's HTTP face: every route from its endpoint table, the body and reply checked
 * against it; hubs by their token, the programme from this machine or with a programme token;
 * request size and rate limits with answers the uploader understands.
 */
export async function buildCollectorServer(options: { collector: Collector; logger: Logger; limits?: Partial<CollectorLimits> }): Promise<FastifyInstance> {
  const limits = { ...defaultLimits, ...options.limits };
  const { collector } = options;
  const app = Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: limits.maxBodyBytes, disableRequestLogging: true });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof CollectorError) return reply.status(error.status).send(error.toBody());
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.status(413).send({ error: { code: 'TOO_LARGE', message: `The request is larger than ${limits.maxBodyBytes} bytes; send smaller batches.` } });
    if (status === 429) return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: (error as Error).message } });
    if (status && status < 500) return reply.status(status).send({ error: { code: 'BATCH_INVALID', message: (error as Error).message } });
    request.log.error({ err: error }, 'collector request failed');
    return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: 'The collector could not store this now; try again later.' } });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]}.` } }));

  await app.register(rateLimit, {
    global: false,
    // Keyed by the hub's token where there is one, so hubs behind one address do not share a limit.
    keyGenerator: (request) => {
      const token = bearer(request);
      return token ? `t:${hashToken(token)}` : `a:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.` }),
  });

  const hubOf = new WeakMap<FastifyRequest, string>();
  const authorise = async (spec: CollectorEndpointSpec, request: FastifyRequest) => {
    if ('public' in spec.access) return;
    const token = bearer(request);
    if ('hub' in spec.access) {
      const hubId = token ? await collector.hubOfToken(token) : null;
      if (!hubId) throw new CollectorError(401, 'UNKNOWN_HUB', 'This collector knows no hub with that token (register it with --add-hub).');
      hubOf.set(request, hubId);
      return;
    }
    if (isLoopback(request.socket.remoteAddress)) return;
    if (token && (await collector.isProgrammeToken(token))) return;
    throw new CollectorError(403, 'FORBIDDEN', 'The programme view needs a programme token, or a request from the collector’s own machine.');
  };

  const route = <E extends CollectorEndpointSpec>(spec: E, handler: (input: { body: E extends { body: infer S extends z.ZodType } ? z.output<S> : undefined; query: E extends { query: infer S extends z.ZodType } ? z.output<S> : undefined; hubId: string | null }) => Promise<z.input<E['reply']>>) => {
    app.route({
      method: spec.method,
      url: spec.path,
      config: { rateLimit: { max: spec.rate === 'upload' ? limits.uploadsPerMinute : limits.readsPerMinute, timeWindow: 60_000 } },
      handler: async (request) => {
        await authorise(spec, request);
        const input = {
          body: (spec.body ? parseWith(spec.body, request.body, 'body') : undefined) as never,
          query: (spec.query ? parseWith(spec.query, request.query, 'query') : undefined) as never,
          hubId: hubOf.get(request) ?? null,
        };
        const reply = await handler(input);
        return spec.reply.parse(reply);
      },
    });
  };

  route(collectorEndpoints.health, async () => ({ ok: true as const, service: 'front-door-collector' as const, schemaVersions: [...knownSyncSchemaVersions] }));
  route(collectorEndpoints.upload, ({ body, hubId }) => collector.ingest(hubId!, body));
  route(collectorEndpoints.hubs, () => collector.hubs());
  route(collectorEndpoints.footfall, ({ query }) => collector.footfall(query.from, query.to));
  route(collectorEndpoints.programmeFigures, ({ query }) => collector.figures(query.from, query.to));
  return app;
}
