/**
 * The command line on a stopped hub's data folder: `--run-retention` (with `--dry-run` and
 * `--as-of`), `--backup FILE` (the online backup API; the identifier key never inside) and
 * `--restore FILE`, with a restore that brings back the residents and their cards — but not one
 * erased since the backup.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath, erasureLogPath, identifierKeyPath } from '../../src-main/shell/data-dir';
import { openDatabase } from '../../src-main/store/database';
import type { CheckInResponse, IdentifyResponse } from '../../src-shared/api/contract';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, startTestHub } from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

const root = new URL('../..', import.meta.url).pathname;

/** Runs `npm run hub -- …` as a person would (tsx on src-main/cli.ts), bounded in time. */
function hubCommand(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src-main/cli.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FRONTDOOR_LOG_LEVEL: 'warn', FRONTDOOR_NO_ELECTRON: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the hub’s command line for data protection', () => {
  const temp = makeTempDir('frontdoor-cli-');
  const dataDir = join(temp.path, 'data');
  const configFile = join(temp.path, 'hub.json');
  const card = '44556677';
  let visitId = '';
  const erasedCard = '99001122';
  let erasedVisitId = '';

  beforeAll(async () => {
    writeFileSync(configFile, JSON.stringify(queueTestHub()));
    const hub = await startTestHub({ hub: queueTestHub(), dataDir });
    const identified = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: card });
    const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ name: 'Tamsin', card: identified.body.token.id }));
    expect(res.status).toBe(201);
    visitId = res.body.visitId;
    const other = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: erasedCard });
    erasedVisitId = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ name: 'Wilhelmina', card: other.body.token.id }))).body.visitId;
    await hub.close();
  });
  afterAll(() => temp.remove());

  it('--run-retention --dry-run prints what would go and changes nothing; --as-of counts back from that day', () => {
    const future = '2031-01-01';
    const dry = hubCommand(['--config', configFile, '--data', dataDir, '--run-retention', '--dry-run', '--as-of', future]);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/Retention as of 2031-01-01 \(dry run: nothing was changed\)/);
    expect(dry.stdout).toMatch(/would clear 2 names on visits/);
    expect(dry.stdout).toMatch(/2 card and QR hashes/);
    const db = openDatabase(databasePath(dataDir));
    expect(db.prepare('SELECT display_name FROM visits WHERE id = ?').get(visitId)).toEqual({ display_name: 'Tamsin' });
    db.close();

    const today = hubCommand(['--config', configFile, '--data', dataDir, '--run-retention']);
    expect(today.status).toBe(0);
    expect(today.stdout).toMatch(/cleared nothing/);
  });

  it('--backup writes a checked, private copy without the identifier key; --restore puts it back', async () => {
    const backupFile = join(temp.path, 'backup.sqlite');
    const backup = hubCommand(['--config', configFile, '--data', dataDir, '--backup', backupFile]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/Backup written: .*backup\.sqlite .*checked/);
    expect(backup.stdout).toMatch(/identifier key is not in it/);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(identifierKeyPath(dataDir), 'utf8').trim();
    const bytes = readFileSync(backupFile);
    expect(bytes.includes(Buffer.from(key))).toBe(false);
    expect(bytes.includes(Buffer.from(key, 'base64'))).toBe(false);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    // Refuses to overwrite a file, or to write into the data folder.
    expect(hubCommand(['--config', configFile, '--data', dataDir, '--backup', backupFile]).status).toBe(1);
    expect(hubCommand(['--config', configFile, '--data', dataDir, '--backup', join(dataDir, 'copy.sqlite')]).stderr).toMatch(/outside the data folder/);

    // After the backup one resident is erased; the restore brings the backup back, but not them.
    const running = await startTestHub({ hub: queueTestHub(), dataDir });
    const visitorId = (running.hub.db.prepare('SELECT visitor_id FROM visits WHERE id = ?').get(erasedVisitId) as { visitor_id: string }).visitor_id;
    await running.hub.privacy.erase({ subject: { kind: 'resident', visitorId }, basis: 'erasure', reason: 'withdrew consent', staffId: null });
    await running.close();
    expect(readFileSync(erasureLogPath(dataDir), 'utf8')).not.toMatch(/Wilhelmina/);

    const restore = hubCommand(['--config', configFile, '--data', dataDir, '--restore', backupFile]);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/Restored .*backup\.sqlite/);
    expect(restore.stdout).toMatch(/kept as .*before-restore-/);
    expect(restore.stdout).toMatch(/1 erasure made since the backup made again/);
    expect(restore.stdout).toMatch(/Retention as of/);

    const hub = await startTestHub({ hub: queueTestHub(), dataDir });
    try {
      const kept = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: card });
      expect(kept.body).toMatchObject({ known: true, displayName: 'Tamsin' });
      const erased = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: erasedCard });
      expect(erased.body.known).toBe(false);
      expect(hub.hub.db.prepare('SELECT display_name FROM visits WHERE id = ?').get(erasedVisitId)).toEqual({ display_name: null });
      expect(hub.hub.db.prepare(`SELECT count(*) AS n FROM outbox WHERE type = 'resident.erased'`).get()).toEqual({ n: 1 });
    } finally {
      await hub.close();
    }
  });

  it('says what is wrong with its arguments', () => {
    expect(hubCommand(['--config', configFile, '--data', dataDir, '--dry-run']).stderr).toMatch(/go with --run-retention/);
    expect(hubCommand(['--config', configFile, '--data', dataDir, '--run-retention', '--as-of', '2031-13-45']).stderr).toMatch(/--as-of must be a day/);
    expect(hubCommand(['--config', configFile, '--data', join(temp.path, 'nowhere'), '--run-retention']).stderr).toMatch(/no Front Door database/);
  });
});
