import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { loadHubConfig, type LoadedConfig } from './config/load-config';
import { createDevices } from './devices/create-devices';
import { DeviceManager, type Devices } from './devices/device-manager';
import { Hub } from './hub';
import { loadOrCreateIdentifierKey } from './identity/keyed-hash';
import type { Clock } from './queue/queue-service';
import { buildServer, screens } from './server/http-server';
import { openDatabase } from './store/database';

export type StartOptions = {
  dataDir: string;
  configFile?: string;
  config?: LoadedConfig;
  host?: string;
  port?: number;
  logger?: Logger;
  devices?: Devices;
  rendererDir?: string;
  now?: Clock;
};

export type RunningHub = {
  hub: Hub;
  server: FastifyInstance;
  /** e.g. http://127.0.0.1:4610 */
  url: string;
  screenUrls: Record<(typeof screens)[number], string>;
  close(): Promise<void>;
};

export const defaultRendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/** Starts a hub core: configuration, database, devices, HTTP and WebSocket. */
export async function startHub(options: StartOptions): Promise<RunningHub> {
  const logger = options.logger ?? pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' });
  const config = options.config ?? loadHubConfig(options.configFile);
  const db = openDatabase(join(options.dataDir, 'frontdoor.sqlite'));
  const identifierKey = loadOrCreateIdentifierKey(join(options.dataDir, 'keys', 'identifier.key'));
  const devices = new DeviceManager(options.devices ?? (await createDevices(config.hub, logger)));
  const hub = new Hub({ config, db, identifierKey, devices, logger, ...(options.now ? { now: options.now } : {}) });
  const server = await buildServer({ hub, logger, rendererDir: options.rendererDir ?? defaultRendererDir });
  hub.attachReaders();
  try {
    await devices.start();
    devices.startMonitoring();
    await server.listen({ host: options.host ?? config.hub.server.host, port: options.port ?? config.hub.server.port });
  } catch (error) {
    await devices.close();
    db.close();
    throw error;
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const host = options.host ?? config.hub.server.host;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  const screenUrls = Object.fromEntries(screens.map((s) => [s, `${url}/${s}`])) as RunningHub['screenUrls'];
  let closed = false;
  return {
    hub,
    server,
    url,
    screenUrls,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await devices.close();
      db.close();
    },
  };
}
