import { z } from 'zod';

/**
 * Staff accounts, sessions and roles. Sessions live in an HttpOnly, SameSite=Strict cookie
 * (Secure over HTTPS); every state-changing request also carries the session's CSRF token in the
 * `x-csrf-token` header.
 */

export const staffRoles = ['reception', 'partner', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Which roles each role may create, enable, disable, unlock and reset. */
export const manageableBy: Record<StaffRole, readonly StaffRole[]> = {
  admin: ['reception', 'partner', 'manager', 'admin'],
  manager: ['reception', 'partner'],
  reception: [],
  partner: [],
};
/** Roles that may sign in with a PIN on a shared PC; managers and admins always use a password. */
export const pinRoles: readonly StaffRole[] = ['reception', 'partner'];

export const csrfHeader = 'x-csrf-token';
/** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
export const sessionCookie = 'fd_session';
export const signInMethods = ['password', 'pin'] as const;
export type SignInMethod = (typeof signInMethods)[number];

export const staffView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(staffRoles),
  /** Services a partner account acts for; empty for other roles. */
  services: z.array(z.string()),
});
export type StaffView = z.infer<typeof staffView>;

export const loginRequest = z.union([
  z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
  /** A shared reception PC: pick your name, type your PIN. */
  z.object({ username: z.string().trim().min(1).max(64), pin: z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits') }),
]);

export const sessionReply = z.object({
  staff: staffView,
  csrfToken: z.string(),
  /** Minutes of inactivity before the session ends (shorter on shared PCs). */
  idleTimeoutMinutes: z.number().int(),
  /** How this session signed in: a PIN session is for a shared PC and idles out sooner. */
  signedInWith: z.enum(signInMethods).optional(),
  /** When the session ends at the latest, however active. */
  expiresAt: z.string().optional(),
});
export type SessionReply = z.infer<typeof sessionReply>;

/** First run: the hub prints a one-time setup token at start; it creates the first admin. */
export const setupRequest = z.object({
  token: z.string().min(16).max(128),
  username: z.string().trim().regex(/^[a-z0-9._-]{3,32}$/, '3 to 32 lower-case letters, digits, dots, dashes or underscores'),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(12, 'at least 12 characters').max(256),
});

export const createStaffRequest = z.object({
  username: setupRequest.shape.username,
  displayName: setupRequest.shape.displayName,
  role: z.enum(staffRoles),
  services: z.array(z.string()).default([]),
  password: setupRequest.shape.password.optional(),
  pin: z.string().regex(/^\d{4,8}$/).optional(),
});
export type CreateStaffRequest = z.input<typeof createStaffRequest>;

/** A manager's or admin's reset of a colleague's password or PIN (the other one, if any, is kept). */
export const resetSecretRequest = z.union([
  z.object({ password: setupRequest.shape.password }),
  z.object({ pin: z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits') }),
]);
export type ResetSecretRequest = z.input<typeof resetSecretRequest>;

export const setupStatusReply = z.object({ needed: z.boolean() });

/** A staff account as managers see it in the staff list. */
export const staffAccountView = staffView.extend({
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  hasPassword: z.boolean(),
  hasPin: z.boolean(),
  /**
   * While wrong tries make some address wait before trying this account again: until when (the
   * latest of those waits) and from which addresses. A manager's unlock ends them.
   */
  throttledUntil: z.string().nullable(),
  throttledFrom: z.array(z.string()),
});
export type StaffAccountView = z.infer<typeof staffAccountView>;
export const staffListReply = z.object({ staff: z.array(staffAccountView) });
export const staffReply = z.object({ staff: staffAccountView });

/** GET /api/audit: newest first; from/to are ISO instants (to is exclusive). */
export const auditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  staffId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const auditEntryView = z.object({
  id: z.number().int(),
  at: z.string(),
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;
export const auditPage = z.object({
  entries: z.array(auditEntryView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditPage = z.infer<typeof auditPage>;

/** A wait in words, for messages: "45 seconds", "1 minute", "2 minutes and 30 seconds", "1 hour and 5 minutes". */
export function waitInWords(seconds: number): string {
  const total = Math.max(1, Math.ceil(seconds));
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const both = (a: string, b: string | null) => (b ? `${a} and ${b}` : a);
  if (total < 60) return count(total, 'second');
  if (total < 3600) return both(count(Math.floor(total / 60), 'minute'), total % 60 ? count(total % 60, 'second') : null);
  const minutes = Math.ceil((total % 3600) / 60);
  const hours = Math.floor(total / 3600) + (minutes === 60 ? 1 : 0);
  return both(count(hours, 'hour'), minutes % 60 ? count(minutes % 60, 'minute') : null);
}
