import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { migrateCollector, latestCollectorSchema } from '../../src-upstream/store/migrations/index';
import { openPglite, openPostgres, type SqlDatabase } from '../../src-upstream/store/sql';
import { startCollector, type RunningCollector } from '../../src-upstream/start-collector';
import type { CollectorLimits } from '../../src-upstream/server';
import { makeTempDir } from './temp-dir';

/**
 * PGlite makes a new data folder slowly (initdb in WebAssembly, several seconds). One migrated
 * folder is made once per machine and copied for each test file, which opens in about a second.
 */
async function pgliteTemplate(): Promise<string> {
  const template = join(tmpdir(), `frontdoor-pglite-template-s${latestCollectorSchema}`);
  const ready = join(template, 'ready');
  if (existsSync(ready)) return template;
  const lock = `${template}.lock`;
  try {
    mkdirSync(lock);
  } catch {
    // Another test file is making it: wait for it, bounded.
    for (let i = 0; i < 1200 && !existsSync(ready); i += 1) await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(ready)) throw new Error(`the PGlite template at ${template} was not finished in time`);
    return template;
  }
  try {
    rmSync(template, { recursive: true, force: true });
    const db = await openPglite(join(template, 'pgdata'));
    await migrateCollector(db);
    await db.close();
    writeFileSync(ready, 'ok');
    return template;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A migrated embedded collector database at `<dataDir>/pgdata`, as `npm run collector -- --data dataDir` opens it. */
export async function migratedPgliteFolder(dataDir: string): Promise<void> {
  cpSync(join(await pgliteTemplate(), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
}

/** A fresh, migrated embedded collector database in its own temp folder. */
export async function freshPglite(): Promise<{ db: SqlDatabase; remove: () => Promise<void> }> {
  const template = await pgliteTemplate();
  const temp = makeTempDir('frontdoor-collector-');
  cpSync(join(template, 'pgdata'), join(temp.path, 'pgdata'), { recursive: true });
  const db = await openPglite(join(temp.path, 'pgdata'));
  await migrateCollector(db);
  return {
    db,
    remove: async () => {
      await db.close();
      temp.remove();
    },
  };
}

function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

/** Why the PostgreSQL variant cannot run here, or null when it can. */
export function postgresUnavailable(): string | null {
  if (!postgresBin()) return 'PostgreSQL server binaries (initdb, pg_ctl) are not installed; scripts/setup-test-machine.sh installs them';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return 'running as root without a "postgres" user to run the server as';
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private PostgreSQL cluster for one test file: initdb and pg_ctl (as the `postgres` user when
 * running as root) in a temp folder, on a free port of 127.0.0.1, removed by `stop`.
 */
export async function privatePostgres(): Promise<{ url: string; pid: number | null; stop: () => void }> {
  const bin = postgresBin();
  if (!bin) throw new Error(postgresUnavailable() ?? 'no PostgreSQL');
  const temp = makeTempDir('frontdoor-pg-');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args;
    execFileSync(asRoot ? 'runuser' : join(bin, cmd), full, { stdio: 'pipe', cwd: temp.path });
  };
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', temp.path]);
  const data = join(temp.path, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', join(temp.path, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${temp.path} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
  let pid: number | null = null;
  try {
    // The server's own process (its first line); the benchmarks read its processor time.
    pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    pid = null;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        temp.remove();
      }
    },
  };
}

export type CollectorBackend = 'pglite' | 'postgres';

/** A migrated collector database of either engine, with the way to remove it. */
export async function collectorDatabase(backend: CollectorBackend): Promise<{ db: SqlDatabase; remove: () => Promise<void> }> {
  if (backend === 'pglite') return freshPglite();
  const server = await privatePostgres();
  const db = await openPostgres(server.url);
  await migrateCollector(db);
  return {
    db,
    remove: async () => {
      await db.close();
      server.stop();
    },
  };
}

/** A collector on an ephemeral port of 127.0.0.1 over a given database. */
export function startTestCollector(db: SqlDatabase, limits?: Partial<CollectorLimits>): Promise<RunningCollector> {
  return startCollector({ db, port: 0, logger: pino({ level: 'silent' }), ...(limits ? { limits } : {}) });
}

