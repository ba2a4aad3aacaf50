import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SessionEndReason } from '../../src-shared/api/contract';
import type {
  createStaffRequest,
  loginRequest,
  SessionReply,
  setupRequest,
  SignInMethod,
  StaffAccountView,
  StaffRole,
  StaffView,
} from '../../src-shared/api/auth-contract';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import { AuditLog } from './audit-log';
import { hashSecret, isGuessablePin, needsRehash, verifySecret } from './passwords';
import { randomToken, tokenHash } from './secrets';
import { SignInThrottle } from './sign-in-throttle';

export type { SessionEndReason };

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

type StaffRow = {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  services: string;
  password_hash: string | null;
  pin_hash: string | null;
  created_at: string;
  disabled_at: string | null;
};

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
  end_reason: 'signed-out' | 'signed-out-everywhere' | 'disabled' | null;
  username: string;
  display_name: string;
  role: StaffRole;
  services: string;
  disabled_at: string | null;
};

type EndedListener = (idHashes: string[], reason: SessionEndReason) => void;

/** Roles that may sign in with a PIN on a shared PC; managers and admins always use a password. */
export const pinRoles: readonly StaffRole[] = ['reception', 'partner'];
/** Which roles each role may create, enable or disable. */
const manageableBy: Record<StaffRole, readonly StaffRole[]> = {
  admin: ['reception', 'partner', 'manager', 'admin'],
  manager: ['reception', 'partner'],
  reception: [],
  partner: [],
};
const setupTokenHours = 24;
/** last_seen_at is written at most this often per session: a burst of requests is one write. */
const touchEveryMs = 15_000;

/**
 * Staff accounts, sign-in, sessions and first-run setup. Secrets are stored only as hashes:
 * passwords and PINs with scrypt, session ids and the setup token with SHA-256.
 */
export class AuthService {
  readonly audit: AuditLog;
  private readonly db: HubDatabase;
  private readonly hub: HubConfig;
  /** The hub's clock (tests move it by hand). */
  readonly now: () => Date;
  private readonly logger: Logger;
  private readonly throttle: SignInThrottle;
  private readonly serviceIds: Set<string>;
  private readonly endedListeners = new Set<EndedListener>();
  private readonly stmt: Record<string, Statement>;

