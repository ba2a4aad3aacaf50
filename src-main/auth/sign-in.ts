import type { z } from 'zod';
import type { loginRequest, SignInMethod } from '../../src-shared/api/auth-contract';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { AuditLog } from './audit-log';
import { hashSecret, needsRehash, verifySecret } from './passwords';
import type { Sessions, SignedIn } from './sessions';
import type { SignInQueue } from './sign-in-queue';
import type { SignInThrottle } from './sign-in-throttle';
import type { StaffAccounts } from './staff-accounts';

/**
 * Sign-in with a password or PIN, in an order that cannot be raced:
 *
 * 1. refused at once, with nothing hashed, while this address (or this address for this account)
 *    must wait;
 * 2. a place in the sign-in queue (a fair share per address; refused at once when full);
 * 3. the attempt counted as a failure, in one transaction, before the secret is hashed — so of a
 *    burst of guesses only the free tries are ever checked;
 * 4. the secret checked (scrypt);
 * 5. a right secret: checked again in the transaction that makes the session (the account may
 *    have been disabled or its secret reset meanwhile), and the count cleared.
 */
export class SignInFlow {
  constructor(
    private readonly db: HubDatabase,
    private readonly accounts: StaffAccounts,
    private readonly sessions: Sessions,
    private readonly throttle: SignInThrottle,
    private readonly queue: SignInQueue,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async signIn(body: z.infer<typeof loginRequest>, address: string): Promise<SignedIn> {
    const username = body.username.trim().toLowerCase();
    const method: SignInMethod = 'pin' in body ? 'pin' : 'password';
    const secret = 'pin' in body ? body.pin : body.password;
    this.throttle.check(username, address);
    const checked = await this.queue.run(address, async () => {
      const attempt = this.throttle.reserve(username, address);
      const row = this.accounts.byUsername(username);
      const stored = row ? (method === 'pin' ? row.pin_hash : row.password_hash) : null;
      try {
        return { attempt, row, stored, ok: await verifySecret(secret, stored) };
      } catch (error) {
        this.throttle.release(attempt);
        throw error;
      }
    });
    const { attempt, row, stored } = checked;
    if (!checked.ok || !row || stored === null) {
      const { error, delayed } = this.throttle.failed(attempt, `That username and ${method === 'pin' ? 'PIN' : 'password'} do not match an account.`);
      if (row) {
        this.audit.record({
          at: this.now().toISOString(),
          staffId: row.id,
          action: delayed ? 'auth.sign-in-delayed' : 'auth.sign-in-failed',
          subjectType: 'staff',
          subjectId: row.id,
          detail: { method, address },
        });
      }
      throw error;
    }
    if (row.disabled_at) {
      this.throttle.succeeded(attempt);
      throw disabledAccount();
    }
    const fresh = needsRehash(stored) ? await hashSecret(secret) : null;
    const at = this.now().toISOString();
    return this.db
      .transaction(() => {
        const current = this.accounts.byId(row.id);
        if (!current || current.disabled_at) throw disabledAccount();
        if ((method === 'pin' ? current.pin_hash : current.password_hash) !== stored) {
          throw new HubError('INVALID_CREDENTIALS', `This ${method === 'pin' ? 'PIN' : 'password'} was changed a moment ago; sign in with the new one.`);
        }
        if (fresh) this.accounts.rehash(current.id, method, fresh);
        this.throttle.succeeded(attempt);
        const signedIn = this.sessions.create(current, method, address, at);
        this.audit.record({ at, staffId: current.id, action: 'auth.signed-in', subjectType: 'staff', subjectId: current.id, detail: { method } });
        return signedIn;
      })
      .immediate();
  }
}

function disabledAccount(): HubError {
  return new HubError('FORBIDDEN', 'This account is disabled. Ask a manager.', { details: { reason: 'disabled' } });
}
