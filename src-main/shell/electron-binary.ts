import { spawn } from 'node:child_process';
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

/**
 * Tries once to fetch the Electron binary with the package's own installer, bounded in time.
 * Where the network cannot reach the download host (as on build-less or offline machines) it
 * fails fast and the hub runs with the screens in a browser instead.
 */
export function fetchElectronBinary(packageDir: string | null = electronPackageDir(), timeoutMs = 120_000): Promise<ElectronBinary> {
  if (!packageDir) return Promise.resolve({ available: false, reason: 'the electron package is not installed' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ available: false, reason: `could not run the Electron installer: ${error.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(findElectronBinary(packageDir));
      const firstLine = stderr.split('\n').find((l) => /error/i.test(l)) ?? `exit ${code ?? signal}`;
      resolve({ available: false, reason: `the Electron download failed (${firstLine.trim().slice(0, 200)})` });
    });
  });
}
