import Fastify from 'fastify';
import pino from 'pino';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EndpointSpec } from '../../src-shared/api/endpoints';
import { fileReply } from '../../src-shared/reports/contract';
import { contentDisposition, endpointRegistrar } from '../../src-main/server/endpoint-route';
import { HubError } from '../../src-main/errors';

const file = {
  method: 'GET',
  path: '/api/test/file',
  query: z.object({ rows: z.coerce.number().int().min(0).max(3) }),
  reply: fileReply,
  access: { public: true },
  rate: 'read',
  summary: 'test',
  download: true,
} as const satisfies EndpointSpec;

describe('file downloads from the endpoint table', () => {
  it('checks the query, then streams with a content type and an attachment name', async () => {
    const app = Fastify();
    app.setErrorHandler((error, _request, reply) => (error instanceof HubError ? reply.status(error.httpStatus).send(error.toBody()) : reply.status(500).send({})));
    const registrar = endpointRegistrar({ replyCheck: 'fail', logger: pino({ level: 'silent' }) });
    registrar.download(app, file, ({ query }) => ({
      filename: 'Café report.csv',
      contentType: 'text/csv; charset=utf-8',
      stream: Readable.from(Array.from({ length: query.rows }, (_, i) => `row ${i}\r\n`)),
    }));
    // A file endpoint registered as JSON (or the other way round) is a mistake found at start.
    expect(() => registrar.route(Fastify(), file, () => undefined as never)).toThrow(/registrar.download/);
    await app.ready();
    const ok = await app.inject({ method: 'GET', url: '/api/test/file?rows=2' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(ok.headers['content-disposition']).toBe(`attachment; filename="Caf_ report.csv"; filename*=UTF-8''Caf%C3%A9%20report.csv`);
    expect(ok.body).toBe('row 0\r\nrow 1\r\n');
    const bad = await app.inject({ method: 'GET', url: '/api/test/file?rows=9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'rows' });
  });

  it('writes a safe file name whatever the characters', () => {
    expect(contentDisposition('a"b\\c.csv')).toBe(`attachment; filename="a_b_c.csv"; filename*=UTF-8''a%22b%5Cc.csv`);
  });
});
