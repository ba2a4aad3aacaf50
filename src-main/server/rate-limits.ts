import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateClass } from '../../src-shared/api/endpoints';
import type { HubConfig } from '../../src-shared/config/schema';
import { HubError } from '../errors';
import { callerAddressOf } from './security';

type RateLimits = HubConfig['server']['rateLimits'];

/** How many callers (address or kiosk, per class) are remembered; the least recently seen go first. */
const rememberedCallers = 20_000;

type Window = { count: number; startedAt: number };

/**
 * Fixed windows per key. The plugin's own LocalStore hands back its live counter object, so
 * requests arriving in the same tick all read the final count and all are refused; this store
 * answers each request with its own count.
 */
class WindowStore {
  private readonly windows = new Map<string, Window>();

  incr(key: string, done: (error: Error | null, result: { current: number; ttl: number }) => void, timeWindow: number): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.startedAt + timeWindow <= now) window = { count: 0, startedAt: now };
    window.count += 1;
    // Re-inserted so the Map's order is least recently seen first.
    this.windows.delete(key);
    this.windows.set(key, window);
    if (this.windows.size > rememberedCallers) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    done(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
  }

  child(): WindowStore {
    return this;
  }
}

function rateOf(request: FastifyRequest): RateClass | null {
  return request.routeOptions.config.endpoint?.rate ?? null;
}

/**
 * Who is counted: an enrolled kiosk by its credential (several behind one address are several
 * kiosks), anyone else by address. Each rate class counts separately, so a kiosk's reads never use
 * up its check-ins.
 */
export function rateKeyOf(request: FastifyRequest): string {
  const kiosk = request.auth?.kiosk;
  const who = kiosk?.via === 'enrolled' ? `kiosk:${kiosk.kiosk.id}` : `address:${callerAddressOf(request).replace(/^::ffff:/, '')}`;
  return `${rateOf(request) ?? 'none'}|${who}`;
}

/**
 * Rate limits on every route of the endpoint table, by its `rate` class and `server.rateLimits`.
 * They run after the Host, session and kiosk checks (so an enrolled kiosk is counted as itself);
 * the screens' files are not counted. Over the limit: 429, Retry-After, and RATE_LIMITED.
 */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    store: WindowStore,
    allowList: (request) => rateOf(request) === null,
    keyGenerator: rateKeyOf,
    // Indexed by RateClass: a class added to the table without a configured limit fails to compile.
    max: (request) => limits[rateOf(request) ?? 'read'].max,
    timeWindow: (request) => limits[rateOf(request) ?? 'read'].windowSeconds * 1000,
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HubError('RATE_LIMITED', `Too many requests from this device; please wait ${retryAfterSeconds} seconds and try again.`, {
        details: { retryAfterSeconds },
      });
    },
  });
}
