import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's data directory for Front Door, as each platform expects it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['FRONTDOOR_DATA_DIR']) return env['FRONTDOOR_DATA_DIR'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Front Door');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Front Door');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'front-door');
}

/**
 * Makes the data folder (database, keys, certificates, logs) and keeps it the hub user's alone:
 * 0700, also when it already existed with looser modes. Windows: the profile folder's ACLs do this.
 */
export function prepareDataDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (platform !== 'win32') chmodSync(dir, 0o700);
}
