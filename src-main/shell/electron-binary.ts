import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

/**
 * Finds the Electron executable without `require('electron')`, which would try to download it
 * in the foreground. The `electron` package keeps the binary's relative path in path.txt once
 * it has been fetched.
 */
export function findElectronBinary(packageDir: string | null = electronPackageDir(), env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  if (!packageDir) return { available: false, reason: 'the electron package is not installed' };
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { available: false, reason: 'the Electron binary has not been downloaded' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const full = env['ELECTRON_OVERRIDE_DIST_PATH'] ? join(env['ELECTRON_OVERRIDE_DIST_PATH'], relative) : join(packageDir, 'dist', relative);
  if (!existsSync(full)) return { available: false, reason: `the Electron binary is missing at ${full}` };
  return { available: true, path: full };
}

export function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** What `npm start` and `npm run hub` do about the kiosk window. */
export type KioskWindowPlan = { open: true; binary: string } | { open: false; message: string };

/**
 * Opens the kiosk window where Electron's binary is present and the shell is built; otherwise one
 * line saying why and what to do. It never downloads anything: a start must not hang on (or
 * fetch from) Electron's download host. `npm run electron:fetch` downloads it, on purpose.
 */
export function planKioskWindow(binary: ElectronBinary, shellBuilt: boolean): KioskWindowPlan {
  if (!binary.available) {
    return {
      open: false,
      message: `kiosk window: not opened (${binary.reason}). Run "npm run electron:fetch" once to download Electron; until then open the kiosk address in a browser.`,
    };
  }
  if (!shellBuilt) return { open: false, message: 'kiosk window: not opened (the Electron shell is not built; run "npm run build" first).' };
  return { open: true, binary: binary.path };
}
