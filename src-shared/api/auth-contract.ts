import { z } from 'zod';

/**
 * Staff accounts, sessions and roles. Sessions live in an HttpOnly, SameSite=Strict cookie
 * (Secure over HTTPS); every state-changing request also carries the session's CSRF token in the
 * `x-csrf-token` header.
 */

export const staffRoles = ['reception', 'partner', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const csrfHeader = 'x-csrf-token';

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

export const authRoutes = {
  setupStatus: '/api/auth/setup',
  setup: '/api/auth/setup',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  logoutEverywhere: '/api/auth/logout-everywhere',
  me: '/api/auth/me',
  staff: '/api/staff',
  audit: '/api/audit',
} as const;
