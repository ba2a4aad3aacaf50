import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../src-shared/api/contract';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { makeTempDir } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '..', '..');

/** Starts the real CLI in a child process and resolves with its kiosk address once it prints it. */
function startChild(dataDir: string, configFile: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'cli.ts'), '--data', dataDir, '--config', configFile, '--port', '0', '--no-electron'], {
    cwd: root,
    env: { ...process.env, FRONTDOOR_LOG_LEVEL: 'warn', FRONTDOOR_NO_ELECTRON: '1' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /kiosk\s+(http:\/\/127\.0\.0\.1:\d+)\/kiosk/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code} before it was ready:\n${out}\n${err}`)));
  });
}

describe('power cut in the middle of check-ins', () => {
  const temp = makeTempDir('frontdoor-crash-');
  afterAll(() => temp.remove());

  it('keeps every committed check-in whole and leaves no half-written visit after SIGKILL', async () => {
    const configFile = join(temp.path, 'hub.json');
    writeFileSync(configFile, JSON.stringify(queueTestHub()));
    const dataDir = join(temp.path, 'data');
    const first = await startChild(dataDir, configFile);

    const acknowledged: CheckInResponse[] = [];
    const total = 400;
    const killAfter = 60;
    let killed = false;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));

    // Eight clients keep check-ins flowing; the hub is killed while requests are in flight.
    const worker = async () => {
      for (let i = 0; i < total / 8 && !killed; i += 1) {
        try {
          const response = await fetch(`${first.url}/api/check-ins`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(checkInBody({ help: ['money', 'housing', 'work'] })),
          });
          if (response.status === 201) acknowledged.push((await response.json()) as CheckInResponse);
        } catch {
          return; // the connection died with the hub
        }
        if (acknowledged.length >= killAfter && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(await exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    // Start again on the same data folder: the hub opens, recovers the WAL and serves.
    const second = await startChild(dataDir, configFile);
    const health = (await (await fetch(`${second.url}/api/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));

    const db = new Database(join(dataDir, 'frontdoor.sqlite'), { readonly: true });
    for (const ack of acknowledged) {
      const tickets = db.prepare('SELECT number FROM tickets WHERE visit_id = ? ORDER BY stop_order').all(ack.visitId) as { number: string }[];
      expect(tickets.map((t) => t.number)).toEqual(ack.tickets.map((t) => t.number));
    }
    // Whatever committed (acknowledged or not) is whole: three tickets, answers, consent and its outbox event.
    const broken = db
      .prepare(
        `SELECT v.id FROM visits v WHERE
           (SELECT count(*) FROM tickets t WHERE t.visit_id = v.id) <> 3
           OR (SELECT count(*) FROM consents c WHERE c.visit_id = v.id) <> 1
           OR (SELECT count(*) FROM triage_answers a WHERE a.visit_id = v.id) < 1
           OR (SELECT count(*) FROM outbox o WHERE o.type = 'visit.checked-in' AND json_extract(o.payload, '$.visitId') = v.id) <> 1`,
      )
      .all();
    expect(broken).toEqual([]);
    const orphans = db.prepare('SELECT count(*) AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id)').get();
    expect(orphans).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
