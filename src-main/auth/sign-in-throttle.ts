import type { Statement } from 'better-sqlite3';
import { waitInWords } from '../../src-shared/api/auth-contract';
import type { SignInPolicy } from '../../src-shared/config/schema';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';

type Row = { key: string; failures: number; first_failed_at: string; last_failed_at: string; locked_until: string | null };

/** One sign-in attempt, counted before its secret is checked. */
export type Reservation = {
  username: string;
  address: string;
  /** Wrong tries for this account from this address, this one included. */
  failures: number;
  /** Failures from this address within its window, this one included. */
  addressFailures: number;
};

/** Addresses that must wait before trying an account again, and until when (the latest of their waits). */
export type AccountWait = { until: string; addresses: string[] };

const minute = 60_000;
/** Wrong tries older than this are forgotten, so one typo a week never adds up to a wait. */
const forgetAfterMs = 24 * 60 * minute;
const accountPrefix = 'account:';

/**
 * Throttles sign-in (and setup-token) attempts, in the database so a restart does not reset them.
 *
 * Nothing locks an account. Per account *and* address: after `failuresBeforeDelay` wrong tries,
 * every further try for that account from that address waits, twice as long after each failure
 * (up to `maxDelayMinutes`) — so whoever guesses from one PC slows only themselves, and the real
 * user on their own PC signs in. Per address: `maxFailuresPerAddress` failures within a window,
 * whatever the accounts, refuse that address for the window — so guessing many accounts from one
 * PC is stopped too.
 *
 * An attempt is counted *before* its secret is hashed (`reserve`, one immediate transaction each),
 * so a burst of concurrent guesses is counted one by one and only the free tries are ever checked.
 */
export class SignInThrottle {
  private readonly read: Statement;
  private readonly write: Statement;
  private readonly remove: Statement;
  private readonly removeAccount: Statement;
  private readonly accountWaits: Statement;

