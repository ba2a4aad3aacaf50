import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's data directory for Front Door, as each platform expects it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['FRONTDOOR_DATA_DIR']) return env['FRONTDOOR_DATA_DIR'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Front Door');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Front Door');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'front-door');
}
