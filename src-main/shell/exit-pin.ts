import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * The PIN that lets staff leave kiosk mode, stored only as a scrypt hash in the hub
 * configuration (`kiosk.exitPinHash`): "scrypt$N$r$p$salt$hash", base64 salt and hash.
 */
const params = { N: 2 ** 15, r: 8, p: 1 };

export function hashExitPin(pin: string): string {
  if (!/^\d{4,12}$/.test(pin)) throw new Error('The exit PIN must be 4 to 12 digits.');
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { ...params, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyExitPin(pin: string, stored: string | undefined): boolean {
  if (!stored || typeof pin !== 'string' || !/^\d{4,12}$/.test(pin)) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16) return false;
  const actual = scryptSync(pin, salt, expected.length, { N, r, p, maxmem: 256 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}
