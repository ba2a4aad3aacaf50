import type { StaffAccountView, StaffRole, StaffView } from '../../src-shared/api/auth-contract';
import type { AccountWait } from './sign-in-throttle';

/** A row of the staff table. */
export type StaffRow = {
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

function parseServices(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function staffViewOf(row: Pick<StaffRow, 'id' | 'username' | 'display_name' | 'role' | 'services'>): StaffView {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, services: row.role === 'partner' ? parseServices(row.services) : [] };
}

/** An account as managers see it: never a hash, and whether some address must wait to try it again. */
export function accountViewOf(row: StaffRow, wait: AccountWait | undefined): StaffAccountView {
  return {
    ...staffViewOf(row),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    hasPassword: row.password_hash !== null,
    hasPin: row.pin_hash !== null,
    throttledUntil: wait?.until ?? null,
    throttledFrom: wait?.addresses ?? [],
  };
}
