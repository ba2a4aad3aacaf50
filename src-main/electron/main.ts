import { app, BrowserWindow, ipcMain, screen, session, type WebContents } from 'electron';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { HubConfig } from '../../src-shared/config/schema';
import { loadHubConfig, sampleHubFile } from '../config/load-config';
import { defaultDataDir } from '../shell/data-dir';
import { openRotatingLog } from '../shell/log-file';
import { startHub, type RunningHub } from '../start-hub';
import { verifyExitPin } from '../shell/exit-pin';
import { isAllowedNavigation, isAllowedPermission, isBlockedShortcut, isTrustedSender, shellContentSecurityPolicy } from './security';
import { clockProblem, mayInstallUpdate, shouldRecycleRenderer, timeZoneProblem } from './upkeep';
import { displayWindowOptions, kioskWindowOptions } from './window-options';

/**
 * The kiosk shell. It starts the hub core in this process (or, with --attach-url, shows a hub
 * that already runs elsewhere), opens the kiosk window full screen in kiosk mode and keeps it up.
 */
const args = process.argv.slice(1);
const argValue = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const kioskMode = !args.includes('--windowed');
const dataDir = argValue('data') ?? process.env['FRONTDOOR_DATA_DIR'] ?? defaultDataDir();
const logger = pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' }, openRotatingLog(join(dataDir, 'logs'), 'frontdoor'));

let hubOrigin = '';
let kioskUrl = '';
let running: RunningHub | null = null;
let hubConfig: HubConfig | null = null;
let kioskWindow: BrowserWindow | null = null;
let lastActivity = Date.now();
let lastRecycled = new Date();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => kioskWindow?.focus());
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void running?.close());
  app.whenReady().then(start, (error: unknown) => {
    logger.fatal({ err: error }, 'the kiosk shell could not start');
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const attach = argValue('attach-url');
  if (attach) {
    kioskUrl = attach;
  } else {
    const configFile = argValue('config') ?? process.env['FRONTDOOR_CONFIG'] ?? (app.isPackaged ? join(process.resourcesPath, 'hubs', 'sample-hub.yaml') : sampleHubFile);
    const config = loadHubConfig(configFile);
    hubConfig = config.hub;
    checkClock();
    running = await startHub({ dataDir, config, logger, rendererDir: join(import.meta.dirname, '..', 'renderer') });
    kioskUrl = running.screenUrls.kiosk;
    if (running.setup) logger.warn({ setupUrl: running.setup.url, token: running.setup.token, expiresAt: running.setup.expiresAt }, 'first run: create the admin account with this one-time token');
    const tls = running.tls;
    if (tls) {
      // The hub's own self-signed certificate is trusted by its fingerprint, and nothing else is.
      app.on('certificate-error', (event, _contents, url, _error, certificate, callback) => {
        const trusted = safeOrigin(url) === new URL(kioskUrl).origin && certificate.fingerprint === `sha256/${Buffer.from(tls.fingerprint256.replace(/:/g, ''), 'hex').toString('base64')}`;
        if (trusted) event.preventDefault();
        callback(trusted);
      });
    }
  }
  hubOrigin = new URL(kioskUrl).origin;
  secureSession();
  registerIpc();
  openKioskWindow();
  openDisplayOnSecondScreen();
  startUpkeep();
  startUpdates();
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, hubOrigin)) {
      event.preventDefault();
      logger.warn({ url }, 'navigation refused');
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, hubOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn({ url }, 'new window refused');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (kioskMode) {
    contents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
  }
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = safeOrigin(details.requestingUrl ?? contents.getURL());
    callback(isAllowedPermission(permission, origin, hubOrigin, details as { mediaTypes?: string[] }));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isAllowedPermission(permission, safeOrigin(requestingOrigin), hubOrigin));
  // No remote content: the kiosk loads only from the hub.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const allowed = url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:') || safeOrigin(url) === hubOrigin || safeOrigin(url.replace(/^ws/, 'http')) === hubOrigin;
    callback({ cancel: !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [shellContentSecurityPolicy] } });
  });
}

