import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Card and QR identifiers are stored only as keyed hashes (HMAC-SHA256). The key lives in its own
 * file beside, never inside, the database — or comes from FRONTDOOR_IDENTIFIER_KEY — so a copy of
 * the database alone cannot be matched back to card numbers.
 */
export function loadOrCreateIdentifierKey(file: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return loadOrCreateKey(file, { name: 'FRONTDOOR_IDENTIFIER_KEY', value: env['FRONTDOOR_IDENTIFIER_KEY'] }, 'identifier key');
}

/**
 * The key of the pseudonymous visitor references in exports: its own key (FRONTDOOR_EXPORT_KEY or
 * keys/export.key), so an export cannot be matched with card hashes and changing one leaves the other.
 */
export function loadOrCreateExportKey(file: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return loadOrCreateKey(file, { name: 'FRONTDOOR_EXPORT_KEY', value: env['FRONTDOOR_EXPORT_KEY'] }, 'export key');
}

/** A 32+ byte key from an environment variable (base64) when set, else from its file, made once (mode 0600). */
export function loadOrCreateKey(file: string, fromEnv: { name: string; value: string | undefined } | null, what: string): Buffer {
  if (fromEnv?.value) {
    const key = Buffer.from(fromEnv.value, 'base64');
    if (key.length < 32) throw new Error(`${fromEnv.name} must be at least 32 bytes, base64-encoded.`);
    return key;
  }
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length < 32) throw new Error(`The ${what} in ${file} is damaged (shorter than 32 bytes).`);
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
