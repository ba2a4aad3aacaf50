import { createContext, useContext } from 'react';
import type { SessionReply, StaffRole } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { ApiRequestError, call, setCsrfToken } from '../api/client';
import { staffT, translatedTable } from './staff-language';

/** Which staff face a screen is; each has the roles that may use it. */
export type StaffFace = 'reception' | 'partner' | 'manager' | 'display';

export const faceRoles: Record<StaffFace, readonly StaffRole[]> = {
  reception: ['reception', 'manager', 'admin'],
  partner: ['partner', 'reception', 'manager', 'admin'],
  manager: ['manager', 'admin'],
  display: ['reception', 'partner', 'manager', 'admin'],
};

const staffFaces = ['reception', 'partner', 'manager', 'display'] as const;
type SessionEndReason = 'signed-out' | 'idle' | 'expired' | 'disabled';

export const faceTitle = translatedTable<StaffFace>(staffFaces, (face) => staffT(`face.${face}`));

export type StaffContextValue = {
  /** The signed-in member of staff; null on a hub whose accounts are not switched on. */
  session: SessionReply | null;
  signOut: (everywhere?: boolean) => Promise<void>;
  /** The hub ended the session (live `signed-out`): back to sign-in, saying why. */
  sessionEnded: (reason: 'signed-out' | 'idle' | 'expired' | 'disabled') => void;
};

export const StaffContext = createContext<StaffContextValue>({ session: null, signOut: async () => {}, sessionEnded: () => {} });

/** May this member of staff use reception's own actions (cancel, undo a no-show, move up, reprint, search)? */
export function isReceptionRole(session: SessionReply | null): boolean {
  return session === null || session.staff.role !== 'partner';
}

export const sessionEndedText = translatedTable<SessionEndReason>(['signed-out', 'idle', 'expired', 'disabled'], (reason) => staffT(`sessionEnded.${reason}`));

/**
 * True when the hub answered "there is no such route" (its not-found handler names no field), as
 * opposed to "that ticket does not exist" (which names the field).
 */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404 && error.code === 'NOT_FOUND' && error.field === undefined;
}

export function useStaff(): StaffContextValue {
  return useContext(StaffContext);
}

export type SessionCheck =
  | { kind: 'signed-in'; session: SessionReply }
  | { kind: 'signed-out' }
  /** The hub answers no auth routes: it predates accounts (build against the contract meanwhile). */
  | { kind: 'no-accounts' }
  | { kind: 'unreachable'; message: string };

/** Asks the hub who this browser's session belongs to (the cookie goes with the request). */
export async function checkSession(): Promise<SessionCheck> {
  try {
    const session = await call(endpoints.me, {});
    setCsrfToken(session.csrfToken);
    return { kind: 'signed-in', session };
  } catch (error) {
    if (isMissingRoute(error)) return { kind: 'no-accounts' };
    if (error instanceof ApiRequestError && (error.status === 401 || error.status === 403)) return { kind: 'signed-out' };
    return { kind: 'unreachable', message: error instanceof Error ? error.message : staffT('gate.noAnswer') };
  }
}

export async function signIn(body: { username: string; password: string } | { username: string; pin: string }): Promise<SessionReply> {
  const reply = await call(endpoints.login, { body });
  setCsrfToken(reply.csrfToken);
  return reply;
}

export async function signOutOnHub(everywhere: boolean): Promise<void> {
  try {
    await (everywhere ? call(endpoints.logoutEverywhere, { body: {} }) : call(endpoints.logout, { body: {} }));
  } finally {
    setCsrfToken(null);
  }
}
