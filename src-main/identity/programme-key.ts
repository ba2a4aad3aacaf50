import { createHmac } from 'node:crypto';
import { loadOrCreateKey } from './keyed-hash';

/**
 * The programme's pseudonym key. Visitors appear upstream only as HMACs of the hub's random visitor
 * id under it, so the collector can count returning visitors without learning who they are and
 * without the hub's identifier key (which stays on the hub). Every hub of a programme may hold the
 * same key (from the environment variable `upstream.programmeKeyEnv` names); otherwise the hub makes
 * its own once in <data>/keys/programme.key (mode 0600).
 */
export function loadProgrammeKey(file: string, envName: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer {
  return loadOrCreateKey(file, envName ? { name: envName, value: env[envName] } : null, 'programme key');
}

export function visitorPseudonym(key: Buffer, visitorId: string): string {
  return createHmac('sha256', key).update(`visitor:${visitorId}`).digest('hex').slice(0, 32);
}
