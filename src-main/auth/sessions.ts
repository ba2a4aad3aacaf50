import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { SessionEndReason } from '../../src-shared/api/contract';
import type { SessionReply, SignInMethod, StaffRole, StaffView } from '../../src-shared/api/auth-contract';
import type { HubConfig } from '../../src-shared/config/schema';
import type { HubDatabase } from '../store/database';
import type { AuditLog } from './audit-log';
import { randomToken, tokenHash } from './secrets';
import { staffViewOf, type StaffRow } from './staff-rows';

export type Session = {
  /** SHA-256 of the cookie's session id: what the database and the live connections know it by. */
  idHash: string;
  staff: StaffView;
  method: SignInMethod;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  idleMinutes: number;
  expiresAt: string;
};

export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: SessionEndReason | 'none' };

export type SignedIn = { sessionId: string; session: Session };

/** How a session ended, as stored (the sessions table allows these). */
export type StoredEndReason = 'signed-out' | 'signed-out-everywhere' | 'disabled';

type SessionRow = {
  id_hash: string;
  staff_id: string;
  method: SignInMethod;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  idle_minutes: number;
  expires_at: string;
  ended_at: string | null;
  end_reason: StoredEndReason | null;
  username: string;
  display_name: string;
  role: StaffRole;
  services: string;
  disabled_at: string | null;
};

type EndedListener = (idHashes: string[], reason: SessionEndReason) => void;

/** last_seen_at is written at most this often per session: a burst of requests is one write. */
const touchEveryMs = 15_000;

/**
 * Staff sessions: only a hash of the session id is stored. A session ends after its idle time,
 * at its latest end, on sign-out, and when its account is disabled or its secret reset; live
 * connections hear of an end at once.
 */
export class Sessions {
  private readonly endedListeners = new Set<EndedListener>();
  private readonly stmt: Record<'insert' | 'read' | 'touch' | 'end' | 'activeOf' | 'endAllOf', Statement>;

  constructor(
    private readonly db: HubDatabase,
    private readonly config: HubConfig['server']['sessions'],
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO sessions (id_hash, staff_id, method, csrf_token, created_at, last_seen_at, idle_minutes, expires_at, address)
         VALUES (@idHash, @staffId, @method, @csrfToken, @createdAt, @createdAt, @idleMinutes, @expiresAt, @address)`,
      ),
      read: db.prepare(
        `SELECT s.*, st.username, st.display_name, st.role, st.services, st.disabled_at
         FROM sessions s JOIN staff st ON st.id = s.staff_id WHERE s.id_hash = ?`,
      ),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND ended_at IS NULL'),
      end: db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id_hash = ? AND ended_at IS NULL'),
      activeOf: db.prepare('SELECT id_hash FROM sessions WHERE staff_id = ? AND ended_at IS NULL'),
      endAllOf: db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE staff_id = ? AND ended_at IS NULL'),
    };
    // Sessions past their end for a day are of no further use; the audit log keeps the sign-ins.
    db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date(this.now().getTime() - 24 * 3_600_000).toISOString());
  }

  /** A new session for this account (called inside the sign-in's transaction). */
  create(row: StaffRow, method: SignInMethod, address: string, at: string): SignedIn {
    const sessionId = randomToken(32);
    const idleMinutes = method === 'pin' ? this.config.pinIdleMinutes : this.config.idleMinutes;
    const expiresAt = new Date(Date.parse(at) + this.config.maxHours * 3_600_000).toISOString();
    const session: Session = {
      idHash: tokenHash(sessionId),
      staff: staffViewOf(row),
      method,
      csrfToken: randomToken(32),
      createdAt: at,
      lastSeenAt: at,
      idleMinutes,
      expiresAt,
    };
    this.stmt.insert.run({ idHash: session.idHash, staffId: row.id, method, csrfToken: session.csrfToken, createdAt: at, idleMinutes, expiresAt, address });
    return { sessionId, session };
  }

  /** The session a cookie names, if it is still good: not signed out, disabled, idle or expired. */
  check(sessionId: string | undefined): SessionCheck {
    if (!sessionId || sessionId.length > 128) return { ok: false, reason: 'none' };
    return this.peek(tokenHash(sessionId));
  }

  /** Like `check`, by the stored hash (what a live connection remembers). Changes nothing. */
  peek(idHash: string): SessionCheck {
    const row = this.stmt.read.get(idHash) as SessionRow | undefined;
    if (!row) return { ok: false, reason: 'none' };
    if (row.ended_at) return { ok: false, reason: row.end_reason === 'disabled' ? 'disabled' : 'signed-out' };
    if (row.disabled_at) return { ok: false, reason: 'disabled' };
    const at = this.now().getTime();
    if (Date.parse(row.expires_at) <= at) return { ok: false, reason: 'expired' };
    if (Date.parse(row.last_seen_at) + row.idle_minutes * 60_000 <= at) return { ok: false, reason: 'idle' };
    return {
      ok: true,
      session: {
        idHash: row.id_hash,
        staff: staffViewOf({ id: row.staff_id, username: row.username, display_name: row.display_name, role: row.role, services: row.services }),
        method: row.method,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        idleMinutes: row.idle_minutes,
        expiresAt: row.expires_at,
      },
    };
  }

  /** A request by the session's owner: the idle clock starts again. */
  touch(session: Session): void {
    const at = this.now();
    if (at.getTime() - Date.parse(session.lastSeenAt) < touchEveryMs) return;
    this.stmt.touch.run(at.toISOString(), session.idHash);
  }

  reply(session: Session): SessionReply {
    return {
      staff: session.staff,
      csrfToken: session.csrfToken,
      idleTimeoutMinutes: session.idleMinutes,
      signedInWith: session.method,
      expiresAt: session.expiresAt,
    };
  }

  signOut(session: Session): void {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.stmt.end.run(at, 'signed-out', session.idHash);
      this.audit.record({ at, staffId: session.staff.id, action: 'auth.signed-out', subjectType: 'staff', subjectId: session.staff.id });
    })();
    this.announceEnded([session.idHash], 'signed-out');
  }

  /** Ends every session of this staff member: a lost phone, a shared PC left signed in. */
  signOutEverywhere(session: Session): number {
    const at = this.now().toISOString();
    const ended = this.db.transaction(() => {
      const hashes = this.endAllOf(session.staff.id, 'signed-out-everywhere', at);
      this.audit.record({
        at,
        staffId: session.staff.id,
        action: 'auth.signed-out-everywhere',
        subjectType: 'staff',
        subjectId: session.staff.id,
        detail: { sessions: hashes.length },
      });
      return hashes;
    })();
    this.announceEnded(ended, 'signed-out');
    return ended.length;
  }

  /**
   * Ends every open session of an account, inside the caller's transaction; returns their hashes
   * for `announceEnded` once it has committed.
   */
  endAllOf(staffId: string, reason: StoredEndReason, at: string): string[] {
    const hashes = (this.stmt.activeOf.all(staffId) as { id_hash: string }[]).map((r) => r.id_hash);
    this.stmt.endAllOf.run(at, reason, staffId);
    return hashes;
  }

  /** Live connections listen here to close the moment their session ends. */
  onEnded(listener: EndedListener): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  announceEnded(idHashes: string[], reason: SessionEndReason): void {
    if (idHashes.length === 0) return;
    for (const listener of this.endedListeners) {
      try {
        listener(idHashes, reason);
      } catch (error) {
        this.logger.warn({ err: error }, 'a session-ended listener failed');
      }
    }
  }
}
