import pino from 'pino';
import type { Devices } from '../../src-main/devices/device-manager';
import { parseHubConfig } from '../../src-main/config/load-config';
import type { Clock } from '../../src-main/queue/queue-service';
import { startHub, type RunningHub } from '../../src-main/start-hub';
import type { HubConfig } from '../../src-shared/config/schema';
import { makeTempDir } from './temp-dir';

export type TestHub = RunningHub & { dataDir: string; dispose: () => Promise<void> };

/** A real hub core on an ephemeral port of 127.0.0.1 with a fresh data folder. */
export async function startTestHub(options: { hub: HubConfig; devices?: Devices; now?: Clock; dataDir?: string }): Promise<TestHub> {
  const temp = options.dataDir ? null : makeTempDir('frontdoor-hub-');
  const dataDir = options.dataDir ?? temp!.path;
  const running = await startHub({
    dataDir,
    config: parseHubConfig(options.hub, 'test-hub.yaml'),
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    devices: options.devices ?? { printer: null, cardReader: null, qrScanner: null },
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    ...running,
    dataDir,
    async dispose() {
      await running.close();
      temp?.remove();
    },
  };
}

/** JSON over HTTP to the test hub, returning the status and the parsed body. */
export async function call<T = unknown>(hub: { url: string }, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
