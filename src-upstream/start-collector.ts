import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { SuppressionRule } from '../src-shared/reports/suppression';
import { Collector } from './collector';
import { buildCollectorServer, type CollectorLimits } from './server';
import { migrateCollector } from './store/migrations/index';
import { openPglite, openPostgres, type SqlDatabase } from './store/sql';

export type CollectorStartOptions = {
  /** Data folder of the embedded database (PGlite), used unless `database` is given. */
  dataDir?: string;
  /** postgres://… of a PostgreSQL server. */
  database?: string;
  /** An already open database (tests share one per file). */
  db?: SqlDatabase;
  host?: string;
  port?: number;
  logger?: Logger;
  limits?: Partial<CollectorLimits>;
  /** How the programme's figures are suppressed (default: ONS 10-5). */
  suppression?: SuppressionRule;
};

export type RunningCollector = { collector: Collector; server: FastifyInstance; url: string; close(): Promise<void> };

/** Opens the collector's database (embedded or a server), brings it up to date. */
export async function openCollectorDatabase(options: Pick<CollectorStartOptions, 'dataDir' | 'database'>): Promise<SqlDatabase> {
  const db = options.database ? await openPostgres(options.database) : await openPglite(join(options.dataDir ?? '.', 'pgdata'));
  try {
    await migrateCollector(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export async function startCollector(options: CollectorStartOptions): Promise<RunningCollector> {
  const logger = options.logger ?? pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' });
  const owned = !options.db;
  const db = options.db ?? (await openCollectorDatabase(options));
  const collector = new Collector(db, options.suppression ? { suppression: options.suppression } : {});
  const server = await buildCollectorServer({ collector, logger, ...(options.limits ? { limits: options.limits } : {}) });
  const host = options.host ?? '127.0.0.1';
  await server.listen({ host, port: options.port ?? 4620 });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    collector,
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      await server.close();
      if (owned) await db.close();
    },
  };
}
