import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pairingCodeAlphabet, pairingCodeMinutes, pairingCodePattern, type KioskView, type PairingCodeReply } from '../../src-shared/api/kiosk-contract';
import type { AuditLog } from '../auth/audit-log';
import { tokenHash } from '../auth/secrets';
import { HubError } from '../errors';
import { ListenerSet } from '../listener-set';
import { command, query } from '../queue/statements';
import type { HubDatabase } from '../store/database';

/** A kiosk the hub trusts: its id and the name the manager gave it. */
export type EnrolledKiosk = { id: string; name: string };

/** last_seen_at is written at most this often per kiosk: a busy kiosk is not a write per request. */
const lastSeenEveryMs = 60_000;

type KioskRow = { id: string; name: string; enrolled_at: string; last_seen_at: string | null; revoked_at: string | null };

function statements(db: HubDatabase) {
  return {
    insertCode: command<[codeHash: string, name: string, createdBy: string, createdAt: string, expiresAt: string]>(
      db,
      'INSERT INTO kiosk_pairing_codes (code_hash, name, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    // Used up in the same statement that finds it: two kiosks racing with one code cannot both win.
    useCode: query<[usedAt: string, codeHash: string, now: string], { name: string; created_by: string | null }>(
      db,
      `UPDATE kiosk_pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING name, created_by`,
    ),
    linkCode: command<[kioskId: string, codeHash: string]>(db, 'UPDATE kiosk_pairing_codes SET kiosk_id = ? WHERE code_hash = ?'),
    insertKiosk: command<[id: string, name: string, credentialHash: string, enrolledAt: string, enrolledBy: string | null, address: string, lastSeenAt: string]>(
      db,
      'INSERT INTO kiosks (id, name, credential_hash, enrolled_at, enrolled_by, enrolled_from, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    byCredential: query<[credentialHash: string], { id: string; name: string; last_seen_at: string | null }>(
      db,
      'SELECT id, name, last_seen_at FROM kiosks WHERE credential_hash = ? AND revoked_at IS NULL',
    ),
    touch: command<[at: string, id: string]>(db, 'UPDATE kiosks SET last_seen_at = ? WHERE id = ?'),
    list: query<[], KioskRow>(db, 'SELECT id, name, enrolled_at, last_seen_at, revoked_at FROM kiosks ORDER BY revoked_at IS NOT NULL, enrolled_at DESC'),
    one: query<[id: string], KioskRow>(db, 'SELECT id, name, enrolled_at, last_seen_at, revoked_at FROM kiosks WHERE id = ?'),
    revoke: command<[at: string, by: string, id: string]>(db, 'UPDATE kiosks SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL'),
    dropExpiredCodes: command<[before: string]>(db, 'DELETE FROM kiosk_pairing_codes WHERE used_at IS NULL AND expires_at <= ?'),
  };
}

function viewOf(row: KioskRow): KioskView {
  return { id: row.id, name: row.name, enrolledAt: row.enrolled_at, lastSeenAt: row.last_seen_at, revokedAt: row.revoked_at };
}

/** "KX7MQ3TD" → "KX7M-Q3TD"; what is hashed is the code without its dash. */
function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += pairingCodeAlphabet[randomInt(pairingCodeAlphabet.length)];
  return code;
}

/**
 * Which kiosks the hub trusts. A manager makes a pairing code; a kiosk's browser exchanges it once
 * for a random credential (kept in an HttpOnly cookie); every request of that kiosk is checked
 * against the stored hash, so a revoked kiosk is refused at its next request.
 */
export class KioskEnrolment {
  private readonly stmt: ReturnType<typeof statements>;
  private readonly revokedListeners: ListenerSet<string>;

  constructor(
    private readonly deps: { db: HubDatabase; audit: AuditLog; now: () => Date; logger: Logger },
  ) {
    this.stmt = statements(deps.db);
    this.revokedListeners = new ListenerSet('kiosk-revoked', deps.logger);
  }

  /** Hears the id of every kiosk revoked, so its live connections can close. */
  onRevoked(listener: (kioskId: string) => void): () => void {
    return this.revokedListeners.add(listener);
  }

  createPairingCode(name: string, staffId: string): PairingCodeReply {
    const at = this.deps.now();
    const expiresAt = new Date(at.getTime() + pairingCodeMinutes * 60_000).toISOString();
    const code = newPairingCode();
    this.deps.db.transaction(() => {
      this.stmt.dropExpiredCodes.run(at.toISOString());
      this.stmt.insertCode.run(tokenHash(code), name, staffId, at.toISOString(), expiresAt);
      this.deps.audit.record({ at: at.toISOString(), staffId, action: 'kiosk.pairing-code-created', subjectType: 'kiosk', detail: { name } });
    })();
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, name, expiresAt };
  }

  /** Exchanges a pairing code for a kiosk credential; the code is spent whatever happens next. */
  enrol(rawCode: string, address: string): { kiosk: EnrolledKiosk; credential: string } {
    const code = rawCode.replace(/-/g, '');
    const invalid = () => new HubError('PAIRING_CODE_INVALID', 'This pairing code is wrong, already used or expired. Ask a manager for a new one.', { field: 'code' });
    if (!pairingCodePattern.test(code)) throw invalid();
    const at = this.deps.now().toISOString();
    const credential = randomBytes(32).toString('base64url');
    const id = randomUUID();
    const kiosk = this.deps.db.transaction(() => {
      const found = this.stmt.useCode.get(at, tokenHash(code), at);
      if (!found) return null;
      this.stmt.insertKiosk.run(id, found.name, tokenHash(credential), at, found.created_by, address, at);
      this.stmt.linkCode.run(id, tokenHash(code));
      this.deps.audit.record({ at, staffId: found.created_by, action: 'kiosk.enrolled', subjectType: 'kiosk', subjectId: id, detail: { name: found.name } });
      return { id, name: found.name };
    }).immediate();
    if (!kiosk) {
      this.deps.logger.warn({ address }, 'a kiosk pairing code was refused');
      throw invalid();
    }
    this.deps.logger.info({ kioskId: kiosk.id, address }, 'kiosk enrolled');
    return { kiosk, credential };
  }

  /** The kiosk a credential belongs to, unless it was revoked; notes when it was last seen. */
  verify(credential: string | undefined): EnrolledKiosk | null {
    if (!credential || credential.length > 128) return null;
    const row = this.stmt.byCredential.get(tokenHash(credential));
    if (!row) return null;
    const now = this.deps.now();
    if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) >= lastSeenEveryMs) this.stmt.touch.run(now.toISOString(), row.id);
    return { id: row.id, name: row.name };
  }

  list(): KioskView[] {
    return this.stmt.list.all().map(viewOf);
  }

  revoke(kioskId: string, staffId: string): KioskView {
    const at = this.deps.now().toISOString();
    const row = this.deps.db.transaction(() => {
      const existing = this.stmt.one.get(kioskId);
      if (!existing) return null;
      if (this.stmt.revoke.run(at, staffId, kioskId).changes > 0) {
        this.deps.audit.record({ at, staffId, action: 'kiosk.revoked', subjectType: 'kiosk', subjectId: kioskId, detail: { name: existing.name } });
      }
      return this.stmt.one.get(kioskId) ?? null;
    }).immediate();
    if (!row) throw new HubError('NOT_FOUND', 'There is no such kiosk.', { field: 'kioskId' });
    this.revokedListeners.emit(kioskId, { kioskId });
    return viewOf(row);
  }
}
