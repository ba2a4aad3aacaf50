import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Statement } from 'better-sqlite3';
import type { HubDatabase } from '../store/database';

type LeaseRow = { owner: string; pid: number; host: string; expiresAt: number };

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The right to upload, held by one uploader at a time across every process that opens this data
 * folder: a row in sync_state taken and renewed inside an immediate transaction. A holder that died
 * (SIGKILL, power cut) loses it when it expires, or at once when it was a process on this machine
 * that no longer exists. A lease dated further ahead than two terms means the clock went back: stale.
 */
export class UploadLease {
  readonly owner = randomUUID();
  private readonly read: Statement;
  private readonly write: Statement;
  private readonly remove: Statement;

  constructor(
    private readonly db: HubDatabase,
    private readonly leaseMs: number,
    private readonly nowMs: () => number = () => Date.now(),
  ) {
    this.read = db.prepare(`SELECT value FROM sync_state WHERE key = 'uploader.lease'`);
    this.write = db.prepare(`INSERT INTO sync_state (key, value) VALUES ('uploader.lease', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
    this.remove = db.prepare(`DELETE FROM sync_state WHERE key = 'uploader.lease' AND json_extract(value, '$.owner') = ?`);
  }

  /** Takes or renews the lease; false while another live uploader holds it. */
  acquire(): boolean {
    return this.db
      .transaction(() => {
        const now = this.nowMs();
        const current = this.current();
        const free =
          current === null ||
          current.owner === this.owner ||
          current.expiresAt <= now ||
          current.expiresAt > now + 2 * this.leaseMs ||
          (current.host === hostname() && current.pid !== process.pid && !processAlive(current.pid));
        if (!free) return false;
        const row: LeaseRow = { owner: this.owner, pid: process.pid, host: hostname(), expiresAt: now + this.leaseMs };
        this.write.run(JSON.stringify(row));
        return true;
      })
      .immediate();
  }

  release(): void {
    this.remove.run(this.owner);
  }

  current(): LeaseRow | null {
    const row = this.read.get() as { value: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value) as LeaseRow;
    } catch {
      return null;
    }
  }
}
