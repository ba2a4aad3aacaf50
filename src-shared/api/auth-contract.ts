import { z } from 'zod';

/**
 * Staff accounts, sessions and roles. Sessions live in an HttpOnly, SameSite=Strict cookie
 * (Secure over HTTPS); every state-changing request also carries the session's CSRF token in the
 * `x-csrf-token` header.
 */

export const staffRoles = ['reception', 'partner', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

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

export const setupStatusReply = z.object({ needed: z.boolean() });

/** A staff account as managers see it in the staff list. */
export const staffAccountView = staffView.extend({
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  hasPassword: z.boolean(),
  hasPin: z.boolean(),
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