  constructor(
    private readonly db: HubDatabase,
    private readonly policy: SignInPolicy,
    private readonly now: () => Date,
  ) {
    this.read = db.prepare('SELECT * FROM sign_in_failures WHERE key = ?');
    this.write = db.prepare(
      `INSERT INTO sign_in_failures (key, failures, first_failed_at, last_failed_at, locked_until) VALUES (@key, @failures, @first, @last, @lockedUntil)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, first_failed_at = excluded.first_failed_at,
         last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
    );
    this.remove = db.prepare('DELETE FROM sign_in_failures WHERE key = ?');
    this.removeAccount = db.prepare('DELETE FROM sign_in_failures WHERE substr(key, 1, length(@prefix)) = @prefix');
    this.accountWaits = db.prepare(`SELECT key, locked_until FROM sign_in_failures WHERE substr(key, 1, ${accountPrefix.length}) = ? AND locked_until > ?`);
    const at = this.now();
    // Whole-username locks of earlier versions are lifted; rows nobody will look at again are dropped.
    db.prepare(`DELETE FROM sign_in_failures WHERE substr(key, 1, 5) = 'user:'`).run();
    db.prepare('DELETE FROM sign_in_failures WHERE last_failed_at < ? AND (locked_until IS NULL OR locked_until < ?)').run(
      new Date(at.getTime() - forgetAfterMs).toISOString(),
      at.toISOString(),
    );
  }

  /** Refuses at once, recording nothing, while this address (or this address for this account) must wait. */
  check(username: string | null, address: string): void {
    const at = this.now().getTime();
    const byAddress = this.read.get(addressKey(address)) as Row | undefined;
    if (byAddress?.locked_until && Date.parse(byAddress.locked_until) > at) throw addressRefused(Date.parse(byAddress.locked_until) - at);
    if (username === null) return;
    const byAccount = this.read.get(accountKey(username, address)) as Row | undefined;
    if (byAccount?.locked_until && Date.parse(byAccount.locked_until) > at) throw accountWaits(Date.parse(byAccount.locked_until) - at);
  }

  /**
   * Counts this attempt as a failure before its secret is checked, or refuses it. The try that
   * reaches a limit is still checked; it sets the wait that refuses the tries after it.
   */
  reserve(username: string, address: string): Reservation {
    return this.db
      .transaction((): Reservation => {
        this.check(username, address);
        const at = this.now();
        const byAddress = this.bumpAddress(address, at);
        const key = accountKey(username, address);
        const byAccount = this.bump(key, at, (row) => Date.parse(row.last_failed_at) + forgetAfterMs <= at.getTime());
        if (byAccount.failures >= this.policy.failuresBeforeDelay) {
          this.write.run(params({ ...byAccount, locked_until: new Date(at.getTime() + this.delayMs(byAccount.failures)).toISOString() }));
        }
        return { username, address, failures: byAccount.failures, addressFailures: byAddress.failures };
      })
      .immediate();
  }

  /** The answer to a wrong secret (`wrong` says what did not match); `delayed` when this failure started a wait for the account. */
  failed(attempt: Reservation, wrong: string): { error: HubError; delayed: boolean } {
    if (attempt.addressFailures >= this.policy.maxFailuresPerAddress) {
      return { error: addressRefused(this.policy.addressWindowMinutes * minute), delayed: attempt.failures >= this.policy.failuresBeforeDelay };
    }
    if (attempt.failures >= this.policy.failuresBeforeDelay) return { error: accountWaits(this.delayMs(attempt.failures)), delayed: true };
    const attemptsLeft = this.policy.failuresBeforeDelay - attempt.failures;
    return { error: new HubError('INVALID_CREDENTIALS', wrong, { details: { attemptsLeft } }), delayed: false };
  }

  /** A right secret: this account's count from this address is cleared and the address's attempt given back. */
  succeeded(attempt: Reservation): void {
    this.remove.run(accountKey(attempt.username, attempt.address));
    this.giveBack(addressKey(attempt.address), this.policy.maxFailuresPerAddress);
  }

  /** The check itself failed (not the secret): the attempt is given back. */
  release(attempt: Reservation): void {
    this.db.transaction(() => {
      this.giveBack(accountKey(attempt.username, attempt.address), this.policy.failuresBeforeDelay);
      this.giveBack(addressKey(attempt.address), this.policy.maxFailuresPerAddress);
    })();
  }

  /** A wrong setup token: counted for the address only. Returns the refusal when it reached the limit. */
  failAddress(address: string): HubError | null {
    const row = this.db.transaction(() => this.bumpAddress(address, this.now())).immediate();
    return row.failures >= this.policy.maxFailuresPerAddress ? addressRefused(this.policy.addressWindowMinutes * minute) : null;
  }

  /** Every account some address must wait for now, by username. */
  waits(): Map<string, AccountWait> {
    const rows = this.accountWaits.all(accountPrefix, this.now().toISOString()) as { key: string; locked_until: string }[];
    const waits = new Map<string, AccountWait>();
    for (const row of rows) {
      const parsed = parseAccountKey(row.key);
      if (!parsed) continue;
      const wait = waits.get(parsed.username) ?? { until: row.locked_until, addresses: [] };
      if (row.locked_until > wait.until) wait.until = row.locked_until;
      wait.addresses.push(parsed.address);
      waits.set(parsed.username, wait);
    }
    for (const wait of waits.values()) wait.addresses.sort();
    return waits;
  }

  /** A manager's unlock: every count and wait for this account, from every address, ends. Returns how many addresses had one. */
  clearAccount(username: string): number {
    return this.removeAccount.run({ prefix: accountKeyPrefix(username) }).changes;
  }

  /** first × 2^(failures − limit), at most maxDelayMinutes. */
  private delayMs(failures: number): number {
    const doublings = Math.min(30, Math.max(0, failures - this.policy.failuresBeforeDelay));
    return Math.min(this.policy.maxDelayMinutes * minute, this.policy.firstDelaySeconds * 1000 * 2 ** doublings);
  }

  private bumpAddress(address: string, at: Date): Row {
    const windowMs = this.policy.addressWindowMinutes * minute;
    const row = this.bump(addressKey(address), at, (r) => Date.parse(r.first_failed_at) + windowMs <= at.getTime());
    if (row.failures < this.policy.maxFailuresPerAddress) return row;
    const refused = { ...row, locked_until: new Date(at.getTime() + windowMs).toISOString() };
    this.write.run(params(refused));
    return refused;
  }

  private bump(key: string, at: Date, stale: (row: Row) => boolean): Row {
    const iso = at.toISOString();
    const existing = this.read.get(key) as Row | undefined;
    const row: Row =
      existing && !stale(existing)
        ? { ...existing, failures: existing.failures + 1, last_failed_at: iso }
        : { key, failures: 1, first_failed_at: iso, last_failed_at: iso, locked_until: null };
    this.write.run(params(row));
    return row;
  }

  private giveBack(key: string, limit: number): void {
    const row = this.read.get(key) as Row | undefined;
    if (!row) return;
    const failures = Math.max(0, row.failures - 1);
    this.write.run(params({ ...row, failures, locked_until: failures < limit ? null : row.locked_until }));
  }
}

function params(row: Row) {
  return { key: row.key, failures: row.failures, first: row.first_failed_at, last: row.last_failed_at, lockedUntil: row.locked_until };
}

// An account's key holds username and address as JSON, so neither can be mistaken for the other.
const accountKeyPrefix = (username: string) => `${accountPrefix}[${JSON.stringify(normalised(username))},`;
const accountKey = (username: string, address: string) => `${accountKeyPrefix(username)}${JSON.stringify(address)}]`;
const addressKey = (address: string) => `address:${address}`;
const normalised = (username: string) => username.trim().toLowerCase();

function parseAccountKey(key: string): { username: string; address: string } | null {
  try {
    const value: unknown = JSON.parse(key.slice(accountPrefix.length));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { username: value[0], address: value[1] };
    }
  } catch {
    // Not an account key of this version: ignored.
  }
  return null;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function accountWaits(ms: number): HubError {
  const s = seconds(ms);
  return new HubError('TOO_MANY_ATTEMPTS', `Too many wrong tries for this account from this device. Try again in ${waitInWords(s)}, or ask a manager to unlock it.`, {
    details: { scope: 'account', retryAfterSeconds: s },
    retryAfterSeconds: s,
  });
}

function addressRefused(ms: number): HubError {
  const s = seconds(ms);
  return new HubError('TOO_MANY_ATTEMPTS', `Too many wrong sign-in attempts from this device. Try again in ${waitInWords(s)}.`, {
    details: { scope: 'address', minutesLeft: Math.ceil(s / 60), retryAfterSeconds: s },
    retryAfterSeconds: s,
  });
}
