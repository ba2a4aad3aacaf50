import Fastify from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EndpointSpec } from '../../src-shared/api/endpoints';
import { endpointRegistrar, type ReplyCheck } from '../../src-main/server/endpoint-route';
import { installRequestAuth } from '../../src-main/server/request-auth';
import { HubError } from '../../src-main/errors';

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const echo = {
  method: 'POST',
  path: '/api/test/:thingId/echo',
  params: z.object({ thingId: z.string().regex(/^[a-z]+$/) }),
  query: z.object({ times: z.coerce.number().int().min(1).max(3).default(1) }),
  body: z.object({ word: z.string().min(1) }),
  reply: z.object({ said: z.array(z.string()) }),
  access: { public: true },
  rate: 'read',
  summary: 'test',
} as const satisfies EndpointSpec;

async function appWith(replyCheck: ReplyCheck, handlerReply: (said: string[]) => unknown) {
  const { logger, lines } = capturedLogger();
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HubError) return reply.status(error.httpStatus).send(error.toBody());
    return reply.status(500).send({ error: { code: 'INTERNAL', message: String(error) } });
  });
  endpointRegistrar({ replyCheck, logger }).route(app, echo, ({ params, query, body }) =>
    handlerReply(Array.from({ length: query.times }, () => `${params.thingId}:${body.word}`)) as { said: string[] },
  );
  await app.ready();
  return { app, lines };
}

describe('routes from the endpoint table', () => {
  it('validates params, query and body, naming the field', async () => {
    const { app } = await appWith('fail', (said) => ({ said }));
    const ok = await app.inject({ method: 'POST', url: '/api/test/abc/echo?times=2', payload: { word: 'hi' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ said: ['abc:hi', 'abc:hi'] });
    const badParam = await app.inject({ method: 'POST', url: '/api/test/ABC/echo', payload: { word: 'hi' } });
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.field).toBe('thingId');
    const badQuery = await app.inject({ method: 'POST', url: '/api/test/abc/echo?times=9', payload: { word: 'hi' } });
    expect(badQuery.json().error.field).toBe('times');
    const badBody = await app.inject({ method: 'POST', url: '/api/test/abc/echo', payload: { word: '' } });
    expect(badBody.json().error.field).toBe('word');
  });

  it('fails a reply that breaks its schema under test, and logs it', async () => {
    const { app, lines } = await appWith('fail', () => ({ said: 'not a list' }));
    const res = await app.inject({ method: 'POST', url: '/api/test/abc/echo', payload: { word: 'hi' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).toMatch(/POST \/api\/test\/:thingId\/echo broke its schema \(said:/);
    expect(lines.some((l) => l['msg'] === 'a reply broke its schema' && l['endpoint'] === 'POST /api/test/:thingId/echo')).toBe(true);
  });

  it('logs a broken reply in production and still answers', async () => {
    const { app, lines } = await appWith('log', () => ({ said: 'not a list' }));
    const res = await app.inject({ method: 'POST', url: '/api/test/abc/echo', payload: { word: 'hi' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ said: 'not a list' });
    expect(lines.filter((l) => l['msg'] === 'a reply broke its schema')).toHaveLength(1);
  });

  it('sends only what the reply schema declares', async () => {
    const { app } = await appWith('fail', (said) => ({ said, secret: 'not in the contract' }));
    const res = await app.inject({ method: 'POST', url: '/api/test/abc/echo', payload: { word: 'hi' } });
    expect(res.json()).toEqual({ said: ['abc:hi'] });
  });

  it('refuses to start with an /api route that is not from the table', async () => {
    const app = Fastify();
    installRequestAuth(app, { hub: null as never, auth: null as never, secure: false, allowedHosts: new Set() });
    expect(() => app.get('/api/backdoor', async () => ({ ok: true }))).toThrow(/not registered from the endpoint table/);
    // A screen's route is not an API route and needs no entry.
    expect(() => app.get('/kiosk-extra', async () => 'ok')).not.toThrow();
  });
});
