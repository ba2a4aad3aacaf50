import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { isAllowedNavigation, isAllowedPermission, kioskWindowOptions } from './window-options';

/**
 * The kiosk shell: one locked-down window on the hub's kiosk screen. Started by the hub's CLI
 * with --kiosk-url, it only shows the window; the hub core runs in that CLI's process.
 */
const kioskUrlArg = process.argv.find((a) => a.startsWith('--kiosk-url='));
const kioskUrl = kioskUrlArg ? kioskUrlArg.slice('--kiosk-url='.length) : 'http://127.0.0.1:4610/kiosk';
const hubOrigin = new URL(kioskUrl).origin;
const kioskMode = !process.argv.includes('--windowed');

if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, hubOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isAllowedPermission(permission, new URL(contents.getURL()).origin, hubOrigin));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin, hubOrigin),
  );
  const window = new BrowserWindow(kioskWindowOptions(join(import.meta.dirname, '../preload/preload.cjs'), kioskMode));
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', () => void window.loadURL(kioskUrl));
  window.on('unresponsive', () => void window.loadURL(kioskUrl));
  void window.loadURL(kioskUrl);
});

app.on('window-all-closed', () => app.quit());
