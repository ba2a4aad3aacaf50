import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { z } from 'zod';
import {
  manageableBy,
  pinRoles,
  type createStaffRequest,
  type resetSecretRequest,
  type StaffAccountView,
  type StaffRole,
  type StaffView,
} from '../../src-shared/api/auth-contract';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { AuditLog } from './audit-log';
import { hashSecret, isGuessablePin } from './passwords';
import type { Sessions } from './sessions';
import type { SignInThrottle } from './sign-in-throttle';
import { accountViewOf, type StaffRow } from './staff-rows';

type NewStaff = { username: string; displayName: string; role: StaffRole; services: string[]; passwordHash: string | null; pinHash: string | null; createdAt: string };

/**
 * Staff accounts as managers and admins keep them: create, disable and enable, end an account's
 * sign-in waits (unlock), and reset a colleague's password or PIN. Each change is one transaction
 * with its audit entry. Managers reach reception and partner accounts; admins every account.
 */
export class StaffAccounts {
  private readonly stmt: Record<
    'activeAdmin' | 'byUsername' | 'byId' | 'all' | 'insert' | 'setDisabled' | 'setPasswordHash' | 'setPinHash' | 'otherActiveAdmins',
    Statement
  >;

  constructor(
    private readonly db: HubDatabase,
    private readonly audit: AuditLog,
    private readonly sessions: Sessions,
    private readonly throttle: SignInThrottle,
    private readonly serviceIds: ReadonlySet<string>,
    private readonly now: () => Date,
  ) {
    this.stmt = {
      activeAdmin: db.prepare(`SELECT 1 FROM staff WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1`),
      byUsername: db.prepare('SELECT * FROM staff WHERE username = ?'),
      byId: db.prepare('SELECT * FROM staff WHERE id = ?'),
      all: db.prepare('SELECT * FROM staff ORDER BY disabled_at IS NOT NULL, role, display_name COLLATE NOCASE'),
      insert: db.prepare(
        `INSERT INTO staff (id, username, display_name, role, services, password_hash, pin_hash, created_at)
         VALUES (@id, @username, @displayName, @role, @services, @passwordHash, @pinHash, @createdAt)`,
      ),
      setDisabled: db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?'),
      setPasswordHash: db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?'),
      setPinHash: db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?'),
      otherActiveAdmins: db.prepare(`SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?`),
    };
  }

  /** True while no administrator can sign in (none made yet, or every one disabled). */
  hasActiveAdmin(): boolean {
    return this.stmt.activeAdmin.get() !== undefined;
  }

  byUsername(username: string): StaffRow | undefined {
    return this.stmt.byUsername.get(username) as StaffRow | undefined;
  }

  byId(id: string): StaffRow | undefined {
    return this.stmt.byId.get(id) as StaffRow | undefined;
  }

  /** Writes a new account (inside the caller's transaction); returns its id. */
  insert(account: NewStaff): string {
    if (this.byUsername(account.username)) throw usernameTaken(account.username);
    const id = randomUUID();
    this.stmt.insert.run({ id, ...account, services: JSON.stringify(account.services) });
    return id;
  }

  /** A newer hash of the same secret (made with today's scrypt parameters). */
  rehash(id: string, method: 'password' | 'pin', hash: string): void {
    (method === 'pin' ? this.stmt.setPinHash : this.stmt.setPasswordHash).run(hash, id);
  }

  list(): StaffAccountView[] {
    const waits = this.throttle.waits();
    return (this.stmt.all.all() as StaffRow[]).map((row) => accountViewOf(row, waits.get(row.username)));
  }

  view(id: string): StaffAccountView {
    const row = this.byId(id)!;
    return accountViewOf(row, this.throttle.waits().get(row.username));
  }

  async create(actor: StaffView, body: z.infer<typeof createStaffRequest>): Promise<StaffAccountView> {
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
    if (body.pin) checkPin(body.role, body.pin);
    if (this.byUsername(body.username)) throw usernameTaken(body.username);
    const passwordHash = body.password ? await hashSecret(body.password) : null;
    const pinHash = body.pin ? await hashSecret(body.pin) : null;
    const at = this.nowIso();
    const id = this.db
      .transaction(() => {
        const made = this.insert({ username: body.username, displayName: body.displayName, role: body.role, services, passwordHash, pinHash, createdAt: at });
        this.audit.record({
          at,
          staffId: actor.id,
          action: 'staff.created',
          subjectType: 'staff',
          subjectId: made,
          detail: { username: body.username, role: body.role, services, pin: pinHash !== null },
        });
        return made;
      })
      .immediate();
    return this.view(id);
  }

