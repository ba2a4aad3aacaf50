import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Card and QR identifiers are stored only as keyed hashes (HMAC-SHA256). The key lives in its own
 * file beside, never inside, the database — or comes from FRONTDOOR_IDENTIFIER_KEY — so a copy of
 * the database alone cannot be matched back to card numbers.
 */
export function loadOrCreateIdentifierKey(file: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return loadOrCreateKey(file, 'FRONTDOOR_IDENTIFIER_KEY', env);
}

/**
 * The key of the pseudonymous visitor references in exports: its own key (FRONTDOOR_EXPORT_KEY or
 * keys/export.key), so an export cannot be matched with card hashes and changing one leaves the other.
 */
export function loadOrCreateExportKey(file: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return loadOrCreateKey(file, 'FRONTDOOR_EXPORT_KEY', env);
}

function loadOrCreateKey(file: string, envName: string, env: NodeJS.ProcessEnv): Buffer {
  const fromEnv = env[envName];
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length < 32) throw new Error(`${envName} must be at least 32 bytes, base64-encoded.`);
    return key;
  }
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length < 32) throw new Error(`The key in ${file} is damaged (shorter than 32 bytes).`);
    return key;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export function hashIdentifier(key: Buffer, kind: 'card' | 'qr', value: string): string {
  return createHmac('sha256', key).update(`${kind}:${value}`).digest('hex');
}
