import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SessionEndReason } from '../../src-shared/api/contract';
import type {
  createStaffRequest,
  loginRequest,
  resetSecretRequest,
  SessionReply,
  setupRequest,
  StaffAccountView,
  StaffView,
} from '../../src-shared/api/auth-contract';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import type { HubDatabase } from '../store/database';
import { AuditLog } from './audit-log';
import { FirstRun } from './first-run';
import { Sessions, type Session, type SessionCheck, type SignedIn } from './sessions';
import { SignInFlow } from './sign-in';
import { SignInQueue } from './sign-in-queue';
import { SignInThrottle } from './sign-in-throttle';
import { StaffAccounts } from './staff-accounts';

export type { SessionEndReason, Session, SessionCheck, SignedIn };

/**
 * Staff accounts, sign-in, sessions and first-run setup, as one service for the routes. Secrets
 * are stored only as hashes: passwords and PINs with scrypt, session ids and the setup token with
 * SHA-256. The work is done by:
 *
 * - `Sessions` (sessions.ts): sessions, sign-out, who hears that a session ended;
 * - `SignInFlow` (sign-in.ts) with `SignInThrottle` and `SignInQueue`: sign-in that cannot be
 *   raced, waits per account and address, a fair queue for password checks;
 * - `StaffAccounts` (staff-accounts.ts): create, disable, unlock, reset;
 * - `FirstRun` (first-run.ts): the setup token and the first administrator.
 */
export class AuthService {
  readonly audit: AuditLog;
  /** The hub's clock (tests move it by hand). */
  readonly now: () => Date;
  /** Password and PIN checks waiting and running: observable for tests and diagnostics. */
  readonly signInQueue: SignInQueue;
  private readonly sessions: Sessions;
  private readonly accounts: StaffAccounts;
  private readonly firstRun: FirstRun;
  private readonly signInFlow: SignInFlow;

  constructor(options: { db: HubDatabase; hub: HubConfig; now?: () => Date; logger: Logger }) {
    const { db, hub, logger } = options;
    this.now = options.now ?? (() => new Date());
    this.audit = new AuditLog(db);
    const policy = hub.server.signIn;
    const throttle = new SignInThrottle(db, policy, this.now);
    this.signInQueue = new SignInQueue(policy);
    this.sessions = new Sessions(db, hub.server.sessions, this.audit, this.now, logger);
    this.accounts = new StaffAccounts(db, this.audit, this.sessions, throttle, new Set(servicesOf(hub).map((s) => s.id)), this.now);
    this.firstRun = new FirstRun(db, this.accounts, this.sessions, throttle, this.audit, this.now, logger);
    this.signInFlow = new SignInFlow(db, this.accounts, this.sessions, throttle, this.signInQueue, this.audit, this.now);
  }

  // ---- first run ------------------------------------------------------------------------------

  needsSetup(): boolean {
    return this.firstRun.needsSetup();
  }

  issueSetupToken(): { token: string; expiresAt: string } | null {
    return this.firstRun.issueSetupToken();
  }

  setup(body: z.infer<typeof setupRequest>, address: string): Promise<SignedIn> {
    return this.firstRun.setup(body, address);
  }

  // ---- sign-in and sessions -------------------------------------------------------------------

  signIn(body: z.infer<typeof loginRequest>, address: string): Promise<SignedIn> {
    return this.signInFlow.signIn(body, address);
  }

  check(sessionId: string | undefined): SessionCheck {
    return this.sessions.check(sessionId);
  }

  peek(idHash: string): SessionCheck {
    return this.sessions.peek(idHash);
  }

  touch(session: Session): void {
    this.sessions.touch(session);
  }

  reply(session: Session): SessionReply {
    return this.sessions.reply(session);
  }

  signOut(session: Session): void {
    this.sessions.signOut(session);
  }

  signOutEverywhere(session: Session): number {
    return this.sessions.signOutEverywhere(session);
  }

  onSessionsEnded(listener: (idHashes: string[], reason: SessionEndReason) => void): () => void {
    return this.sessions.onEnded(listener);
  }

  // ---- staff accounts -------------------------------------------------------------------------

  listStaff(): StaffAccountView[] {
    return this.accounts.list();
  }

  createStaff(actor: StaffView, body: z.infer<typeof createStaffRequest>): Promise<StaffAccountView> {
    return this.accounts.create(actor, body);
  }

  setDisabled(actor: StaffView, staffId: string, disabled: boolean): StaffAccountView {
    return this.accounts.setDisabled(actor, staffId, disabled);
  }

  unlock(actor: StaffView, staffId: string): StaffAccountView {
    return this.accounts.unlock(actor, staffId);
  }

  resetSecret(actor: StaffView, staffId: string, body: z.infer<typeof resetSecretRequest>): Promise<StaffAccountView> {
    return this.accounts.resetSecret(actor, staffId, body);
  }
}
