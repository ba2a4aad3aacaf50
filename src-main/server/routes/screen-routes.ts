import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const screens = ['kiosk', 'reception', 'partner', 'display', 'manager'] as const;

/** The screens: one React app, a route per face, and its built files. */
export async function screenRoutes(app: FastifyInstance, { rendererDir }: { rendererDir: string }): Promise<(response: FastifyReply) => FastifyReply> {
  const built = existsSync(join(rendererDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: rendererDir, prefix: '/', wildcard: false, index: false });
  }
  const sendScreen = (response: FastifyReply) => {
    if (!built) {
      return response
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The Front Door screens have not been built. Run "npm run build:web" (npm start does it for you) and reload.');
    }
    return response.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/', (_request, response) => response.redirect('/kiosk'));
  for (const screen of screens) app.get(`/${screen}`, (_request, response) => sendScreen(response));
  return sendScreen;
}
