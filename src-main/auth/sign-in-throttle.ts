import type { Statement } from 'better-sqlite3';
import type { HubConfig } from '../../src-shared/config/schema';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';

type Policy = HubConfig['server']['signIn'];
type Row = { key: string; failures: number; first_failed_at: string; last_failed_at: string; locked_until: string | null };

const minute = 60_000;
/** Failures in a row older than this are forgotten, so one typo a week never adds up to a lockout. */
const forgetAfterMs = 24 * 60 * minute;

/**
 * Throttles sign-in (and setup-token) attempts per username and per network address, in the
 * database so a restart does not reset them. A username is locked after `maxFailuresPerUser`
 * failures in a row; an address after `maxFailuresPerAddress` failures within a window, whatever
 * the usernames — so guessing many accounts' PINs from one PC is stopped too.
 */
export class SignInThrottle {
  private readonly read: Statement;
  private readonly write: Statement;
  private readonly remove: Statement;

  constructor(
    private readonly db: HubDatabase,
    private readonly policy: Policy,
    private readonly now: () => Date,
  ) {
    this.read = db.prepare('SELECT * FROM sign_in_failures WHERE key = ?');
    this.write = db.prepare(
      `INSERT INTO sign_in_failures (key, failures, first_failed_at, last_failed_at, locked_until) VALUES (@key, @failures, @first, @last, @lockedUntil)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, first_failed_at = excluded.first_failed_at,
         last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
    );
    this.remove = db.prepare('DELETE FROM sign_in_failures WHERE key = ?');
  }

  /** Refuses at once, before any password is hashed, while the username or the address is locked. */
  check(username: string | null, address: string): void {
    const at = this.now().getTime();
    const byAddress = this.read.get(addressKey(address)) as Row | undefined;
    if (byAddress?.locked_until && Date.parse(byAddress.locked_until) > at) {
      throw tooMany(minutesLeft(byAddress.locked_until, at));
    }
    if (username === null) return;
    const byUser = this.read.get(userKey(username)) as Row | undefined;
    if (byUser?.locked_until && Date.parse(byUser.locked_until) > at) {
      throw lockedOut(minutesLeft(byUser.locked_until, at));
    }
  }

  /**
   * Counts a failure for the username (if any) and the address. Returns the lockout error when
   * this failure locked either, otherwise how many attempts the username has left.
   */
  fail(username: string | null, address: string): { locked: HubError | null; attemptsLeft: number | null } {
    const at = this.now();
    const iso = at.toISOString();
    return this.db
      .transaction(() => {
        const windowMs = this.policy.addressWindowMinutes * minute;
        const byAddress = this.bump(addressKey(address), iso, (row) => Date.parse(row.first_failed_at) + windowMs <= at.getTime());
        if (byAddress.failures >= this.policy.maxFailuresPerAddress) {
          this.write.run({ ...params(byAddress), lockedUntil: new Date(at.getTime() + windowMs).toISOString() });
          return { locked: tooMany(this.policy.addressWindowMinutes), attemptsLeft: 0 };
        }
        if (username === null) return { locked: null, attemptsLeft: null };
        const user = this.bump(userKey(username), iso, (row) =>
          Date.parse(row.last_failed_at) + forgetAfterMs <= at.getTime() || (row.locked_until !== null && Date.parse(row.locked_until) <= at.getTime()),
        );
        if (user.failures >= this.policy.maxFailuresPerUser) {
          this.write.run({ ...params(user), lockedUntil: new Date(at.getTime() + this.policy.lockoutMinutes * minute).toISOString() });
          return { locked: lockedOut(this.policy.lockoutMinutes), attemptsLeft: 0 };
        }
        return { locked: null, attemptsLeft: this.policy.maxFailuresPerUser - user.failures };
      })
      .immediate();
  }

  /** A good sign-in clears its username's count; the address's count runs out with its window. */
  succeed(username: string): void {
    this.remove.run(userKey(username));
  }

  private bump(key: string, iso: string, stale: (row: Row) => boolean): Row {
    const existing = this.read.get(key) as Row | undefined;
    const row: Row =
      existing && !stale(existing)
        ? { ...existing, failures: existing.failures + 1, last_failed_at: iso }
        : { key, failures: 1, first_failed_at: iso, last_failed_at: iso, locked_until: null };
    this.write.run(params(row));
    return row;
  }
}

function params(row: Row) {
  return { key: row.key, failures: row.failures, first: row.first_failed_at, last: row.last_failed_at, lockedUntil: row.locked_until };
}

const userKey = (username: string) => `user:${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

function minutesLeft(untilIso: string, at: number): number {
  return Math.max(1, Math.ceil((Date.parse(untilIso) - at) / minute));
}

function lockedOut(minutes: number): HubError {
  return new HubError('LOCKED_OUT', `Too many wrong attempts for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask a manager.`, {
    details: { minutesLeft: minutes },
  });
}

function tooMany(minutes: number): HubError {
  return new HubError('TOO_MANY_ATTEMPTS', `Too many wrong sign-in attempts from this device. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
    details: { minutesLeft: minutes },
  });
}
