import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { endpointKey, type EndpointRequest, type EndpointSpec } from '../../src-shared/api/endpoints';
import { formatPath } from '../config/load-config';
import { HubError } from '../errors';
import { parseWith } from './validate';

declare module 'fastify' {
  // Module augmentation can only merge into an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyContextConfig {
    /** The table entry a route was registered from: its access rule and rate class live there. */
    endpoint?: EndpointSpec;
  }
}

export type RouteContext<E extends EndpointSpec> = EndpointRequest<E> & { request: FastifyRequest; response: FastifyReply };
export type RouteHandler<E extends EndpointSpec> = (context: RouteContext<E>) => Promise<z.input<E['reply']>> | z.input<E['reply']>;

/**
 * What to do with a reply that breaks its schema: `fail` answers 500 (tests, so the mistake is
 * found), `log` logs it and sends it anyway (a running hub keeps serving its screens).
 */
export type ReplyCheck = 'fail' | 'log';

/** What a download handler gives back: the bytes as a stream, their type and the file's name. */
export type FileDownload = { filename: string; contentType: string; stream: NodeJS.ReadableStream };
export type DownloadHandler<E extends EndpointSpec> = (context: RouteContext<E>) => Promise<FileDownload> | FileDownload;

export type Registrar = {
  route<E extends EndpointSpec>(app: FastifyInstance, endpoint: E, handler: RouteHandler<E>): void;
  /** A file endpoint (`download: true`): the request is checked from the table, the reply streamed. */
  download<E extends EndpointSpec & { download: true }>(app: FastifyInstance, endpoint: E, handler: DownloadHandler<E>): void;
};

/** `attachment` with an ASCII name and the exact one (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function inputOf(endpoint: EndpointSpec, request: FastifyRequest) {
  return {
    params: endpoint.params ? parseWith(endpoint.params, request.params, 'params') : {},
    query: endpoint.query ? parseWith(endpoint.query, request.query, 'query') : {},
    body: endpoint.body ? parseWith(endpoint.body, request.body, 'body') : undefined,
  };
}

/** Registers routes from the endpoint table, validating each request and each reply against it. */
export function endpointRegistrar(options: { replyCheck: ReplyCheck; logger: Logger }): Registrar {
  const checkReply = (endpoint: EndpointSpec, value: unknown): unknown => {
    const result = endpoint.reply.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue ? `${formatPath(issue.path) || 'reply'}: ${issue.message}` : 'not valid';
    options.logger.error({ endpoint: endpointKey(endpoint), problem: where }, 'a reply broke its schema');
    if (options.replyCheck === 'fail') throw new HubError('INTERNAL', `The reply of ${endpointKey(endpoint)} broke its schema (${where}).`);
    return value;
  };
  return {
    route(app, endpoint, handler) {
      if (endpoint.websocket) throw new Error(`${endpointKey(endpoint)} is a WebSocket; register it with the live channel.`);
      if (endpoint.download) throw new Error(`${endpointKey(endpoint)} is a file download; register it with registrar.download.`);
      app.route({
        method: endpoint.method,
        url: endpoint.path,
        config: { endpoint },
        handler: async (request, response) => {
          const input = inputOf(endpoint, request) as EndpointRequest<typeof endpoint>;
          const result = await handler({ ...input, request, response });
          return checkReply(endpoint, result);
        },
      });
    },
    download(app, endpoint, handler) {
      if (!endpoint.download) throw new Error(`${endpointKey(endpoint)} is not a file download; register it with registrar.route.`);
      app.route({
        method: endpoint.method,
        url: endpoint.path,
        config: { endpoint },
        handler: async (request, response) => {
          const input = inputOf(endpoint, request) as EndpointRequest<typeof endpoint>;
          const file = await handler({ ...input, request, response });
          response.header('content-type', file.contentType);
          response.header('content-disposition', contentDisposition(file.filename));
          return response.send(file.stream);
        },
      });
    },
  };
}
