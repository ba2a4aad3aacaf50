import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords and PINs, hashed with scrypt (node's own; no native package). The parameters are
 * stored with each hash, so they can be raised later and old hashes still verify (and are
 * rehashed at the next sign-in).
 *
 * Stored form: `scrypt$<log2 N>$<r>$<p>$<salt, base64>$<key, base64>`.
 */
export type ScryptParams = { log2N: number; r: number; p: number; keyLength: number };

/** N = 2^17, r = 8, p = 1: OWASP's current recommendation; 128 MiB and about 0.5 s per hash. */
export const currentParams: ScryptParams = { log2N: 17, r: 8, p: 1, keyLength: 32 };

/** Never trust a stored hash to make us allocate more than this (a damaged or tampered row). */
const maxLog2N = 20;

function memoryFor(params: ScryptParams): number {
  // scrypt needs 128 * N * r * p bytes; leave headroom for its own bookkeeping.
  return 128 * 2 ** params.log2N * params.r * params.p * 2;
}

/**
 * At most two hashes at once: each takes 128 MiB, and a burst of sign-ins (or of wrong ones)
 * must not exhaust the hub's memory or its thread pool.
 */
class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
const gate = new Gate(2);

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.log2N, r: params.r, p: params.p, maxmem: memoryFor(params) };
  return gate.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(secret.normalize('NFKC'), salt, params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

export async function hashSecret(secret: string, params: ScryptParams = currentParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, params);
  return ['scrypt', params.log2N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [log2N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![log2N, r, p].every((n) => Number.isInteger(n) && n > 0) || log2N > maxLog2N || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { params: { log2N, r, p, keyLength: key.length }, salt, key };
}

export async function verifySecret(secret: string, stored: string | null): Promise<boolean> {
  const parsed = stored ? parse(stored) : null;
  if (!parsed) {
    // Spend the same time as a real check, so a missing account or PIN does not answer faster.
    await derive(secret, randomBytes(16), currentParams);
    return false;
  }
  const key = await derive(secret, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when a hash was made with other parameters than today's, so it should be made again. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { params } = parsed;
  return params.log2N !== currentParams.log2N || params.r !== currentParams.r || params.p !== currentParams.p || params.keyLength !== currentParams.keyLength;
}

/** PINs that anyone would try first: one digit repeated, or a run up or down (1234, 9876). */
export function isGuessablePin(pin: string): boolean {
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return true;
  const steps = digits.slice(1).map((d, i) => d - digits[i]!);
  return steps.every((s) => s === 1) || steps.every((s) => s === -1);
}
