import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { setupRequest } from '../../src-shared/api/auth-contract';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { AuditLog } from './audit-log';
import { hashSecret } from './passwords';
import { randomToken, tokenHash } from './secrets';
import type { Sessions, SignedIn } from './sessions';
import type { SignInThrottle } from './sign-in-throttle';
import type { StaffAccounts } from './staff-accounts';

const setupTokenHours = 24;

/**
 * First run: while no administrator exists the hub makes a one-time setup token (only its hash is
 * stored) that creates the first administrator. Wrong tokens count against the caller's address.
 */
export class FirstRun {
  private readonly stmt: Record<'clear' | 'insert' | 'read' | 'use', Statement>;

  constructor(
    private readonly db: HubDatabase,
    private readonly accounts: StaffAccounts,
    private readonly sessions: Sessions,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {
    this.stmt = {
      clear: db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL'),
      insert: db.prepare('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)'),
      read: db.prepare('SELECT * FROM setup_tokens WHERE token_hash = ?'),
      use: db.prepare('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
    };
  }

  /** True until an administrator exists (or while every administrator is disabled). */
  needsSetup(): boolean {
    return !this.accounts.hasActiveAdmin();
  }

  /**
   * Makes a fresh one-time setup token when no administrator exists (replacing any earlier one),
   * for the CLI to print. Only its hash is stored. Null once the hub is set up.
   */
  issueSetupToken(): { token: string; expiresAt: string } | null {
    if (!this.needsSetup()) {
      this.stmt.clear.run();
      return null;
    }
    const token = randomToken(24);
    const at = this.now();
    const expiresAt = new Date(at.getTime() + setupTokenHours * 3_600_000).toISOString();
    this.db.transaction(() => {
      this.stmt.clear.run();
      this.stmt.insert.run(tokenHash(token), at.toISOString(), expiresAt);
    })();
    return { token, expiresAt };
  }

  /** Creates the first administrator from the setup token, and signs them in. */
  async setup(body: z.infer<typeof setupRequest>, address: string): Promise<SignedIn> {
    if (!this.needsSetup()) throw alreadySetUp();
    this.throttle.check(null, address);
    const hash = tokenHash(body.token);
    const usable = () => {
      const row = this.stmt.read.get(hash) as { expires_at: string; used_at: string | null } | undefined;
      return row !== undefined && row.used_at === null && Date.parse(row.expires_at) > this.now().getTime();
    };
    if (!usable()) {
      throw (
        this.throttle.failAddress(address) ??
        new HubError('SETUP_TOKEN_INVALID', 'This setup token is not valid: it may be mistyped, used already or expired. Restart the hub to print a new one.', {
          field: 'token',
        })
      );
    }
    const passwordHash = await hashSecret(body.password);
    const at = this.now().toISOString();
    return this.db
      .transaction(() => {
        // Checked again inside the transaction: two setups racing make one administrator.
        if (!this.needsSetup()) throw alreadySetUp();
        if (!usable()) throw new HubError('SETUP_TOKEN_INVALID', 'This setup token was used a moment ago.', { field: 'token' });
        const id = this.accounts.insert({ username: body.username, displayName: body.displayName, role: 'admin', services: [], passwordHash, pinHash: null, createdAt: at });
        this.stmt.use.run(at, hash);
        this.audit.record({ at, staffId: id, action: 'auth.setup', subjectType: 'staff', subjectId: id, detail: { username: body.username } });
        this.audit.record({ at, staffId: id, action: 'staff.created', subjectType: 'staff', subjectId: id, detail: { username: body.username, role: 'admin' } });
        const signedIn = this.sessions.create(this.accounts.byId(id)!, 'password', address, at);
        this.logger.info({ staffId: id }, 'first administrator created');
        return signedIn;
      })
      .immediate();
  }
}

function alreadySetUp(): HubError {
  return new HubError('ALREADY_SET_UP', 'This hub is set up already; sign in, or ask an administrator for an account.');
}