function registerIpc(): void {
  ipcMain.on('shell:activity', (event) => {
    if (isTrustedSender(event.senderFrame, hubOrigin)) lastActivity = Date.now();
  });
  ipcMain.handle('shell:exit-kiosk', (event, pin: unknown) => {
    if (!isTrustedSender(event.senderFrame, hubOrigin)) return false;
    const ok = typeof pin === 'string' && verifyExitPin(pin, hubConfig?.kiosk.exitPinHash);
    logger.warn({ ok }, 'staff asked to leave kiosk mode');
    if (ok && kioskWindow) {
      kioskWindow.setKiosk(false);
      kioskWindow.setFullScreen(false);
      kioskWindow.setClosable(true);
    }
    return ok;
  });
}

function openKioskWindow(): void {
  const window = new BrowserWindow(kioskWindowOptions(join(import.meta.dirname, '..', 'preload', 'preload.cjs'), kioskMode));
  kioskWindow = window;
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error({ reason: details.reason }, 'kiosk renderer gone; reloading the attract screen');
    void window.loadURL(kioskUrl);
  });
  let hangTimer: NodeJS.Timeout | null = null;
  window.on('unresponsive', () => {
    hangTimer = setTimeout(() => {
      logger.error('kiosk renderer hung; restarting it');
      window.webContents.forcefullyCrashRenderer();
      void window.loadURL(kioskUrl);
    }, 10_000);
  });
  window.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
  });
  void window.loadURL(kioskUrl);
}

function openDisplayOnSecondScreen(): void {
  if (args.includes('--no-display')) return;
  const external = screen.getAllDisplays().find((d) => d.id !== screen.getPrimaryDisplay().id);
  if (!external) return;
  const display = new BrowserWindow(displayWindowOptions(external.bounds, kioskMode));
  display.once('ready-to-show', () => display.show());
  display.webContents.on('render-process-gone', () => void display.loadURL(`${hubOrigin}/display`));
  void display.loadURL(`${hubOrigin}/display`);
}

function startUpkeep(): void {
  const timer = setInterval(() => {
    if (!kioskWindow || !hubConfig) return;
    const pid = kioskWindow.webContents.getOSProcessId();
    const metric = app.getAppMetrics().find((m) => m.pid === pid);
    const reason = shouldRecycleRenderer(hubConfig, {
      now: new Date(),
      idleMs: Date.now() - lastActivity,
      rendererMemoryMiB: (metric?.memory.workingSetSize ?? 0) / 1024,
      lastRecycledAt: lastRecycled,
    });
    if (reason) {
      logger.info({ reason }, 'recycling the kiosk renderer');
      lastRecycled = new Date();
      void kioskWindow.loadURL(kioskUrl);
    }
    writeLastSeen();
  }, 60_000);
  timer.unref();
}

/** Updates come from a configured feed, download in the background and install only when the hub is closed. */
function startUpdates(): void {
  const feed = process.env['FRONTDOOR_UPDATE_URL'];
  if (!feed || !app.isPackaged || !hubConfig) return;
  const config = hubConfig;
  void import('electron-updater').then(({ autoUpdater }) => {
    autoUpdater.setFeedURL({ provider: 'generic', url: feed });
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = false;
    let ready = false;
    autoUpdater.on('update-downloaded', () => (ready = true));
    autoUpdater.on('error', (error) => logger.warn({ err: error }, 'update check failed'));
    const tick = () => {
      if (ready && mayInstallUpdate(config, new Date(), Date.now() - lastActivity)) autoUpdater.quitAndInstall(true, true);
      else if (!ready) void autoUpdater.checkForUpdates().catch(() => undefined);
    };
    setInterval(tick, 30 * 60_000).unref();
    tick();
  });
}

function lastSeenFile(): string {
  return join(dataDir, 'last-seen-running');
}

function writeLastSeen(): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(lastSeenFile(), new Date().toISOString());
  } catch (error) {
    logger.warn({ err: error }, 'could not record the last-seen time');
  }
}

function checkClock(): void {
  let lastSeen: Date | null = null;
  try {
    lastSeen = new Date(readFileSync(lastSeenFile(), 'utf8'));
  } catch {
    lastSeen = null;
  }
  const problem = clockProblem(new Date(), lastSeen, new Date(__FRONTDOOR_BUILD_DATE__));
  if (problem) logger.error(problem);
  const zone = hubConfig ? timeZoneProblem(Intl.DateTimeFormat().resolvedOptions().timeZone, hubConfig.timeZone) : null;
  if (zone) logger.warn(zone);
  writeLastSeen();
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
