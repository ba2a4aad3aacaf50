import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { AuthService } from './auth/auth-service';
import { loadHubConfig, type LoadedConfig } from './config/load-config';
import { createDevices } from './devices/create-devices';
import { DeviceManager, type Devices } from './devices/device-manager';
import { Hub } from './hub';
import { loadOrCreateExportKey, loadOrCreateIdentifierKey } from './identity/keyed-hash';
import { loadProgrammeKey } from './identity/programme-key';
import type { UploaderTimings } from './sync/uploader';
import type { Clock } from './queue/queue-service';
import { buildServer, screens } from './server/http-server';
import { resolveTls } from './server/security-tls';
import { databasePath, erasureLogPath, identifierKeyPath, prepareDataDir } from './shell/data-dir';
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
  /** The uploader's waits, and how often the upload backlog is checked (tests make them short). */
  sync?: { timings?: Partial<UploaderTimings>; backlogCheckMs?: number; env?: NodeJS.ProcessEnv };
  /**
   * Tests only: `false` treats callers on this machine like any device on the network, so the
   * kiosk's enrolment can be tried in a browser on 127.0.0.1. A running hub never sets it.
   */
  trustHubMachine?: boolean;
};

export type RunningHub = {
  hub: Hub;
  auth: AuthService;
  server: FastifyInstance;
  /** e.g. http://127.0.0.1:4610, or https://192.168.1.20:4610 in LAN mode */
  url: string;
  screenUrls: Record<(typeof screens)[number], string>;
  /**
   * First run: no administrator exists yet. The one-time token (printed by the CLI, never logged)
   * creates the first one at `url`; it expires, and a restart makes a new one.
   */
  setup: { token: string; url: string; expiresAt: string } | null;
  /** LAN mode over HTTPS: the certificate in use and its SHA-256 fingerprint for staff to compare. */
  tls: { certFile: string; fingerprint256: string; selfSigned: boolean } | null;
  /** Plain HTTP beyond 127.0.0.1, because server.allowInsecureLan says so. */
  insecureLan: boolean;
  close(): Promise<void>;
};

export const defaultRendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/** Starts a hub core: configuration, database, devices, HTTP and WebSocket. */
export async function startHub(options: StartOptions): Promise<RunningHub> {
  const logger = options.logger ?? pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' });
  const config = options.config ?? loadHubConfig(options.configFile);
  prepareDataDir(options.dataDir);
  const db = openDatabase(databasePath(options.dataDir));
  const identifierKey = loadOrCreateIdentifierKey(identifierKeyPath(options.dataDir));
  const devices = new DeviceManager(options.devices ?? (await createDevices(config.hub, logger)), { logger });
  const programmeKey = loadProgrammeKey(join(options.dataDir, 'keys', 'programme.key'), config.hub.upstream?.programmeKeyEnv, options.sync?.env);
  const exportKey = loadOrCreateExportKey(join(options.dataDir, 'keys', 'export.key'));
  const hub = new Hub({
    config,
    db,
    identifierKey,
    programmeKey,
    exportKey,
    devices,
    logger,
    erasureLog: erasureLogPath(options.dataDir),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sync?.timings ? { uploaderTimings: options.sync.timings } : {}),
    ...(options.sync?.env ? { env: options.sync.env } : {}),
  });
  const auth = new AuthService({ db, hub: config.hub, logger, ...(options.now ? { now: options.now } : {}) });
  const host = options.host ?? config.hub.server.host;
  let server: FastifyInstance;
  let tls: ReturnType<typeof resolveTls>;
  try {
    tls = resolveTls({ host, server: config.hub.server, configFile: config.file, dataDir: options.dataDir, logger });
    server = await buildServer({
      hub,
      auth,
      logger,
      rendererDir: options.rendererDir ?? defaultRendererDir,
      listenHost: host,
      trustHubMachine: options.trustHubMachine ?? true,
      https: tls.mode === 'https' ? { key: tls.key, cert: tls.cert } : null,
    });
  } catch (error) {
    db.close();
    throw error;
  }
  hub.attachReaders();
  hub.restoreFlagAlerts();
  hub.startDayEnd();
  hub.startRetentionSchedule();
  try {
    await devices.start();
    devices.startMonitoring();
    await server.listen({ host, port: options.port ?? config.hub.server.port });
  } catch (error) {
    hub.stop();
    await devices.close();
    db.close();
    throw error;
  }
  hub.startSync(options.sync?.backlogCheckMs === undefined ? {} : { backlogCheckMs: options.sync.backlogCheckMs });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `${tls.mode === 'https' ? 'https' : 'http'}://${shownHost}:${port}`;
  const screenUrls = Object.fromEntries(screens.map((s) => [s, `${url}/${s}`])) as RunningHub['screenUrls'];
  if (tls.mode === 'https') logger.info({ certFile: tls.certFile, fingerprint256: tls.fingerprint256, selfSigned: tls.selfSigned }, 'serving HTTPS');
  const setupToken = auth.issueSetupToken();
  let closed = false;
  return {
    hub,
    auth,
    server,
    url,
    screenUrls,
    setup: setupToken ? { ...setupToken, url: `${url}/manager?setup=1` } : null,
    tls: tls.mode === 'https' ? { certFile: tls.certFile, fingerprint256: tls.fingerprint256, selfSigned: tls.selfSigned } : null,
    insecureLan: tls.mode === 'insecure-lan',
    async close() {
      if (closed) return;
      closed = true;
      hub.stop();
      await hub.stopSync();
      await server.close();
      await devices.close();
      await hub.idle();
      db.close();
    },
  };
}
