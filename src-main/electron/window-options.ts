import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The windows' options, built by plain functions so tests can assert every security setting
 * without an Electron binary.
 */
function lockedDownPreferences(preloadPath: string | null, devTools: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    ...(preloadPath ? { preload: preloadPath } : {}),
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    devTools,
    spellcheck: false,
    navigateOnDragDrop: false,
    autoplayPolicy: 'no-user-gesture-required',
    disableBlinkFeatures: 'Auxclick',
  };
}

export function kioskWindowOptions(preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    autoHideMenuBar: true,
    alwaysOnTop: kiosk,
    closable: !kiosk,
    minimizable: !kiosk,
    backgroundColor: '#0b3d5c',
    webPreferences: lockedDownPreferences(preloadPath, !kiosk),
  };
}

/** The "now calling" board on a second monitor: no preload at all, it only listens. */
export function displayWindowOptions(bounds: { x: number; y: number; width: number; height: number }, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    show: false,
    ...bounds,
    fullscreen: kiosk,
    frame: !kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    webPreferences: lockedDownPreferences(null, !kiosk),
  };
}