  /** Disables (ending every session at once) or enables an account. */
  setDisabled(actor: StaffView, staffId: string, disabled: boolean): StaffAccountView {
    const at = this.nowIso();
    const ended = this.db
      .transaction(() => {
        const target = this.reachable(actor, staffId);
        if (disabled && target.id === actor.id) throw new HubError('FORBIDDEN', 'You cannot disable your own account.');
        if (disabled && target.role === 'admin' && (this.stmt.otherActiveAdmins.get(target.id) as { n: number }).n === 0) {
          throw new HubError('FORBIDDEN', 'This is the last administrator; create another before disabling this one.');
        }
        if ((target.disabled_at !== null) === disabled) return [];
        this.stmt.setDisabled.run(disabled ? at : null, target.id);
        const hashes = disabled ? this.sessions.endAllOf(target.id, 'disabled', at) : [];
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
    this.sessions.announceEnded(ended, 'disabled');
    return this.view(staffId);
  }

  /** Ends every sign-in wait for this account, from every address (the address limits stay). */
  unlock(actor: StaffView, staffId: string): StaffAccountView {
    const at = this.nowIso();
    this.db
      .transaction(() => {
        const target = this.reachable(actor, staffId);
        const addresses = this.throttle.clearAccount(target.username);
        this.audit.record({ at, staffId: actor.id, action: 'staff.unlocked', subjectType: 'staff', subjectId: target.id, detail: { username: target.username, role: target.role, addresses } });
      })
      .immediate();
    return this.view(staffId);
  }

  /**
   * A colleague's new password or PIN (the other one, if they have it, is kept): every session of
   * theirs ends and their sign-in waits are cleared. Never one's own: that would let a borrowed
   * session take an account over without knowing its password.
   */
  async resetSecret(actor: StaffView, staffId: string, body: z.infer<typeof resetSecretRequest>): Promise<StaffAccountView> {
    const kind = 'pin' in body ? 'pin' : 'password';
    const check = () => {
      const target = this.reachable(actor, staffId);
      if (target.id === actor.id) throw new HubError('FORBIDDEN', 'You cannot reset your own password or PIN here; ask another administrator.');
      if ('pin' in body) checkPin(target.role, body.pin);
      return target;
    };
    check();
    const hash = await hashSecret('pin' in body ? body.pin : body.password);
    const at = this.nowIso();
    const ended = this.db
      .transaction(() => {
        const target = check();
        this.rehash(target.id, kind, hash);
        const hashes = this.sessions.endAllOf(target.id, 'signed-out-everywhere', at);
        this.throttle.clearAccount(target.username);
        this.audit.record({
          at,
          staffId: actor.id,
          action: 'staff.secret-reset',
          subjectType: 'staff',
          subjectId: target.id,
          detail: { username: target.username, role: target.role, kind, sessionsEnded: hashes.length },
        });
        return hashes;
      })
      .immediate();
    this.sessions.announceEnded(ended, 'signed-out');
    return this.view(staffId);
  }

  /** The account, if it exists and this actor's role may manage it. */
  private reachable(actor: StaffView, staffId: string): StaffRow {
    const target = this.byId(staffId);
    if (!target) throw new HubError('NOT_FOUND', 'There is no such staff account.', { field: 'staffId' });
    if (!manageableBy[actor.role].includes(target.role)) throw new HubError('FORBIDDEN', `A ${actor.role} cannot change ${target.role} accounts.`);
    return target;
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}

function checkPin(role: StaffRole, pin: string): void {
  if (!pinRoles.includes(role)) throw new HubError('VALIDATION_FAILED', 'pin: managers and administrators sign in with a password.', { field: 'pin' });
  if (isGuessablePin(pin)) throw new HubError('VALIDATION_FAILED', 'pin: choose a PIN that is not one digit repeated or a run such as 1234.', { field: 'pin' });
}

export function usernameTaken(username: string): HubError {
  return new HubError('ALREADY_EXISTS', `There is already an account called "${username}".`, { field: 'username' });
}