  constructor(options: { db: HubDatabase; hub: HubConfig; now?: () => Date; logger: Logger }) {
    this.db = options.db;
    this.hub = options.hub;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
    this.audit = new AuditLog(this.db);
    this.throttle = new SignInThrottle(this.db, this.hub.server.signIn, this.now);
    this.serviceIds = new Set(servicesOf(this.hub).map((s) => s.id));
    const db = this.db;
    this.stmt = {
      activeAdmin: db.prepare(`SELECT 1 FROM staff WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1`),
      staffByUsername: db.prepare('SELECT * FROM staff WHERE username = ?'),
      staffById: db.prepare('SELECT * FROM staff WHERE id = ?'),
      allStaff: db.prepare('SELECT * FROM staff ORDER BY disabled_at IS NOT NULL, role, display_name COLLATE NOCASE'),
      insertStaff: db.prepare(
        `INSERT INTO staff (id, username, display_name, role, services, password_hash, pin_hash, created_at)
         VALUES (@id, @username, @displayName, @role, @services, @passwordHash, @pinHash, @createdAt)`,
      ),
      setDisabled: db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?'),
      setPasswordHash: db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?'),
      setPinHash: db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?'),
      otherActiveAdmins: db.prepare(`SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?`),
      clearSetupTokens: db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL'),
      insertSetupToken: db.prepare('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)'),
      setupToken: db.prepare('SELECT * FROM setup_tokens WHERE token_hash = ?'),
      useSetupToken: db.prepare('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
      insertSession: db.prepare(
        `INSERT INTO sessions (id_hash, staff_id, method, csrf_token, created_at, last_seen_at, idle_minutes, expires_at, address)
         VALUES (@idHash, @staffId, @method, @csrfToken, @createdAt, @createdAt, @idleMinutes, @expiresAt, @address)`,
      ),
      session: db.prepare(
        `SELECT s.*, st.username, st.display_name, st.role, st.services, st.disabled_at
         FROM sessions s JOIN staff st ON st.id = s.staff_id WHERE s.id_hash = ?`,
      ),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND ended_at IS NULL'),
      endSession: db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id_hash = ? AND ended_at IS NULL'),
      activeSessionsOf: db.prepare('SELECT id_hash FROM sessions WHERE staff_id = ? AND ended_at IS NULL'),
      endSessionsOf: db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE staff_id = ? AND ended_at IS NULL'),
      forgetOldSessions: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
    };
    // Sessions past their end for a day are of no further use; the audit log keeps the sign-ins.
    this.stmt.forgetOldSessions!.run(new Date(this.now().getTime() - 24 * 3_600_000).toISOString());
  }

  // ---- first run ------------------------------------------------------------------------------

  /** True until an administrator exists (or while every administrator is disabled). */
  needsSetup(): boolean {
    return this.stmt.activeAdmin!.get() === undefined;
  }

  /**
   * Makes a fresh one-time setup token when no administrator exists (replacing any earlier one),
   * for the CLI to print. Only its hash is stored. Null once the hub is set up.
   */
  issueSetupToken(): { token: string; expiresAt: string } | null {
    if (!this.needsSetup()) {
      this.stmt.clearSetupTokens!.run();
      return null;
    }
    const token = randomToken(24);
    const at = this.now();
    const expiresAt = new Date(at.getTime() + setupTokenHours * 3_600_000).toISOString();
    this.db.transaction(() => {
      this.stmt.clearSetupTokens!.run();
      this.stmt.insertSetupToken!.run(tokenHash(token), at.toISOString(), expiresAt);
    })();
    return { token, expiresAt };
  }

  /** Creates the first administrator from the setup token, and signs them in. */
  async setup(body: z.infer<typeof setupRequest>, address: string): Promise<SignedIn> {
    if (!this.needsSetup()) throw alreadySetUp();
    this.throttle.check(null, address);
    const hash = tokenHash(body.token);
    const usable = () => {
      const row = this.stmt.setupToken!.get(hash) as { expires_at: string; used_at: string | null } | undefined;
      return row !== undefined && row.used_at === null && Date.parse(row.expires_at) > this.now().getTime();
    };
    if (!usable()) {
      const { locked } = this.throttle.fail(null, address);
      throw (
        locked ??
        new HubError('SETUP_TOKEN_INVALID', 'This setup token is not valid: it may be mistyped, used already or expired. Restart the hub to print a new one.', {
          field: 'token',
        })
      );
    }
    const passwordHash = await hashSecret(body.password);
    const at = this.nowIso();
    return this.db
      .transaction(() => {
        // Checked again inside the transaction: two setups racing make one administrator.
        if (!this.needsSetup()) throw alreadySetUp();
        if (!usable()) throw new HubError('SETUP_TOKEN_INVALID', 'This setup token was used a moment ago.', { field: 'token' });
        if (this.stmt.staffByUsername!.get(body.username)) throw usernameTaken(body.username);
        const id = randomUUID();
        this.stmt.insertStaff!.run({
          id,
          username: body.username,
          displayName: body.displayName,
          role: 'admin',
          services: '[]',
          passwordHash,
          pinHash: null,
          createdAt: at,
        });
        this.stmt.useSetupToken!.run(at, hash);
        this.audit.record({ at, staffId: id, action: 'auth.setup', subjectType: 'staff', subjectId: id, detail: { username: body.username } });
        this.audit.record({ at, staffId: id, action: 'staff.created', subjectType: 'staff', subjectId: id, detail: { username: body.username, role: 'admin' } });
        const signedIn = this.createSession(this.staffRow(id), 'password', address, at);
        this.logger.info({ staffId: id }, 'first administrator created');
        return signedIn;
      })
      .immediate();
  }

  // ---- sign-in and sessions -------------------------------------------------------------------

  async signIn(body: z.infer<typeof loginRequest>, address: string): Promise<SignedIn> {
    const username = body.username.trim().toLowerCase();
    const method: SignInMethod = 'pin' in body ? 'pin' : 'password';
    const secret = 'pin' in body ? body.pin : body.password;
    this.throttle.check(username, address);
    const row = this.stmt.staffByUsername!.get(username) as StaffRow | undefined;
    const stored = row ? (method === 'pin' ? row.pin_hash : row.password_hash) : null;
    const ok = await verifySecret(secret, stored);
    if (!ok || !row) {
      const { locked, attemptsLeft } = this.throttle.fail(username, address);
      if (row) {
        this.audit.record({
          at: this.nowIso(),
          staffId: row.id,
          action: locked?.code === 'LOCKED_OUT' ? 'auth.locked-out' : 'auth.sign-in-failed',
          subjectType: 'staff',
          subjectId: row.id,
          detail: { method },
        });
      }
      throw (
        locked ??
        new HubError('INVALID_CREDENTIALS', `That username and ${method === 'pin' ? 'PIN' : 'password'} do not match an account.`, {
          details: { attemptsLeft: attemptsLeft ?? 0 },
        })
      );
    }
    if (row.disabled_at) throw new HubError('FORBIDDEN', 'This account is disabled. Ask a manager.', { details: { reason: 'disabled' } });
    this.throttle.succeed(username);
    if (stored && needsRehash(stored)) {
      const fresh = await hashSecret(secret);
      (method === 'pin' ? this.stmt.setPinHash! : this.stmt.setPasswordHash!).run(fresh, row.id);
    }
    const at = this.nowIso();
    return this.db
      .transaction(() => {
        const current = this.staffRow(row.id);
        if (current.disabled_at) throw new HubError('FORBIDDEN', 'This account is disabled. Ask a manager.', { details: { reason: 'disabled' } });
        const signedIn = this.createSession(current, method, address, at);
        this.audit.record({ at, staffId: row.id, action: 'auth.signed-in', subjectType: 'staff', subjectId: row.id, detail: { method } });
        return signedIn;
      })
      .immediate();
  }

  private createSession(row: StaffRow, method: SignInMethod, address: string, at: string): SignedIn {
    const sessionId = randomToken(32);
    const sessions = this.hub.server.sessions;
    const idleMinutes = method === 'pin' ? sessions.pinIdleMinutes : sessions.idleMinutes;
    const expiresAt = new Date(Date.parse(at) + sessions.maxHours * 3_600_000).toISOString();
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
    this.stmt.insertSession!.run({
      idHash: session.idHash,
      staffId: row.id,
      method,
      csrfToken: session.csrfToken,
      createdAt: at,
      idleMinutes,
      expiresAt,
      address,
    });
    return { sessionId, session };
  }

  /** The session a cookie names, if it is still good: not signed out, disabled, idle or expired. */
  check(sessionId: string | undefined): SessionCheck {
    if (!sessionId || sessionId.length > 128) return { ok: false, reason: 'none' };
    return this.peek(tokenHash(sessionId));
  }

  /** Like `check`, by the stored hash (what a live connection remembers). Changes nothing. */
  peek(idHash: string): SessionCheck {
    const row = this.stmt.session!.get(idHash) as SessionRow | undefined;
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
    this.stmt.touch!.run(at.toISOString(), session.idHash);
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
    const at = this.nowIso();
    this.db.transaction(() => {
      this.stmt.endSession!.run(at, 'signed-out', session.idHash);
      this.audit.record({ at, staffId: session.staff.id, action: 'auth.signed-out', subjectType: 'staff', subjectId: session.staff.id });
    })();
    this.announceEnded([session.idHash], 'signed-out');
  }

  /** Ends every session of this staff member: a lost phone, a shared PC left signed in. */
  signOutEverywhere(session: Session): number {
    const at = this.nowIso();
    const ended = this.db.transaction(() => {
      const hashes = (this.stmt.activeSessionsOf!.all(session.staff.id) as { id_hash: string }[]).map((r) => r.id_hash);
      this.stmt.endSessionsOf!.run(at, 'signed-out-everywhere', session.staff.id);
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

  /** Live connections listen here to close the moment their session ends. */
  onSessionsEnded(listener: EndedListener): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private announceEnded(idHashes: string[], reason: SessionEndReason): void {
    if (idHashes.length === 0) return;
    for (const listener of this.endedListeners) {
      try {
        listener(idHashes, reason);
      } catch (error) {
        this.logger.warn({ err: error }, 'a session-ended listener failed');
      }
    }
  }

  // ---- staff accounts -------------------------------------------------------------------------

  listStaff(): StaffAccountView[] {
    return (this.stmt.allStaff!.all() as StaffRow[]).map(accountViewOf);
  }

  async createStaff(actor: StaffView, body: z.infer<typeof createStaffRequest>): Promise<StaffAccountView> {
    if (!manageableBy[actor.role].includes(body.role)) {
      throw new HubError('FORBIDDEN', `A ${actor.role} cannot create ${body.role} accounts.`, { field: 'role' });
    }
    const services = [...new Set(body.services)];
    if (body.role === 'partner') {
      if (services.length === 0) throw new HubError('VALIDATION_FAILED', 'services: a partner account acts for at least one service.', { field: 'services' });
      const unknown = services.find((s) => !this.serviceIds.has(s));
      if (unknown) throw new HubError('UNKNOWN_SERVICE', `There is no service "${unknown}" at this hub.`, { field: 'services' });
    } else if (services.length > 0) {
      throw new HubError('VALIDATION_FAILED', 'services: only partner accounts are bound to services.', { field: 'services' });
    }
    if (!body.password && !body.pin) {
      throw new HubError('VALIDATION_FAILED', 'password: give a password, or a PIN for a shared reception PC.', { field: 'password' });
    }
    if (body.pin) {
      if (!pinRoles.includes(body.role)) throw new HubError('VALIDATION_FAILED', 'pin: managers and administrators sign in with a password.', { field: 'pin' });
      if (isGuessablePin(body.pin)) throw new HubError('VALIDATION_FAILED', 'pin: choose a PIN that is not one digit repeated or a run such as 1234.', { field: 'pin' });
    }
    if (this.stmt.staffByUsername!.get(body.username)) throw usernameTaken(body.username);
    const passwordHash = body.password ? await hashSecret(body.password) : null;
    const pinHash = body.pin ? await hashSecret(body.pin) : null;
    const at = this.nowIso();
    const id = randomUUID();
    this.db
      .transaction(() => {
        if (this.stmt.staffByUsername!.get(body.username)) throw usernameTaken(body.username);
        this.stmt.insertStaff!.run({
          id,
          username: body.username,
          displayName: body.displayName,
          role: body.role,
          services: JSON.stringify(services),
          passwordHash,
          pinHash,
          createdAt: at,
        });
        this.audit.record({
          at,
          staffId: actor.id,
          action: 'staff.created',
          subjectType: 'staff',
          subjectId: id,
          detail: { username: body.username, role: body.role, services, pin: pinHash !== null },
        });
      })
      .immediate();
    return accountViewOf(this.staffRow(id));
  }

  /** Disables (ending every session at once) or enables an account. */
  setDisabled(actor: StaffView, staffId: string, disabled: boolean): StaffAccountView {
    const at = this.nowIso();
    const ended = this.db
      .transaction(() => {
        const target = this.stmt.staffById!.get(staffId) as StaffRow | undefined;
        if (!target) throw new HubError('NOT_FOUND', 'There is no such staff account.', { field: 'staffId' });
        if (!manageableBy[actor.role].includes(target.role)) {
          throw new HubError('FORBIDDEN', `A ${actor.role} cannot change ${target.role} accounts.`);
        }
        if (disabled && target.id === actor.id) throw new HubError('FORBIDDEN', 'You cannot disable your own account.');
        if (disabled && target.role === 'admin' && (this.stmt.otherActiveAdmins!.get(target.id) as { n: number }).n === 0) {
          throw new HubError('FORBIDDEN', 'This is the last administrator; create another before disabling this one.');
        }
        if ((target.disabled_at !== null) === disabled) return [];
        const hashes = disabled ? (this.stmt.activeSessionsOf!.all(target.id) as { id_hash: string }[]).map((r) => r.id_hash) : [];
        this.stmt.setDisabled!.run(disabled ? at : null, target.id);
        if (disabled) this.stmt.endSessionsOf!.run(at, 'disabled', target.id);
        this.audit.record({
          at,
          staffId: actor.id,
          action: disabled ? 'staff.disabled' : 'staff.enabled',
          subjectType: 'staff',
          subjectId: target.id,
          detail: { username: target.username, role: target.role, sessionsEnded: hashes.length },
        });
        return hashes;
      })
      .immediate();
    this.announceEnded(ended, 'disabled');
    return accountViewOf(this.staffRow(staffId));
  }

  private staffRow(id: string): StaffRow {
    return this.stmt.staffById!.get(id) as StaffRow;
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}

function parseServices(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function staffViewOf(row: Pick<StaffRow, 'id' | 'username' | 'display_name' | 'role' | 'services'>): StaffView {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, services: row.role === 'partner' ? parseServices(row.services) : [] };
}

function accountViewOf(row: StaffRow): StaffAccountView {
  return {
    ...staffViewOf(row),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    hasPassword: row.password_hash !== null,
    hasPin: row.pin_hash !== null,
  };
}

function alreadySetUp(): HubError {
  return new HubError('ALREADY_SET_UP', 'This hub is set up already; sign in, or ask an administrator for an account.');
}

function usernameTaken(username: string): HubError {
  return new HubError('ALREADY_EXISTS', `There is already an account called "${username}".`, { field: 'username' });
}
