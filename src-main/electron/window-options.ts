import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The kiosk window's options, built by a plain function so tests can assert every security
 * setting without an Electron binary.
 */
export function kioskWindowOptions(preloadPath: string, kiosk: boolean): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b3d5c',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: !kiosk,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

/** Only the hub's own origin may be shown; everything else is refused. */
export function isAllowedNavigation(target: string, hubOrigin: string): boolean {
  try {
    return new URL(target).origin === hubOrigin;
  } catch {
    return false;
  }
}

/** Camera for the kiosk origin (QR codes); nothing else, for nobody else. */
export function isAllowedPermission(permission: string, requestingOrigin: string, hubOrigin: string): boolean {
  return permission === 'media' && requestingOrigin === hubOrigin;
}
